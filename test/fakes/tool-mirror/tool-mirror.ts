import { createHash, randomBytes } from 'node:crypto';
import { FakeServer } from '../http/fake-server.js';
import { type ArchiveEntry, tarGz, zip } from './archives.js';
import type { GithubApiFake } from './github-api.js';
import { standInScript, type StandInTool } from './stand-ins.js';

/**
 * A loopback mirror laid out as `<mirror>/<upstream host>/<upstream path>`, filled at test time
 * with stand-in binaries in each tool's real release layout and real checksum file format. The
 * URL templates here are written out independently of src/core/tools/catalog.ts, from the
 * upstream release layouts, so a wrong template in the catalog fails the tests.
 */

export type Plat = `${'linux' | 'darwin' | 'windows'}/${'amd64' | 'arm64'}`;
export const ALL_PLATFORMS: readonly Plat[] = [
  'linux/amd64',
  'linux/arm64',
  'darwin/amd64',
  'darwin/arm64',
  'windows/amd64',
  'windows/arm64',
];

export interface PublishOptions {
  platforms?: readonly Plat[];
  /** Make the stand-in report another version (a mis-tagged build). */
  reportVersion?: string;
  /** Extra bytes in the main executable or archive, for realistic sizes in the benchmark. */
  padBytes?: number;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('hex');

/** rhash's algorithm list as yq's `checksums_hashes_order` has it: SHA-256 on line 18 (field 19). */
const YQ_ORDER = [
  'CRC32',
  'CRC32C',
  'MD4',
  'MD5',
  'SHA1',
  'TIGER',
  'TTH',
  'BTIH',
  'ED2K',
  'AICH',
  'WHIRLPOOL',
  'RIPEMD160',
  'GOST94',
  'GOST94-CRYPTOPRO',
  'HAS160',
  'GOST12-256',
  'GOST12-512',
  'SHA-256',
  'SHA-512',
  'SHA3-256',
];

/**
 * A response cut off mid-body: headers with the full Content-Length and the first `afterBytes`
 * bytes, then the connection is destroyed (or, with `stall`, left open with nothing more sent).
 * FakeServer's own `drop`/`afterBytes` acts on the request body, before any response.
 */
export interface BodyFault {
  match: (path: string) => boolean;
  afterBytes: number;
  stall?: boolean;
  /** How many matching requests it hits; default 1. */
  times?: number;
}

export class ToolMirror extends FakeServer {
  private readonly bodyFaults: (BodyFault & { remaining: number })[] = [];
  private readonly files = new Map<string, Buffer>();
  /** `tool@version@os/arch` → path of the main asset. */
  private readonly assets = new Map<string, string>();
  private readonly combined = new Map<string, Map<string, string>>();
  private readonly yqSums = new Map<string, Map<string, Buffer>>();
  /** When each GET arrived (its handler starts after the throttle's latency) and when its response closed (performance.now()). */
  readonly timings: { path: string; startMs: number; endMs: number }[] = [];

  constructor(private readonly github: GithubApiFake) {
    super();
    this.route('GET', /^\/(.+)$/, async (req, res) => {
      const startMs = performance.now() - (this.throttle.latencyMs ?? 0);
      res.once('close', () => this.timings.push({ path: req.path, startMs, endMs: performance.now() }));
      const body = this.files.get(req.path);
      if (!body) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end(`NoSuchKey: ${req.path}`);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
      const fault = this.bodyFaults.find((f) => f.remaining > 0 && f.match(req.path));
      if (fault) {
        fault.remaining--;
        await new Promise((resolve) => res.write(body.subarray(0, fault.afterBytes), resolve));
        if (!fault.stall) res.socket?.destroy();
        return;
      }
      await this.sendThrottled(res, body);
    });
  }

  /** Cuts off the body of matching responses (see BodyFault). */
  cutBody(fault: BodyFault): this {
    this.bodyFaults.push({ ...fault, remaining: fault.times ?? 1 });
    return this;
  }

  override clearFaults(): void {
    super.clearFaults();
    this.bodyFaults.length = 0;
  }

  /** Serves `body` at `https://<hostPath>`; `hostPath` is `host/path` without a scheme. */
  put(hostPath: string, body: Buffer | string): void {
    this.files.set(`/${hostPath}`, Buffer.isBuffer(body) ? body : Buffer.from(body));
  }
  remove(hostPath: string): void {
    this.files.delete(`/${hostPath.replace(/^\//, '')}`);
  }
  get(hostPath: string): Buffer | undefined {
    return this.files.get(`/${hostPath.replace(/^\//, '')}`);
  }
  /** The main asset's `host/path` for a published tool. */
  assetPath(tool: StandInTool, version: string, platform: Plat = 'linux/amd64'): string {
    const p = this.assets.get(`${tool}@${version}@${platform}`);
    if (!p) throw new Error(`fixture: ${tool} ${version} ${platform} was not published`);
    return p;
  }
  /** Replaces an asset's bytes (keeping the checksum files): a corrupted or tampered download. */
  tamper(hostPath: string): void {
    const body = this.get(hostPath);
    if (!body) throw new Error(`fixture: nothing at ${hostPath}`);
    this.put(hostPath, Buffer.concat([body, Buffer.from('\n# tampered\n')]));
  }

  /** Channel files: kubectl stable.txt + stable-X.Y.txt, helm(-N)-latest-version, cilium stable.txt, gcloud components-2.json. */
  channels(latest: { kubectl?: string; helm?: string; cilium?: string; gcloud?: string }): void {
    if (latest.kubectl) {
      this.put('dl.k8s.io/release/stable.txt', `v${latest.kubectl}\n`);
      const [maj, min] = latest.kubectl.split('.');
      this.put(`dl.k8s.io/release/stable-${maj}.${min}.txt`, `v${latest.kubectl}\n`);
    }
    if (latest.helm) {
      this.put('get.helm.sh/helm-latest-version', `v${latest.helm}\n`);
      this.put(`get.helm.sh/helm${latest.helm.split('.')[0]}-latest-version`, `v${latest.helm}\n`);
    }
    if (latest.cilium)
      this.put('raw.githubusercontent.com/cilium/cilium-cli/main/stable.txt', `v${latest.cilium}\n`);
    if (latest.gcloud) {
      this.put(
        'dl.google.com/dl/cloudsdk/channels/rapid/components-2.json',
        JSON.stringify({ version: latest.gcloud, revision: 20261114000000, components: [{ id: 'core' }] }),
      );
    }
  }

  /** Publishes one release of a tool for the given platforms, in that tool's real layout. */
  publish(tool: StandInTool, version: string, options: PublishOptions = {}): this {
    for (const platform of options.platforms ?? ALL_PLATFORMS)
      this.publishOne(tool, version, platform, options);
    return this;
  }

  private ghAsset(repo: string, version: string, name: string, body: Buffer, withDigest = true): string {
    const path = `github.com/${repo}/releases/download/v${version}/${name}`;
    this.put(path, body);
    this.github.addAsset(repo, `v${version}`, {
      name,
      size: body.length,
      digest: withDigest ? `sha256:${sha256(body)}` : null,
    });
    return path;
  }

  /** Adds an asset's line to the release's one checksum file over all assets (goreleaser, talos) and republishes it. */
  private addCombined(repo: string, version: string, file: string, name: string, body: Buffer): void {
    const key = `${repo}@${version}`;
    const m = this.combined.get(key) ?? new Map<string, string>();
    this.combined.set(key, m);
    m.set(name, sha256(body));
    this.ghAsset(repo, version, file, Buffer.from([...m].map(([n, h]) => `${h}  ${n}\n`).join('')));
  }

  private publishOne(tool: StandInTool, version: string, platform: Plat, o: PublishOptions): void {
    const [os, arch] = platform.split('/') as ['linux' | 'darwin' | 'windows', 'amd64' | 'arm64'];
    const win = os === 'windows';
    const exe = win ? '.exe' : '';
    const ext = win ? 'zip' : 'tar.gz';
    const pack = (entries: ArchiveEntry[]) => (win ? zip(entries) : tarGz(entries));
    // gcloud's size is in its SDK tree, not in the gcloud launcher.
    const script = standInScript(
      tool,
      o.reportVersion ?? version,
      platform,
      tool === 'gcloud' ? 0 : (o.padBytes ?? 0),
    );
    const key = `${tool}@${version}@${platform}`;
    const sumFile = (body: Buffer, name: string) => `${sha256(body)}  ${name}\n`;

    switch (tool) {
      case 'task': {
        const name = `task_${os}_${arch}.${ext}`;
        const body = pack([
          { path: `task${exe}`, data: script, executable: true },
          { path: 'README.md', data: Buffer.from('# Task\n') },
          { path: 'LICENSE', data: Buffer.from('MIT\n') },
          { path: 'completion/bash/task.bash', data: Buffer.from('complete -F _task task\n') },
        ]);
        this.assets.set(key, this.ghAsset('go-task/task', version, name, body));
        this.addCombined('go-task/task', version, 'task_checksums.txt', name, body);
        return;
      }
      case 'kubectl': {
        const path = `dl.k8s.io/release/v${version}/bin/${os}/${arch}/kubectl${exe}`;
        this.put(path, script);
        this.put(`${path}.sha256`, sha256(script));
        this.put(`${path}.sha512`, sha512(script));
        this.github.release('kubernetes/kubernetes', `v${version}`);
        this.assets.set(key, path);
        return;
      }
      case 'clusterctl': {
        if (platform === 'windows/arm64') return; // not built upstream
        this.assets.set(
          key,
          this.ghAsset('kubernetes-sigs/cluster-api', version, `clusterctl-${os}-${arch}${exe}`, script),
        );
        return;
      }
      case 'talosctl': {
        const name = `talosctl-${os}-${arch}${exe}`;
        this.assets.set(key, this.ghAsset('siderolabs/talos', version, name, script));
        this.addCombined('siderolabs/talos', version, 'sha256sum.txt', name, script);
        return;
      }
      case 'gcloud': {
        if (platform === 'windows/arm64') return; // no Windows ARM archive upstream
        const garch = arch === 'amd64' ? 'x86_64' : 'arm';
        const entries: ArchiveEntry[] = [
          { path: `google-cloud-sdk/bin/gcloud${win ? '.cmd' : ''}`, data: script, executable: true },
          {
            path: 'google-cloud-sdk/bin/gsutil',
            data: Buffer.from('#!/bin/sh\necho gsutil stand-in\n'),
            executable: true,
          },
          { path: 'google-cloud-sdk/install.sh', data: Buffer.from('#!/bin/sh\nexit 0\n'), executable: true },
          { path: 'google-cloud-sdk/lib/gcloud.py', data: Buffer.from('# stand-in\n') },
          { path: 'google-cloud-sdk/platform/bundledpythonunix/README', data: Buffer.from('stand-in\n') },
        ];
        if (o.padBytes)
          entries.push({ path: 'google-cloud-sdk/lib/third_party/blob.bin', data: randomBytes(o.padBytes) });
        const path = `dl.google.com/dl/cloudsdk/channels/rapid/downloads/google-cloud-sdk-${version}-${os}-${garch}.${ext}`;
        this.put(path, pack(entries));
        this.assets.set(key, path);
        return;
      }
      case 'yq': {
        const name = `yq_${os}_${arch}${exe}`;
        this.assets.set(key, this.ghAsset('mikefarah/yq', version, name, script));
        const all = this.yqSums.get(version) ?? new Map<string, Buffer>();
        this.yqSums.set(version, all);
        all.set(name, script);
        const row = (n: string, b: Buffer) =>
          `${n}  ${YQ_ORDER.map((alg) =>
            alg === 'SHA-256'
              ? sha256(b)
              : alg === 'SHA-512'
                ? sha512(b)
                : createHash('md5').update(alg).update(b).digest('hex'),
          ).join(' ')}\n`;
        this.ghAsset(
          'mikefarah/yq',
          version,
          'checksums',
          Buffer.from([...all].map(([n, b]) => row(n, b)).join('')),
        );
        this.ghAsset(
          'mikefarah/yq',
          version,
          'checksums_hashes_order',
          Buffer.from(`${YQ_ORDER.join('\n')}\n`),
        );
        this.ghAsset(
          'mikefarah/yq',
          version,
          'checksums-bsd',
          Buffer.from([...all].map(([n, b]) => `SHA256 (${n}) = ${sha256(b)}\n`).join('')),
        );
        return;
      }
      case 'helm': {
        const name = `helm-v${version}-${os}-${arch}.${ext}`;
        const body = pack([
          { path: `${os}-${arch}/helm${exe}`, data: script, executable: true },
          { path: `${os}-${arch}/LICENSE`, data: Buffer.from('Apache-2.0\n') },
          { path: `${os}-${arch}/README.md`, data: Buffer.from('# Helm\n') },
        ]);
        const path = `get.helm.sh/${name}`;
        this.put(path, body);
        this.put(`${path}.sha256sum`, sumFile(body, name));
        this.put(`${path}.sha256`, sha256(body));
        this.github.release('helm/helm', `v${version}`);
        this.assets.set(key, path);
        return;
      }
      case 'cilium': {
        const name = `cilium-${os}-${arch}.${ext}`;
        const body = pack([{ path: `cilium${exe}`, data: script, executable: true }]);
        this.assets.set(key, this.ghAsset('cilium/cilium-cli', version, name, body));
        this.ghAsset('cilium/cilium-cli', version, `${name}.sha256sum`, Buffer.from(sumFile(body, name)));
        return;
      }
      case 'kind': {
        if (platform === 'windows/arm64') return;
        const name = `kind-${os}-${arch}${exe}`;
        this.assets.set(key, this.ghAsset('kubernetes-sigs/kind', version, name, script));
        this.ghAsset(
          'kubernetes-sigs/kind',
          version,
          `${name}.sha256sum`,
          Buffer.from(sumFile(script, name)),
        );
        return;
      }
    }
  }
}

/** The toolkit's pinned versions, published on every platform with channels pointing at them. */
export const PINNED = {
  task: '3.54.0',
  kubectl: '1.37.1',
  clusterctl: '1.14.2',
  talosctl: '1.14.2',
  gcloud: '583.0.0',
  yq: '4.54.1',
  helm: '4.3.0',
  cilium: '0.20.1',
  kind: '0.31.0',
} as const satisfies Record<StandInTool, string>;

export function publishPinned(mirror: ToolMirror, options: PublishOptions = {}): void {
  for (const [tool, version] of Object.entries(PINNED)) mirror.publish(tool as StandInTool, version, options);
}
