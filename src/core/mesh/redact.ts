/**
 * Tool output made safe to show: every known secret (the CA key, kubeconfig credentials) replaced,
 * terminal colour codes removed, each line quoted with `| ` so none can start a workflow command
 * (`::`), and only the last `maxLines` kept.
 */
export function redactOutput(text: string, secrets: readonly string[], maxLines = 60): string {
  // eslint-disable-next-line no-control-regex -- terminal colour codes start with ESC
  let out = text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
  for (const s of [...secrets].filter((x) => x.length >= 8).sort((a, b) => b.length - a.length))
    out = out.split(s).join('[redacted]');
  out = out.replace(
    /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
    '[redacted]',
  );
  const lines = out.replace(/\s+$/, '').split(/\r?\n/);
  const kept =
    lines.length > maxLines
      ? [`… ${lines.length - maxLines} earlier lines left out`, ...lines.slice(-maxLines)]
      : lines;
  return kept.map((l) => `| ${l}`).join('\n');
}

/** The last non-empty line of a tool's output, for one-line reasons. */
export function lastLine(text: string, secrets: readonly string[]): string {
  const lines = redactOutput(text, secrets, 5)
    .split('\n')
    .map((l) => l.replace(/^\| /, '').trim())
    .filter((l) => l !== '' && !l.startsWith('…'));
  return (lines.at(-1) ?? '').slice(0, 300);
}
