import { textTable } from '../../core/text-table.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Http } from '../../adapters/tool-download/http.js';
import { hostPlatform, readVersionsFile } from '../../adapters/tool-download/tool-files.js';
import { isUserError, UserError } from '../../core/user-error.js';
import { assetFor, TOOL_NAMES, TOOLS, type ToolName } from '../../core/tools/catalog.js';
import { DEFAULT_LOCK_FILE, type LockFile, renderLockFile } from '../../core/tools/lock-file.js';
import { mirrorUrl, parseMirrorUrl } from '../../core/tools/mirror.js';
import { parsePlatform, platformKey, SUPPORTED_PLATFORMS } from '../../core/tools/platform.js';
import { planRequests } from '../../core/tools/requests.js';
import { splitList } from '../../core/input-parsers.js';
import { type CliIo, type Command, parseCommandArgs } from '../command.js';

const help = `Usage: talos-fleet tools list
       talos-fleet tools lock [--tools LIST] [--versions-file FILE] [--platforms LIST] [--mirror-url URL] [--out FILE]

list   Print every tool the setup action installs, its pinned version, and how it is verified.
lock   Resolve versions and write a lock file (default ${DEFAULT_LOCK_FILE}) with, for each tool and
       platform, the exact version, the asset URL and its sha256, taken from the upstream checksum
       file or GitHub asset digest. gcloud publishes no checksum, so its archives are downloaded and
       hashed (check them before you commit the lock). Pass the file to the setup action as lock-file.

Options:
  --tools LIST          names or name@version, comma-separated (default: every tool at its pin)
  --versions-file FILE  .tool-versions or the toolkit pin file, as in the action
  --platforms LIST      os/arch pairs (default: all six: linux, darwin, windows x amd64, arm64)
  --mirror-url URL      fetch through <mirror>/<host>/<path>, as in the action
  --out FILE            where to write the lock file

GitHub lookups use GITHUB_TOKEN (or GH_TOKEN) and GITHUB_API_URL from the environment.
`;

function list(io: CliIo): number {
  const here = hostPlatform(io.env);
  const rows = TOOL_NAMES.map((name) => {
    const a = assetFor(name, TOOLS[name].pinned, here);
    const verified =
      a.checksum.kind === 'none'
        ? 'lock-file pin only'
        : a.checksum.kind === 'github-digest'
          ? 'GitHub asset digest'
          : a.checksum.url.slice(a.checksum.url.lastIndexOf('/') + 1);
    return [name, TOOLS[name].pinned, verified, a.url];
  });
  const headers = ['tool', 'pinned', 'verified by', `asset (${platformKey(here)})`];
  io.stdout.write(`${textTable({ headers, rows })}\n`);
  return 0;
}

async function lock(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('tools', args, {
    tools: { type: 'string' },
    'versions-file': { type: 'string' },
    platforms: { type: 'string' },
    'mirror-url': { type: 'string' },
    out: { type: 'string' },
  });
  const resolvePath = (p: string) => (isAbsolute(p) ? p : join(io.cwd, p));
  const mirror = parseMirrorUrl(values['mirror-url']);
  if (mirror?.startsWith('http:'))
    throw new UserError(
      `--mirror-url: ${mirror} is plain http; a lock file written through it would pin whatever it served, tampered or not.`,
      {
        fix: 'write the lock through an https mirror or straight from upstream (no --mirror-url); setup can then use the plain-http mirror with that lock file',
      },
    );
  const platforms = values.platforms
    ? collectErrors(
        splitList(values.platforms).map((p) => () => parsePlatform(p, '--platforms')),
        'invalid --platforms',
      )
    : [...SUPPORTED_PLATFORMS];
  const given = values['versions-file'];
  const versionsFile = given
    ? await readVersionsFile(given, resolvePath(given), '--versions-file')
    : undefined;
  const requests = planRequests({
    tools: splitList(values.tools ?? ''),
    ...(versionsFile ? { versionsFile } : {}),
  });

  const [{ createDownloadClients }, { resolveVersion }, { upstreamSha256 }] = await Promise.all([
    import('../../adapters/tool-download/download-clients.js'),
    import('../../adapters/tool-download/resolver.js'),
    import('../../adapters/tool-download/upstream-checksum.js'),
  ]);
  const { http, github } = createDownloadClients(io.env, io.env.GITHUB_TOKEN ?? io.env.GH_TOKEN, (m) =>
    io.stderr.write(`retry: ${m}\n`),
  );
  // task's, talosctl's and yq's checksum files cover every platform: fetch each once, not per platform.
  const texts = new Map<string, Promise<string | undefined>>();
  const once = (url: string) => {
    let text = texts.get(url);
    if (!text) {
      text = http.text(url);
      texts.set(url, text);
    }
    return text;
  };
  const deps = { http: { text: once }, github, mirror };
  const out: LockFile = { lockfileVersion: 1, tools: {} };
  let settled: PromiseSettledResult<void>[];
  try {
    // Every tool is tried, so one run reports every failure (a bad version, a missing checksum).
    settled = await Promise.allSettled(
      requests.map(async (request) => {
        const { version } = await resolveVersion(request, deps);
        const assets: Record<string, { url: string; sha256: string; source: string }> = {};
        for (const p of platforms) {
          const asset = assetFor(request.tool, version, p);
          let { sha256, source } = await upstreamSha256(asset, deps);
          if (!sha256) {
            sha256 = await hashDownload(http, mirrorUrl(asset.url, mirror), request.tool, version);
            source = 'download (no upstream checksum)';
            io.stderr.write(
              `${request.tool} ${version} ${platformKey(p)}: hashed the download itself, ${sha256}\n`,
            );
          }
          assets[platformKey(p)] = { url: asset.url, sha256, source };
        }
        out.tools[request.tool] = { version, assets };
        io.stderr.write(`${request.tool} ${version}: ${platforms.length} platform(s) locked\n`);
      }),
    );
  } finally {
    http.dispose();
  }
  const failures = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  const bug = failures.find((e) => !isUserError(e));
  if (bug !== undefined) throw bug;
  const failed = UserError.combine(
    failures.filter(isUserError),
    `${failures.length} of ${requests.length} tools could not be locked; nothing was written:`,
    'tools lock',
  );
  if (failed) throw failed;
  const file = values.out ?? DEFAULT_LOCK_FILE;
  await writeFile(resolvePath(file), renderLockFile(out));
  io.stdout.write(`${file}: ${requests.length} tools, ${platforms.length} platform(s)\n`);
  return 0;
}

/** Runs every check; one UserError listing every problem, or the values when all pass. */
function collectErrors<T>(checks: readonly (() => T)[], heading: string): T[] {
  const values: T[] = [];
  const errors: UserError[] = [];
  for (const check of checks) {
    try {
      values.push(check());
    } catch (error) {
      if (!isUserError(error)) throw error;
      errors.push(error);
    }
  }
  const failed = UserError.combine(errors, `${heading}:`, 'tools lock');
  if (failed) throw failed;
  return values;
}

/** Hashes an asset without keeping it (gcloud: nothing upstream to compare with). */
async function hashDownload(http: Http, url: string, tool: ToolName, version: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'talos-fleet-lock-'));
  try {
    return (await http.download(url, join(dir, 'asset'))).sha256;
  } catch (error) {
    throw new UserError(`${tool} ${version}: could not download ${url} to hash it: ${String(error)}`, {
      fix: 'check the version and the mirror',
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const toolsCommand: Command = {
  help,
  run: async (args, io) => {
    const [sub, ...rest] = args;
    if (sub === 'list') return list(io);
    if (sub === 'lock') return lock(rest, io);
    throw new UserError(
      sub ? `unknown subcommand 'tools ${sub}'.` : "'talos-fleet tools' needs a subcommand.",
      {
        fix: "use 'talos-fleet tools list' or 'talos-fleet tools lock' (see --help)",
      },
    );
  },
};
