/**
 * Removes secrets from a status document before it is validated or rendered. Two nets:
 * - fields whose name says they hold credentials (kubeconfig, talosconfig, token, key, secret,
 *   password, credentials, …) are dropped wherever they appear;
 * - string values that look like a credential (a kubeconfig or talosconfig, a PEM private key, a
 *   GitHub or Google token, a JWT, a bearer header) are replaced by a placeholder, so a
 *   diagnostic that accidentally captured one is still safe to post.
 */

export const REDACTED = '[redacted]';

const SECRET_KEY =
  /kube_?config|talos_?config|token|secret|passw(or)?d|credential|private_?key|client_?key|ca_?key|service_?account_?key|api_?key|^key$|^keys$|cert_?key|bootstrap_?data|auth$|authorization/i;

/**
 * Every pattern runs in time linear in the text (V8's backtracking engine has no atomic groups or
 * possessive quantifiers, so the shapes below stand in for them). The rule: an unbounded run may
 * only be followed by something that cannot fail after it, or be made atomic with
 * `(?=(R+))\1` and start only where a run starts (`(?<![\w-])`), so a failed match is not
 * retried from every later position inside the same run. The old JWT pattern broke it: 400 KB
 * of `eyJ-` took 50 s, and doubling the text quadrupled the time. test/pr-status/schema.test.ts
 * runs each pattern against 1 MB of its worst input.
 */
const SECRET_VALUES: RegExp[] = [
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
  // The credential lines of a kubeconfig or talosconfig pasted into text (a whole-document
  // pattern would backtrack quadratically on large YAML dumps; these are linear).
  /\b(client-key-data|client-certificate-data|certificate-authority-data|token|key|crt|ca|password|secret)["']?\s*[:=]\s*["']?[A-Za-z0-9+/=._~-]{16,}/gi,
  /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g,
  /\bya29\.[A-Za-z0-9._-]{20,}/g,
  // A JWT: `eyJ` at a word start, then three dot-separated base64url segments of 8 or more. Tried
  // once per segment (the look-behind), with the header segment checked by a look-ahead and then
  // taken whole (atomic), so the segment's text before `eyJ` (e.g. `id-`) is redacted with it.
  /(?<![\w-])(?=(?:[\w-]*-)?eyJ[\w-]{8})(?=([\w-]+))\1\.(?=([\w-]{8,}))\2\.[\w-]{8,}/g,
  /\b(bearer|basic)\s+[A-Za-z0-9+/=._~-]{16,}/gi,
  /"private_key"\s*:\s*"[^"]*"/g,
];

export interface StripResult<T> {
  value: T;
  /** JSON paths of dropped fields and redacted values, for a log line (never the values). */
  removed: string[];
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * No pattern above matches fewer characters (the shortest is `"private_key":""`). Status documents
 * hold hundreds of thousands of short strings (mesh pairs grow with N²): skipping them makes the
 * parse of a 255-cluster fleet about 1.5× faster. Lower this when adding a pattern that matches
 * shorter text.
 */
const SHORTEST_SECRET_MATCH = 16;

function redactSecretText(text: string): { text: string; redacted: boolean } {
  if (text.length < SHORTEST_SECRET_MATCH) return { text, redacted: false };
  let out = text;
  for (const pattern of SECRET_VALUES) out = out.replace(pattern, REDACTED);
  return { text: out, redacted: out !== text };
}

/**
 * Bounds checked before any pattern runs, so an oversized status artifact from a fork costs
 * milliseconds, not the privileged job's time: the text before JSON.parse (`MAX_STATUS_CHARS`),
 * then every string (the schema's longest field, diagnostics, is 1,000,000), key and nesting
 * level. The schema bounds its own fields again afterwards; these only keep the work linear and
 * the walk off the stack limit.
 */
export const MAX_STATUS_CHARS = 16 * 1024 * 1024;
export const MAX_STRING_CHARS = 1_000_000;
const MAX_KEY_CHARS = 256;
const MAX_DEPTH = 32;

/** A status document over one of the bounds above: `path` names where, never the text. */
export class StatusBoundsError extends Error {
  override readonly name = 'StatusBoundsError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path || 'the document'} ${problem}`);
  }
}

/**
 * Deep copy of `input` (parsed JSON) without secret fields or secret-looking strings. Throws
 * StatusBoundsError, before redacting anything, when a string, key or nesting level is over its bound.
 */
export function stripSecrets(input: unknown): StripResult<unknown> {
  checkBounds(input);
  const removed: string[] = [];
  // Documents repeat a few keys many times (every mesh pair has from, to, state).
  const secretKeys = new Map<string, boolean>();
  const secretKey = (key: string): boolean => {
    let secret = secretKeys.get(key);
    if (secret === undefined) {
      secret = isSecretKey(key);
      secretKeys.set(key, secret);
    }
    return secret;
  };
  const walk = (value: unknown, path: string): unknown => {
    if (typeof value === 'string') {
      const { text, redacted } = redactSecretText(value);
      if (redacted) removed.push(path);
      return text;
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${path}[${i}]`));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(value)) {
        const child = path ? `${path}.${key}` : key;
        if (secretKey(key)) {
          removed.push(child);
          continue;
        }
        out[key] = walk(v, child);
      }
      return out;
    }
    return value;
  };
  return { value: walk(input, ''), removed };
}

function checkBounds(input: unknown): void {
  const visit = (value: unknown, path: () => string, depth: number): void => {
    if (typeof value === 'string') {
      if (value.length > MAX_STRING_CHARS)
        throw new StatusBoundsError(
          path(),
          `is ${value.length.toLocaleString('en-US')} characters long; a status document string holds at most ${MAX_STRING_CHARS.toLocaleString('en-US')}`,
        );
      return;
    }
    if (value === null || typeof value !== 'object') return;
    if (depth >= MAX_DEPTH)
      throw new StatusBoundsError(path(), `is nested more than ${MAX_DEPTH} levels deep`);
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        visit(v, () => `${path()}[${i}]`, depth + 1);
      });
      return;
    }
    for (const [key, v] of Object.entries(value)) {
      if (key.length > MAX_KEY_CHARS)
        throw new StatusBoundsError(
          path(),
          `has a key ${key.length.toLocaleString('en-US')} characters long; keys hold at most ${MAX_KEY_CHARS}`,
        );
      visit(v, () => (path() ? `${path()}.${key}` : key), depth + 1);
    }
  };
  visit(input, () => '', 0);
}

/** The removed paths for a log line: the first few, then how many more, so the line stays short. */
export function describeRemoved(removed: readonly string[], shown = 10): string {
  const head = removed.slice(0, shown).join(', ');
  return removed.length > shown ? `${head} and ${removed.length - shown} more` : head;
}
