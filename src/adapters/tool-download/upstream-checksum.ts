import { UserError } from '../../core/user-error.js';
import type { Asset } from '../../core/tools/catalog.js';
import {
  parseGithubDigest,
  parsePerAssetChecksum,
  parseSha256Sums,
  parseYqChecksums,
} from '../../core/tools/checksums.js';
import { mirrorUrl } from '../../core/tools/mirror.js';
import type { GithubReleases } from './github-releases.js';
import { describeError } from '../../core/http-error.js';
import type { Http } from './http.js';

export interface ExpectedHash {
  /** Undefined only for tools that publish no hash (gcloud) and have no lock-file pin. */
  sha256: string | undefined;
  /** Where it came from, for the summary: `task_checksums.txt`, `GitHub asset digest`, `lock file`, `none`. */
  source: string;
}

export interface ChecksumDeps {
  /** Only small text GETs (checksum and channel files). */
  http: Pick<Http, 'text'>;
  github: GithubReleases;
  mirror: string | undefined;
}

/** The upstream sha256 for an asset, from whichever file or API the tool publishes it in. */
export async function upstreamSha256(asset: Asset, deps: ChecksumDeps): Promise<ExpectedHash> {
  const c = asset.checksum;
  const label = `${asset.tool} ${asset.version}`;
  const fetchFile = async (url: string) => {
    const mirrored = mirrorUrl(url, deps.mirror);
    let body: string | undefined;
    try {
      body = await deps.http.text(mirrored);
    } catch (error) {
      throw new UserError(
        `Checksum file for ${label} could not be fetched from ${mirrored}: ${describeError(error)}.`,
        {
          fix: 'retry; if the mirror is in use, check that it serves the checksum files too',
          title: 'Checksum file missing',
        },
      );
    }
    if (body === undefined) {
      throw new UserError(`Checksum file for ${label} is missing: ${mirrored} (HTTP 404).`, {
        fix: 'the release may be incomplete or the mirror may lack the checksum file; nothing was installed',
        title: 'Checksum file missing',
      });
    }
    return { body, mirrored };
  };
  const lacks = (url: string) =>
    new UserError(`Checksum file ${url} has no sha256 for ${asset.assetName} (${label}).`, {
      fix: 'the release may be incomplete or re-packaged; nothing was installed. Pin another version or report it upstream',
      title: 'Checksum missing for asset',
    });

  switch (c.kind) {
    case 'none':
      return { sha256: undefined, source: 'none' };
    case 'combined':
    case 'per-asset': {
      const { body, mirrored } = await fetchFile(c.url);
      const sha256 =
        c.kind === 'combined' ? parseSha256Sums(body, c.assetName) : parsePerAssetChecksum(body, c.assetName);
      if (!sha256) throw lacks(mirrored);
      return { sha256, source: c.url.slice(c.url.lastIndexOf('/') + 1) };
    }
    case 'yq': {
      const [sums, order] = await Promise.all([fetchFile(c.url), fetchFile(c.orderUrl)]);
      const sha256 = parseYqChecksums(sums.body, order.body, c.assetName);
      if (!sha256) throw lacks(sums.mirrored);
      return { sha256, source: 'checksums + checksums_hashes_order' };
    }
    case 'github-digest': {
      const release = await deps.github.releaseByTag(c.repo, c.tag);
      if (!release) {
        throw new UserError(
          `${label}: no published release ${c.tag} of ${c.repo}, so its asset digest is unknown.`,
          {
            fix: 'check the version exists (drafts are not published yet), or pin the sha256 in a lock file',
            title: 'Checksum missing for asset',
          },
        );
      }
      const sha256 = parseGithubDigest(release.assets.find((a) => a.name === c.assetName)?.digest);
      if (!sha256) {
        throw new UserError(
          `${label}: the GitHub release ${c.repo} ${c.tag} gives no sha256 digest for ${c.assetName}.`,
          {
            fix: "releases before June 2025 carry no digests: pin the sha256 with 'talos-fleet tools lock' after checking it yourself",
            title: 'Checksum missing for asset',
          },
        );
      }
      return { sha256, source: 'GitHub asset digest' };
    }
  }
}
