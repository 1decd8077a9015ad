/**
 * Reads a planning time given as unix seconds or an ISO 8601 date (`--now`, TALOS_FLEET_NOW, the
 * `now` input), so reproducible output is possible. Undefined when malformed.
 */
export function parseNow(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(trimmed)) return undefined;
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}
