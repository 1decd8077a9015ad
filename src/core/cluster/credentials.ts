import { parse } from 'yaml';
import { stripSecrets } from '../status/secrets.js';
import { UserError } from '../user-error.js';

/**
 * The secret strings inside the files the cluster flow handles, so each is masked the moment the
 * file is read: kubeconfig users (token, client-key-data, client-certificate-data, password),
 * talosconfig contexts (ca, crt, key) and a Google credentials file (private_key and its id, or
 * an external_account's subject-token headers).
 */

const SECRET_FIELDS = new Set([
  'token',
  'client-key-data',
  'client-certificate-data',
  'password',
  'key',
  'crt',
  'private_key',
  'private_key_id',
  'refresh_token',
  'client_secret',
]);

function collect(value: unknown, into: Set<string>, key = ''): void {
  if (typeof value === 'string') {
    if (SECRET_FIELDS.has(key) && value.length >= 4) {
      into.add(value);
      // base64 fields are masked decoded too: a tool may print the PEM.
      if (/data$|^crt$|^key$/.test(key)) {
        const decoded = Buffer.from(value, 'base64').toString('utf8');
        if (decoded.includes('-----BEGIN')) into.add(decoded);
      }
    }
    return;
  }
  if (Array.isArray(value)) for (const v of value) collect(v, into, key);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) collect(v, into, k === 'Authorization' ? 'token' : k);
}

/** Secret strings in a kubeconfig, talosconfig (YAML) or Google credentials file (JSON). */
export function secretsIn(text: string): string[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return [];
  }
  const found = new Set<string>();
  collect(doc, found);
  return [...found];
}

/** The `server` of a kubeconfig's current context, for messages. */
export function kubeconfigServer(text: string): string | undefined {
  try {
    const doc = parse(text) as {
      'current-context'?: string;
      contexts?: { name: string; context?: { cluster?: string } }[];
      clusters?: { name: string; cluster?: { server?: string } }[];
    };
    const ctx = doc.contexts?.find((c) => c.name === doc['current-context']) ?? doc.contexts?.[0];
    const cluster = doc.clusters?.find((c) => c.name === ctx?.context?.cluster) ?? doc.clusters?.[0];
    return cluster?.cluster?.server;
  } catch {
    return undefined;
  }
}

/** Checks a kubeconfig given as input text before any call: it must parse and name a server. */
export function checkKubeconfig(text: string, input: string): void {
  if (kubeconfigServer(text) === undefined)
    throw new UserError(`input '${input}' is not a kubeconfig with a cluster server`, {
      fix: `pass the kubeconfig file's content (e.g. \${{ secrets.MANAGEMENT_KUBECONFIG }}), not its path`,
      title: `Invalid input '${input}'`,
    });
}

/** A Google credentials file CAPG can use: a service-account key or an external_account (WIF) file. */
export function checkGoogleCredentials(text: string, path: string): { type: string } {
  let json: { type?: unknown };
  try {
    json = JSON.parse(text) as { type?: unknown };
  } catch {
    throw new UserError(`the credentials file ${path} is not JSON`, {
      fix: "set 'gcp-credentials' to a service-account key or the credentials_file_path output of google-github-actions/auth",
      title: "Invalid input 'gcp-credentials'",
    });
  }
  // cluster-api-provider-gcp cloud/scope/clients.go accepts these types (v1.12.0).
  const types = ['service_account', 'external_account', 'impersonated_service_account'];
  if (typeof json.type !== 'string' || !types.includes(json.type))
    throw new UserError(
      `the credentials file ${path} has type ${typeof json.type === 'string' ? `'${json.type}'` : 'none'}; CAPG accepts ${types.join(', ')}`,
      {
        fix: "use a service-account key or google-github-actions/auth's credentials file (not an authorized_user file from gcloud auth login)",
        title: "Invalid input 'gcp-credentials'",
      },
    );
  return { type: json.type };
}

/**
 * Text safe to log, post or upload: every known secret replaced, then the status document's
 * patterns (PEM keys, tokens, kubeconfig credential lines) as a second net.
 */
export function redact(text: string, known: readonly string[]): string {
  let out = text;
  for (const secret of [...known].sort((a, b) => b.length - a.length))
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return stripSecrets(out).value as string;
}
