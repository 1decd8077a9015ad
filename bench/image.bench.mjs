// image: a 1 GiB synthetic Talos image through the loopback fakes (Image Factory -> GCS -> Compute).
// Measures, in one run and against the same fakes:
//   - a plain loopback copy of the same bytes (one streamed GET -> one streamed PUT, no hashing),
//   - the bundled image action (dist/image.js) creating the image: wall time, throughput, peak RSS,
//   - a second action run with the image already there: wall time and bytes downloaded.
// Goals (issue 5): peak RSS <= 150 MB; throughput >= 70% of the plain copy; second run <= 1 s and
// zero bytes downloaded. It prints and saves the figures; it never fails on a slow machine.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importTypeScript, repoRoot, runNode, runnerEnv, saveResults } from './stats.mjs';

const SIZE = Number(process.env.TALOS_FLEET_BENCH_IMAGE_BYTES ?? 1024 ** 3);
const PROJECT = 'acme-ci';
const MiB = 1024 * 1024;

const [{ FakeImageFactory }, { FakeGcs }, { FakeCompute }] = await importTypeScript('image', [
  'test/fakes/image-factory/server.ts',
  'test/fakes/gcs/server.ts',
  'test/fakes/compute/server.ts',
]);

const factory = await new FakeImageFactory().start();
factory.defaultSize = SIZE;
const gcs = await new FakeGcs().start();
gcs.storeData = false;
const compute = await new FakeCompute(PROJECT).start();

// Peak RSS of a child, exactly: it writes its own maxRSS (KiB) when it exits.
const rssProbe = join(repoRoot, 'node_modules', '.cache', 'talos-fleet-bench', 'max-rss.mjs');
writeFileSync(
  rssProbe,
  "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => { const u = process.resourceUsage(); writeFileSync(process.env.TF_BENCH_RSS_FILE, JSON.stringify({ maxRSS: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 })); });\n",
);

async function runChild(args, env) {
  const rssFile = join(tmp, `rss-${Math.random().toString(16).slice(2)}`);
  const { ms, out } = await runNode(args, {
    ...env,
    TF_BENCH_RSS_FILE: rssFile,
    NODE_OPTIONS: `--import=${rssProbe}`,
  });
  const usage = JSON.parse(readFileSync(rssFile, 'utf8'));
  return { ms, maxRssMiB: usage.maxRSS / 1024, cpuMs: usage.cpuMs, out };
}

const runner = runnerEnv();
const tmp = runner.RUNNER_TEMP;
const actionEnv = {
  ...runner,
  GITHUB_ACTIONS: 'true',
  GITHUB_WORKSPACE: repoRoot,
  METADATA_SERVER_DETECTION: 'none',
  GCE_METADATA_HOST: '127.0.0.1:9',
  TALOS_FLEET_GCS_ENDPOINT: gcs.url,
  TALOS_FLEET_COMPUTE_ENDPOINT: compute.url,
  GOOGLE_OAUTH_ACCESS_TOKEN: 'ya29.bench',
  'INPUT_TALOS-VERSION': 'v1.13.9',
  INPUT_PROJECT: PROJECT,
  'INPUT_FACTORY-URL': factory.url,
  INPUT_ARCH: 'amd64',
  ...(process.env.TALOS_FLEET_GCS_CHUNK_BYTES
    ? { TALOS_FLEET_GCS_CHUNK_BYTES: process.env.TALOS_FLEET_GCS_CHUNK_BYTES }
    : {}),
};

try {
  // The schematic first, so the plain copy downloads the very bytes the action will.
  const { id } = await (
    await fetch(`${factory.url}/schematics`, { method: 'POST', body: 'customization: {}\n' })
  ).json();
  const imageUrl = factory.imageUrl(id, 'v1.13.9', 'amd64');
  await fetch(`${gcs.url}/storage/v1/b?project=${PROJECT}`, {
    method: 'POST',
    headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'plain-copy' }),
  });
  const session = await fetch(`${gcs.url}/upload/storage/v1/b/plain-copy/o?uploadType=resumable&name=copy`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const plainScript = `
    const src = await fetch(${JSON.stringify(imageUrl)});
    const res = await fetch(${JSON.stringify(session.headers.get('location'))}, {
      method: 'PUT', body: src.body, duplex: 'half',
      headers: { 'content-range': 'bytes 0-*/${SIZE}', 'content-length': '${SIZE}' },
    });
    if (res.status !== 200) throw new Error('plain copy: ' + res.status + ' ' + await res.text());
  `;
  const served0 = factory.bytesServed;
  const plain = await runChild(['--input-type=module', '-e', plainScript], { PATH: process.env.PATH });
  if (factory.bytesServed - served0 !== SIZE) throw new Error('plain copy moved the wrong number of bytes');

  const served1 = factory.bytesServed;
  const first = await runChild([join(repoRoot, 'dist', 'image.js')], actionEnv);
  const firstDownloaded = factory.bytesServed - served1;
  if (!/is READY/.test(first.out)) throw new Error(`the action did not create the image:\n${first.out}`);

  const served2 = factory.bytesServed;
  const second = await runChild([join(repoRoot, 'dist', 'image.js')], actionEnv);
  const secondDownloaded = factory.bytesServed - served2;

  const mibps = (ms) => SIZE / MiB / (ms / 1000);
  const results = {
    imageBytes: SIZE,
    chunkBytes: Number(process.env.TALOS_FLEET_GCS_CHUNK_BYTES ?? 8 * MiB),
    plainCopy: {
      ms: Math.round(plain.ms),
      mibPerS: +mibps(plain.ms).toFixed(1),
      cpuMs: Math.round(plain.cpuMs),
    },
    firstRun: {
      ms: Math.round(first.ms),
      mibPerS: +mibps(first.ms).toFixed(1),
      peakRssMiB: +first.maxRssMiB.toFixed(1),
      cpuMs: Math.round(first.cpuMs),
      bytesDownloaded: firstDownloaded,
    },
    throughputRatio: +(plain.ms / first.ms).toFixed(3),
    secondRun: {
      ms: Math.round(second.ms),
      peakRssMiB: +second.maxRssMiB.toFixed(1),
      bytesDownloaded: secondDownloaded,
    },
  };
  console.log(
    `image: ${SIZE} bytes (${(SIZE / MiB).toFixed(0)} MiB) through the fakes, ${results.chunkBytes / MiB} MiB upload chunks`,
  );
  console.table({
    'plain loopback copy': {
      ms: results.plainCopy.ms,
      'MiB/s': results.plainCopy.mibPerS,
      'peak RSS MiB': '',
      'CPU ms': results.plainCopy.cpuMs,
    },
    'action, first run (create)': {
      ms: results.firstRun.ms,
      'MiB/s': results.firstRun.mibPerS,
      'peak RSS MiB': results.firstRun.peakRssMiB,
      'CPU ms': results.firstRun.cpuMs,
    },
    'action, second run (reuse)': {
      ms: results.secondRun.ms,
      'MiB/s': '',
      'peak RSS MiB': results.secondRun.peakRssMiB,
      'CPU ms': '',
    },
  });
  console.log(
    `throughput: ${(results.throughputRatio * 100).toFixed(0)}% of the plain copy (goal >= 70%); ` +
      `peak RSS ${results.firstRun.peakRssMiB} MiB = ${((results.firstRun.peakRssMiB * MiB) / 1e6).toFixed(1)} MB (goal <= 150 MB); ` +
      `second run ${results.secondRun.ms} ms (goal <= 1000) with ${secondDownloaded} bytes downloaded (goal 0)`,
  );
  saveResults('image', results);
} finally {
  await Promise.all([factory.close(), gcs.close(), compute.close()]);
  rmSync(tmp, { recursive: true, force: true });
}
