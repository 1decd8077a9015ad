import { UserError } from '../../core/user-error.js';
import { TOOLS } from '../../core/tools/catalog.js';
import { mirrorUrl } from '../../core/tools/mirror.js';
import type { ToolRequest } from '../../core/tools/requests.js';
import {
  formatSpec,
  highestRelease,
  parseChannelVersion,
  parseGcloudComponentsVersion,
  resolutionStep,
  satisfies,
} from '../../core/tools/version-spec.js';
import type { GithubReleases } from './github-releases.js';
import { describeError } from '../../core/http-error.js';
import type { Http } from './http.js';

export interface ResolveDeps {
  /** Only small text GETs (checksum and channel files). */
  http: Pick<Http, 'text'>;
  github: GithubReleases;
  mirror: string | undefined;
}

export interface Resolved {
  version: string;
  /** How it was found, e.g. `exact`, `https://dl.k8s.io/release/stable.txt`, `GitHub releases of helm/helm`. */
  via: string;
}

/**
 * Turns a request into an exact version. `latest` and partial versions are looked up through the
 * tool's channel file or its GitHub releases; any failure is an error. There is deliberately no
 * fallback to a built-in version: a silent downgrade is how setup-kubectl and setup-helm hid
 * outages from their users.
 */
export async function resolveVersion(request: ToolRequest, deps: ResolveDeps): Promise<Resolved> {
  const { tool, spec } = request;
  if (spec.kind === 'exact') return { version: spec.version, via: 'exact' };
  const step = resolutionStep(tool, spec);
  const wanted = `${tool} ${formatSpec(spec)}`;
  const fail = (why: string, fix?: string) =>
    new UserError(
      `Could not resolve ${wanted} (from ${request.from}): ${why}. Not falling back to an older version.`,
      {
        fix: fix ?? `retry, or pin an exact version such as ${tool}@${TOOLS[tool].pinned}`,
        title: 'Version not resolved',
      },
    );

  switch (step.kind) {
    case 'fixed':
      return { version: step.version, via: `${tool} releases are always N.0.0` };
    case 'channel':
    case 'gcloud-components': {
      const url = mirrorUrl(step.url, deps.mirror);
      let body: string | undefined;
      try {
        body = await deps.http.text(url);
      } catch (error) {
        throw fail(`${url} failed: ${describeError(error)}`);
      }
      if (body === undefined) throw fail(`${url} was not found (HTTP 404)`);
      let version: string | undefined;
      if (step.kind === 'channel') version = parseChannelVersion(body);
      else {
        try {
          version = parseGcloudComponentsVersion(JSON.parse(body));
        } catch {
          version = undefined;
        }
      }
      if (!version) throw fail(`${url} holds no version`);
      if (!satisfies(version, spec))
        throw fail(`${url} names ${version}, which is not a ${formatSpec(spec)} release`);
      return { version, via: step.url };
    }
    case 'github-releases': {
      const releases = await deps.github.listReleases(step.repo);
      const version = highestRelease(releases, spec);
      if (!version) {
        throw fail(
          `no published, non-prerelease release of ${step.repo} matches ${formatSpec(spec)} (${releases.length} releases listed)`,
          `ask for a version that exists; see https://github.com/${step.repo}/releases`,
        );
      }
      return { version, via: `GitHub releases of ${step.repo}` };
    }
  }
}
