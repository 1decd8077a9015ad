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

const SECRET_VALUES: RegExp[] = [
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
  // The credential lines of a kubeconfig or talosconfig pasted into text (a whole-document
  // pattern would backtrack quadratically on large YAML dumps; these are linear).
  /\b(client-key-data|client-certificate-data|certificate-authority-data|token|key|crt|ca|password|secret)["']?\s*[:=]\s*["']?[A-Za-z0-9+/=._~-]{16,}/gi,
  /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g,
  /\bya29\.[A-Za-z0-9._-]{20,}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
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

/** Deep copy of `input` (parsed JSON) without secret fields or secret-looking strings. */
export function stripSecrets(input: unknown): StripResult<unknown> {
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
