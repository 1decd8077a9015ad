/** Parsers for every checksum format the tools publish. Each returns a lowercase sha256 hex, or undefined. */

const SHA256 = /^[0-9a-fA-F]{64}$/;

function normalise(hash: string | undefined): string | undefined {
  return hash && SHA256.test(hash) ? hash.toLowerCase() : undefined;
}

/**
 * `hash  filename` lines as written by sha256sum (two spaces, or ` *` in binary mode), possibly
 * with a `./` or directory prefix: goreleaser's combined file (task), talos' sha256sum.txt, and
 * the per-asset `.sha256sum` files of helm, cilium and kind.
 */
export function parseSha256Sums(body: string, assetName: string): string | undefined {
  for (const line of body.split(/\r?\n/)) {
    const m = /^([0-9a-fA-F]{64})\s+\*?(\S.*)$/.exec(line.trim());
    if (!m) continue;
    const file = (m[2] ?? '').trim();
    const base = file.slice(file.lastIndexOf('/') + 1);
    if (base === assetName) return normalise(m[1]);
  }
  return undefined;
}

/** A file holding only the hash (kubectl's `.sha256`), or `hash  filename` for that one asset. */
export function parsePerAssetChecksum(body: string, assetName: string): string | undefined {
  const fields = body.trim().split(/\s+/);
  return (fields.length === 1 ? normalise(fields[0]) : undefined) ?? parseSha256Sums(body, assetName);
}

/**
 * yq's `checksums`: rows `filename  h1 h2 …` with one column per rhash algorithm, in the order of
 * `checksums_hashes_order` (one algorithm name per line). The order is read, not assumed.
 */
export function parseYqChecksums(body: string, order: string, assetName: string): string | undefined {
  const algorithms = order
    .split(/\r?\n/)
    .map((l) =>
      l
        .trim()
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, ''),
    )
    .filter(Boolean);
  const column = algorithms.indexOf('SHA256');
  if (column < 0) return undefined;
  for (const line of body.split(/\r?\n/)) {
    const [file, ...hashes] = line.trim().split(/\s+/);
    if (file === assetName) return normalise(hashes[column]);
  }
  return undefined;
}

/** The GitHub releases API's `assets[].digest`, `sha256:<hex>`. */
export function parseGithubDigest(digest: string | null | undefined): string | undefined {
  const m = /^sha256:([0-9a-fA-F]{64})$/.exec(digest ?? '');
  return normalise(m?.[1]);
}

export function isSha256(text: string): boolean {
  return SHA256.test(text);
}
