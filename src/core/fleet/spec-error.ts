/** One problem in a fleet spec, located by its path in the spec (`clusters[1].podCidr`). */
export interface SpecError {
  /** Path below `spec:` (`clusters[1].podCidr`), or from the root for `metadata.name`, `apiVersion`. */
  path: string;
  message: string;
  /** 1-based line in the YAML file, when known. */
  line?: number;
}

/**
 * `clusters[1].podCidr 10.1.0.0/16 overlaps clusters[0].podCidr 10.0.0.0/8 (line 14)`. A message
 * that starts with a quoted or numeric value reads as a sentence after the path; others get a colon.
 */
export function formatSpecError(error: SpecError): string {
  const where = error.line === undefined ? '' : ` (line ${error.line})`;
  if (!error.path) return `${error.message}${where}`;
  const sentence = /^([0-9'"]|overlaps|duplicates|is |must |needs |makes )/.test(error.message);
  return `${error.path}${sentence ? ' ' : ': '}${error.message}${where}`;
}

/**
 * A value quoted in a message, cut to `max` characters with its length said: a 5 MB value is
 * not echoed back whole.
 */
export function quoteValue(value: string, max = 64): string {
  if (value.length <= max) return `'${value}'`;
  return `'${value.slice(0, max)}…' (${value.length.toLocaleString('en-US')} characters)`;
}
