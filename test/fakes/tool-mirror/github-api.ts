import { FakeServer, githubPage, sendJson } from '../http/fake-server.js';

/**
 * The slice of the GitHub REST API setup uses: list releases (paginated with Link headers, drafts
 * and prereleases included, newest first as GitHub lists them) and get a release by tag (drafts
 * are invisible there, as on GitHub), with `assets[].digest` = `sha256:<hex>`.
 */

export interface FakeAsset {
  name: string;
  digest: string | null;
  size: number;
}
export interface FakeRelease {
  tag_name: string;
  draft: boolean;
  prerelease: boolean;
  assets: FakeAsset[];
}

export class GithubApiFake extends FakeServer {
  private readonly releases = new Map<string, FakeRelease[]>();
  /** Where the `Link` header's page URLs point; default this server. A hostile API points them elsewhere. */
  linkBase: string | undefined;
  private nextId = 1;

  constructor() {
    super();
    this.route('GET', '/repos/:owner/:repo/releases', (req, res) => {
      const list = [...(this.releases.get(`${req.params.owner}/${req.params.repo}`) ?? [])].reverse();
      const perPage = Math.min(100, Number(req.url.searchParams.get('per_page') ?? 30));
      const page = Math.max(1, Number(req.url.searchParams.get('page') ?? 1));
      const { slice, headers } = githubPage(this.linkBase ?? this.url, req.path, list, { perPage, page });
      sendJson(
        res,
        200,
        slice.map((r) => this.render(r)),
        headers,
      );
    });
    this.route('GET', '/repos/:owner/:repo/releases/tags/:tag', (req, res) => {
      const hit = (this.releases.get(`${req.params.owner}/${req.params.repo}`) ?? []).find(
        (r) => r.tag_name === req.params.tag && !r.draft,
      );
      if (!hit) {
        sendJson(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
        return;
      }
      sendJson(res, 200, this.render(hit));
    });
  }

  /** Adds (or returns) a release; later releases are listed first. */
  release(repo: string, tag: string, options: { draft?: boolean; prerelease?: boolean } = {}): FakeRelease {
    const list = this.releases.get(repo) ?? [];
    this.releases.set(repo, list);
    let r = list.find((x) => x.tag_name === tag);
    if (!r) {
      r = {
        tag_name: tag,
        draft: options.draft ?? false,
        prerelease: options.prerelease ?? false,
        assets: [],
      };
      list.push(r);
    }
    return r;
  }

  addAsset(repo: string, tag: string, asset: FakeAsset): void {
    const r = this.release(repo, tag);
    r.assets = [...r.assets.filter((a) => a.name !== asset.name), asset];
  }

  private render(r: FakeRelease) {
    const id = this.nextId++;
    return {
      id,
      tag_name: r.tag_name,
      name: r.tag_name,
      draft: r.draft,
      prerelease: r.prerelease,
      created_at: '2026-11-01T00:00:00Z',
      assets: r.assets.map((a, i) => ({
        id: id * 1000 + i,
        name: a.name,
        size: a.size,
        digest: a.digest,
        content_type: 'application/octet-stream',
        state: 'uploaded',
      })),
    };
  }
}
