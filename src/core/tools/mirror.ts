import { UserError } from '../user-error.js';

/**
 * With a mirror, every request goes to `<mirror>/<original host>/<original path and query>`:
 * `https://dl.k8s.io/release/v1.34.1/bin/linux/amd64/kubectl` becomes
 * `https://mirror.example/dl.k8s.io/release/v1.34.1/bin/linux/amd64/kubectl`. A mirror with a
 * path (Artifactory `…/artifactory/tools`) keeps it.
 */
export function mirrorUrl(original: string, mirror: string | undefined): string {
  if (!mirror) return original;
  const u = new URL(original);
  return `${mirror.replace(/\/+$/, '')}/${u.host}${u.pathname}${u.search}`;
}

/** Validates the mirror-url input: an absolute http(s) URL without a query or fragment. */
export function parseMirrorUrl(text: string | undefined): string | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    throw new UserError(`input 'mirror-url': '${text}' is not a URL.`, {
      fix: 'give the mirror base, e.g. https://artifactory.example/tools (requests go to <mirror-url>/<host>/<path>)',
      title: 'Invalid input',
    });
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.search || u.hash || u.username || u.password) {
    throw new UserError(
      `input 'mirror-url': '${u.protocol}//${u.host}${u.pathname}' must be an http(s) URL with no query, fragment or credentials.`,
      {
        fix: 'give the mirror base only; put credentials in the runner proxy settings, not in the URL',
        title: 'Invalid input',
      },
    );
  }
  return `${u.origin}${u.pathname}`.replace(/\/+$/, '');
}
