import { randomUUID } from 'node:crypto';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tc from '@actions/tool-cache';
import { UserError } from '../../core/user-error.js';
import { assetFor, type Asset, TOOLS, type ToolName } from '../../core/tools/catalog.js';
import type { LockFile } from '../../core/tools/lock-file.js';
import { lockedAssetFor } from '../../core/tools/lock-file.js';
import { mirrorUrl } from '../../core/tools/mirror.js';
import { nodeArch, platformKey, type Platform } from '../../core/tools/platform.js';
import type { ToolRequest } from '../../core/tools/requests.js';
import { unverifiedRefusal } from '../../core/tools/verification.js';
import { formatSpec } from '../../core/tools/version-spec.js';
import type { GithubReleases } from './github-releases.js';
import { describeError, HttpStatusError } from '../../core/http-error.js';
import type { Http } from './http.js';
import { resolveVersion } from './resolver.js';
import { type ExpectedHash, upstreamSha256 } from './upstream-checksum.js';
import { checkReportedVersion } from './version-check.js';
import { installGcloudComponents } from './gcloud-components.js';
import { type InstallRecord, readInstallRecord, sha256File, writeInstallRecord } from './install-record.js';

export interface InstallContext {
  platform: Platform;
  mirror: string | undefined;
  http: Http;
  github: GithubReleases;
  lock: { file: LockFile; path: string } | undefined;
  /** false: never read or write the tool cache; install under tempDir for this job only. */
  cache: boolean;
  toolCacheDir: string;
  tempDir: string;
  gcloudComponents: readonly string[];
  /** Tools that may be installed without a hash to check (they publish none, and no lock pins them). */
  allowUnverified: readonly ToolName[];
  log: (tool: ToolName, message: string) => void;
  notice: (message: string, title: string) => void;
  warning: (message: string, title: string) => void;
  now: () => number;
}

export interface InstallResult {
  tool: ToolName;
  version: string;
  /** The directory put on PATH, and the executable. */
  binDir: string;
  binary: string;
  /** The URL downloaded (mirrored when a mirror is set); empty on a cache hit. */
  sourceUrl: string;
  verifiedBy: string;
  cacheHit: boolean;
  seconds: number;
}

/** Resolve, download, verify, check and cache one tool. Throws a UserError with nothing cached on any failure. */
export async function installTool(request: ToolRequest, ctx: InstallContext): Promise<InstallResult> {
  const started = ctx.now();
  const { tool } = request;
  const arch = nodeArch(ctx.platform.arch);
  const pin = ctx.lock ? lockedAssetFor(ctx.lock.file, tool, ctx.platform) : undefined;
  if (ctx.lock && !pin) {
    const version = request.spec.kind === 'exact' ? request.spec.version : formatSpec(request.spec);
    throw lockMismatch(tool, version, ctx, `it has no ${tool} asset for ${platformKey(ctx.platform)}`);
  }

  /** The lock pins the URL too: a catalog (or mirror) that now points elsewhere is a difference. */
  const checkPinnedUrl = (upstream: string, version: string) => {
    if (!pin) return;
    const want = mirrorUrl(pin.url, ctx.mirror);
    const have = mirrorUrl(upstream, ctx.mirror);
    if (want !== have)
      throw lockMismatch(
        tool,
        version,
        ctx,
        `it pins the asset URL ${want}, but this version downloads ${have}`,
      );
  };

  const fromCache = async (version: string): Promise<InstallResult | undefined> => {
    if (!ctx.cache) return undefined;
    const dir = tc.find(tool, version, arch);
    if (!dir) return undefined;
    const record = await readInstallRecord(dir);
    if (pin && record?.sha256 !== pin.sha256) {
      if (!record) return undefined; // cached by something else: reinstall and verify against the lock
      throw lockMismatch(
        tool,
        version,
        ctx,
        `the cached copy in ${dir} was installed from sha256 ${record.sha256}, the lock file pins ${pin.sha256}`,
      );
    }
    const asset = assetFor(tool, version, ctx.platform);
    checkPinnedUrl(asset.url, version);
    if (pin && record) {
      // The record alone proves nothing about the bytes beside it (a shared self-hosted tool
      // cache can be written by other jobs): re-hash the executable, which is small and local.
      // A raw download is the executable, so it must hash to the lock's pin; an unpacked archive
      // must hash to what this toolkit recorded when it unpacked the verified archive.
      const want = asset.archive === 'raw' ? pin.sha256 : record.binarySha256;
      if (want === undefined) return undefined; // recorded by an older release: reinstall and verify
      const have = await sha256File(join(dir, asset.binary)).catch(() => 'unreadable');
      if (have !== want)
        throw new UserError(
          `The cached ${tool} ${version} in ${dir} has changed since it was verified: ${asset.binary} has sha256 ${have}, expected ${want}. Nothing was put on PATH.`,
          {
            fix: `something else wrote to the tool cache: delete ${dir} (or set cache: false) and re-run, and find out what modified it`,
            title: 'Tool cache tampered',
          },
        );
      ctx.log(tool, `${version}: cached ${asset.binary} re-hashed, sha256 ${have}`);
    }
    if (tool === 'gcloud') await installGcloudComponents(dir, asset, record, ctx);
    ctx.log(tool, `${version}: tool cache hit (${dir})`);
    return {
      tool,
      version,
      binDir: join(dir, asset.binDir),
      binary: join(dir, asset.binary),
      sourceUrl: '',
      verifiedBy: record ? `${record.verifiedBy} (when cached)` : 'cached by another installer',
      cacheHit: true,
      seconds: (ctx.now() - started) / 1000,
    };
  };

  // An exact version already in the cache costs no request at all.
  if (request.spec.kind === 'exact') {
    const hit = await fromCache(request.spec.version);
    if (hit) return hit;
  }
  const resolved = await resolveVersion(request, ctx);
  const version = resolved.version;
  if (request.spec.kind !== 'exact') {
    ctx.log(tool, `${formatSpec(request.spec)} resolved to ${version} via ${resolved.via}`);
    const hit = await fromCache(version);
    if (hit) return hit;
  }

  const asset = assetFor(tool, version, ctx.platform);
  if (asset.fallbackNotice) ctx.notice(asset.fallbackNotice, `${tool}: platform fallback`);
  checkPinnedUrl(asset.url, version);
  // Fails closed: the run checked the policy up front, and this holds whatever the caller did.
  const refusal = unverifiedRefusal([tool], ctx.platform, pin !== undefined, ctx.allowUnverified);
  if (refusal) throw refusal;
  const url = mirrorUrl(asset.url, ctx.mirror);
  const work = join(ctx.tempDir, `talos-fleet-${tool}-${randomUUID()}`);
  await mkdir(work, { recursive: true });
  try {
    const download = join(work, asset.assetName);
    ctx.log(tool, `${version}: downloading ${url}`);
    const expectedPromise: Promise<ExpectedHash> = pin
      ? Promise.resolve({ sha256: pin.sha256, source: 'lock file' })
      : upstreamSha256(asset, ctx);
    const [got, expected] = await Promise.allSettled([
      ctx.http.download(url, download, progress(tool, version, ctx)),
      expectedPromise,
    ]);
    if (got.status === 'rejected') throw downloadError(asset, url, got.reason, ctx);
    if (expected.status === 'rejected') throw expected.reason;
    const actual = got.value.sha256;
    const want = expected.value;
    if (want.sha256 && want.sha256 !== actual) {
      if (pin)
        throw lockMismatch(
          tool,
          version,
          ctx,
          `${url} has sha256 ${actual}, the lock file pins ${pin.sha256}`,
        );
      throw new UserError(
        `Checksum mismatch for ${tool} ${version}: ${url} has sha256 ${actual}, but ${want.source} says ${want.sha256}. Nothing was cached.`,
        {
          fix: 'the download was corrupted or the release was altered; retry, and report it if it persists',
          title: 'Checksum mismatch',
        },
      );
    }
    const verifiedBy = want.sha256 ? `sha256 (${want.source})` : 'NOT VERIFIED';
    if (!want.sha256) {
      ctx.warning(
        `${tool} ${version} was NOT verified: ${tool} publishes no per-version checksum, and allow-unverified names it. Its sha256 is ${actual}. Pin it with 'talos-fleet tools lock' so later runs verify against it, then set allow-unverified: none.`,
        `${tool}: download not verified`,
      );
    }
    ctx.log(tool, `${version}: ${got.value.bytes} bytes, sha256 ${actual}, ${verifiedBy}`);
    const record: InstallRecord = {
      tool,
      version,
      url: asset.url,
      sha256: actual,
      verifiedBy,
      components: [],
    };
    const dir = await place(asset, download, work, url, record, ctx);
    if (tool === 'gcloud') await installGcloudComponents(dir, asset, record, ctx);
    return {
      tool,
      version,
      binDir: join(dir, asset.binDir),
      binary: join(dir, asset.binary),
      sourceUrl: url,
      verifiedBy,
      cacheHit: false,
      seconds: (ctx.now() - started) / 1000,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Unpacks a verified download, runs its version check, and only then caches it. gcloud's tree
 * (≈ 500 MB unpacked) is extracted straight into its tool-cache directory, because cacheDir would
 * copy it a second time (setup-gcloud#701: about a minute); its `.complete` marker, which is what
 * makes tool-cache's find() see it, is written last, after the check.
 */
async function place(
  asset: Asset,
  download: string,
  work: string,
  url: string,
  record: InstallRecord,
  ctx: InstallContext,
): Promise<string> {
  const arch = nodeArch(ctx.platform.arch);
  const { tool, version } = asset;
  const check = async (dir: string) => {
    const reported = await checkReportedVersion(tool, join(dir, asset.binary), version, url);
    ctx.log(tool, `${version}: '${asset.binary}' reports ${reported}`);
    record.binarySha256 = await sha256File(join(dir, asset.binary));
  };

  const direct = tool === 'gcloud' || !ctx.cache;
  if (direct) {
    const dir = ctx.cache
      ? join(ctx.toolCacheDir, tool, version, arch)
      : join(ctx.tempDir, 'talos-fleet-tools', tool, version, arch);
    await rm(`${dir}.complete`, { force: true });
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    try {
      if (asset.archive === 'raw') {
        await rename(download, join(dir, asset.binary));
        await chmod(join(dir, asset.binary), 0o755);
      } else await extract(asset, download, dir);
      await check(dir);
      await writeInstallRecord(dir, record);
      if (ctx.cache) await writeFile(`${dir}.complete`, '');
      return dir;
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  if (asset.archive === 'raw') {
    const staged = join(work, 'bin');
    await mkdir(staged);
    const file = join(staged, asset.binary);
    await rename(download, file);
    await chmod(file, 0o755);
    await check(staged);
    const dir = await tc.cacheFile(file, asset.binary, tool, version, arch);
    await writeInstallRecord(dir, record);
    return dir;
  }
  const extracted = join(work, 'x');
  await extract(asset, download, extracted);
  await check(extracted);
  await writeInstallRecord(extracted, record);
  return tc.cacheDir(extracted, tool, version, arch);
}

/**
 * tool-cache runs tar (or unzip) and rejects with a bare Error when it exits non-zero: a damaged
 * or mislabelled archive, a full disk, or no tar on PATH. All are the runner's or the release's
 * problem, not a bug, so they become a UserError with what tar said.
 */
async function extract(asset: Asset, file: string, dest: string): Promise<void> {
  try {
    if (asset.archive === 'zip') await tc.extractZip(file, dest);
    else await tc.extractTar(file, dest);
  } catch (error) {
    throw new UserError(
      `${asset.tool} ${asset.version}: could not unpack ${asset.url} (${asset.archive}): ${describeError(error).slice(0, 500)}. Nothing was cached.`,
      {
        fix: `check that ${asset.archive === 'zip' ? 'unzip' : 'tar'} is on PATH and the disk has room; if both are fine, the release or the mirror serves a damaged archive: pin another version or fix the mirror`,
        title: 'Unpack failed',
        cause: error,
      },
    );
  }
}

/** A progress line every 5 s for a long download (gcloud on a slow link), none for fast ones. */
function progress(tool: ToolName, version: string, ctx: InstallContext) {
  let last = ctx.now();
  return (bytes: number, total: number | undefined) => {
    if (ctx.now() - last < 5000) return;
    last = ctx.now();
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    ctx.log(tool, `${version}: ${mb(bytes)} MiB${total ? ` of ${mb(total)} MiB` : ''} downloaded`);
  };
}

function downloadError(asset: Asset, url: string, error: unknown, ctx: InstallContext): UserError {
  if (error instanceof HttpStatusError && error.status === 404) {
    return new UserError(`${asset.tool} ${asset.version} not found at ${url} (HTTP 404).`, {
      fix: `check the version exists for ${platformKey(asset.buildPlatform)}${ctx.mirror ? ' and that the mirror has it' : ''}; 'latest' or a partial version such as ${TOOLS[asset.tool].pinned.split('.').slice(0, 2).join('.')} finds the newest`,
      title: 'Version not found',
    });
  }
  return new UserError(
    `Downloading ${asset.tool} ${asset.version} from ${url} failed: ${describeError(error)}.`,
    {
      fix: 'the retries ran out; retry the job, or set mirror-url to a closer mirror. Nothing was cached',
      title: 'Download failed',
      cause: error,
    },
  );
}

function lockMismatch(tool: ToolName, version: string, ctx: InstallContext, why: string): UserError {
  return new UserError(`Lock-file mismatch for ${tool} ${version}: ${why}. Nothing was cached.`, {
    fix: `if the new artifact is expected, regenerate ${ctx.lock?.path ?? 'the lock file'} with 'talos-fleet tools lock'; otherwise the release was re-tagged or tampered with`,
    title: 'Lock-file mismatch',
  });
}
