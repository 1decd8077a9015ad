import { mkdir, mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeServer, sendJson } from '../fakes/http/fake-server.js';
import { removeRunnerDir, runDist, type RunDistResult } from '../support/run-dist.js';
import { uploadStateKey } from '../../src/core/image/upload-state.js';
import { projectNumber } from '../fakes/gcs/server.js';
import { syntheticImage } from '../fakes/image-factory/server.js';
import { EMPTY_ID, type Fakes, PROJECT, runImage, startFakes, TOKEN } from './harness.js';

const IMAGE = 'talos-v1-13-9-37656798-amd64';
const BUCKET = `${PROJECT}-talos-images`;
const OBJECT = `talos/v1.13.9/${EMPTY_ID}/gcp-amd64.raw.tar.gz`;
/** The object metadata and image labels that say "Talos v1.13.9 amd64, empty schematic". */
const BUILD_METADATA = Object.freeze({
  'talos-version': 'v1.13.9',
  'talos-schematic': EMPTY_ID,
  'talos-arch': 'amd64',
  'managed-by': 'talos-fleet',
});
/** The object an image of this build is made from (its `rawDisk.source`). */
const SOURCE = `https://storage.googleapis.com/${BUCKET}/${OBJECT}`;
const BUILD_LABELS = Object.freeze({
  'talos-version': 'v1-13-9',
  'talos-schematic': EMPTY_ID.slice(0, 32),
  'talos-arch': 'amd64',
});

let fakes: Fakes;
const runnerDirs: string[] = [];
beforeEach(async () => {
  fakes = await startFakes();
});
afterEach(async () => {
  await fakes.close();
  await Promise.all(runnerDirs.splice(0).map(removeRunnerDir));
});

async function run(inputs: Record<string, string> = {}, options: Parameters<typeof runImage>[2] = {}) {
  const r = await runImage(fakes, inputs, options);
  runnerDirs.push(r.runnerDir);
  return r;
}

function expectSuccess(r: RunDistResult): void {
  expect(
    r.annotations.filter((a) => a.level === 'error'),
    r.stdout + r.stderr,
  ).toEqual([]);
  expect(r.code).toBe(0);
}

function errorOf(r: RunDistResult): string {
  expect(r.code, r.stdout).toBe(1);
  const errors = r.annotations.filter((a) => a.level === 'error');
  expect(errors, r.stdout).toHaveLength(1);
  const message = errors[0]?.message ?? '';
  expect(message).not.toMatch(/internal error|hit a bug/);
  return message;
}

function factoryContent(): Buffer {
  const c = fakes.factory.images.get('v1.13.9/gcp-amd64.raw.tar.gz');
  if (!c) throw new Error('no factory content');
  return c.read(0, c.size);
}

/** Publishes the factory's image before any run, and returns its bytes. */
function publishedContent(): Buffer {
  const content = syntheticImage(fakes.factory.defaultSize, 'v1.13.9/gcp-amd64.raw.tar.gz');
  fakes.factory.setImage('v1.13.9', 'amd64', content);
  return content.read(0, content.size);
}

function addBucket(): void {
  fakes.gcs.buckets.set(BUCKET, { project: PROJECT, location: 'US', labels: {}, uniform: true });
}

/** An object of this build but the wrong size, so the run must overwrite it. */
function addStaleObject() {
  addBucket();
  return fakes.gcs.addObject(BUCKET, OBJECT, Buffer.from('truncated'), BUILD_METADATA);
}

async function cli(args: string[]): Promise<RunDistResult> {
  const r = await runDist('cli', { args: ['image', ...args], env: fakes.env });
  runnerDirs.push(r.runnerDir);
  return r;
}

function cloudRequests(): number {
  return fakes.gcs.requests.length + fakes.compute.requests.length;
}

describe('image action against Image Factory, GCS and Compute fakes', () => {
  it('creates the bucket, streams the image into GCS and creates the image as Talos does', async () => {
    const r = await run({ labels: 'team=platform, cost-center=ci', 'image-family': 'talos-ci' });
    expectSuccess(r);
    expect(r.outputs).toEqual({
      'image-name': IMAGE,
      'image-self-link': `https://www.googleapis.com/compute/v1/projects/${PROJECT}/global/images/${IMAGE}`,
      'image-family': 'talos-ci',
      'schematic-id': EMPTY_ID,
      'gcs-uri': `gs://${BUCKET}/${OBJECT}`,
    });
    const bucket = fakes.gcs.buckets.get(BUCKET);
    expect(bucket).toMatchObject({ project: PROJECT, uniform: true, location: 'US' });
    expect(bucket?.labels).toMatchObject({ team: 'platform', 'managed-by': 'talos-fleet' });

    const object = fakes.gcs.object(BUCKET, OBJECT);
    expect(object?.data?.equals(factoryContent())).toBe(true);
    expect(object?.metadata).toEqual({
      ...BUILD_METADATA,
      'talos-size': String(fakes.factory.defaultSize),
      'managed-by': 'talos-fleet',
    });
    // Streamed in 256 KiB chunks, each acknowledged with 308 + Range, through one session.
    const puts = fakes.gcs.requests.filter((q) => q.method === 'PUT');
    expect(puts.length).toBeGreaterThanOrEqual(Math.floor(fakes.factory.defaultSize / (256 * 1024)));
    expect(fakes.gcs.sessions.size).toBe(1);
    expect(
      fakes.gcs.requests.every(
        (q) => !q.path.startsWith('/storage/v1') || q.headers.authorization === `Bearer ${TOKEN}`,
      ),
    ).toBe(true);

    const image = fakes.compute.images.get(IMAGE);
    expect(image?.status).toBe('READY');
    expect(image?.body).toMatchObject({
      name: IMAGE,
      architecture: 'X86_64',
      family: 'talos-ci',
      guestOsFeatures: [{ type: 'VIRTIO_SCSI_MULTIQUEUE' }, { type: 'UEFI_COMPATIBLE' }],
      rawDisk: { source: `https://storage.googleapis.com/${BUCKET}/${OBJECT}` },
      labels: {
        team: 'platform',
        'cost-center': 'ci',
        ...BUILD_LABELS,
        'managed-by': 'talos-fleet',
      },
    });
    expect(fakes.factory.downloads).toBe(1);
    expect(r.summary).toContain(EMPTY_ID);
    expect(r.summary).toMatch(/created/);
    expect(r.summary).toMatch(/Throughput/);
    for (const text of [r.summary, JSON.stringify(r.outputs), r.stderr]) expect(text).not.toContain(TOKEN);
    expect(r.stdout).toContain(`::add-mask::${TOKEN}`);
    expect(r.stdout.replaceAll(`::add-mask::${TOKEN}`, '')).not.toContain(TOKEN);
  });

  it('reads a schematic file, and names the image after the ID the factory gives it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tf-schematic-'));
    runnerDirs.push(dir);
    const file = join(dir, 'schematic.yaml');
    await writeFile(file, 'customization:\n  extraKernelArgs: [console=ttyS0]\n');
    const r = await run({ schematic: file, arch: 'arm64' });
    expectSuccess(r);
    const id = r.outputs['schematic-id'] ?? '';
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(id).not.toBe(EMPTY_ID);
    expect(r.outputs['image-name']).toBe(`talos-v1-13-9-${id.slice(0, 8)}-arm64`);
    expect(fakes.compute.images.get(r.outputs['image-name'] ?? '')?.body.architecture).toBe('ARM64');
  });

  it('reuses the image on a second run without downloading a byte', async () => {
    expectSuccess(await run());
    const served = fakes.factory.bytesServed;
    const uploads = fakes.gcs.bytesReceived;
    const second = await run();
    expectSuccess(second);
    expect(fakes.factory.bytesServed).toBe(served);
    expect(fakes.gcs.bytesReceived).toBe(uploads);
    expect(fakes.compute.requests.filter((q) => q.method !== 'GET')).toHaveLength(2); // the first run's insert + wait
    expect(second.outputs['image-name']).toBe(IMAGE);
    expect(second.summary).toMatch(/reused/);
    expect(second.stdout).toMatch(/nothing to download/);
  });

  it('skips the upload when the object is already this build, and creates the image from it', async () => {
    const content = syntheticImage(fakes.factory.defaultSize, 'v1.13.9/gcp-amd64.raw.tar.gz');
    fakes.factory.setImage('v1.13.9', 'amd64', content);
    addBucket();
    fakes.gcs.addObject(BUCKET, OBJECT, content.read(0, content.size), {
      ...BUILD_METADATA,
      'talos-size': String(content.size),
    });
    const r = await run();
    expectSuccess(r);
    expect(fakes.factory.bytesServed).toBe(0);
    expect(fakes.gcs.bytesReceived).toBe(0);
    expect(fakes.compute.images.get(IMAGE)?.status).toBe('READY');
    expect(r.stdout).toMatch(/skipping the upload/);
  });

  it('re-uploads an object of another size, only over that generation', async () => {
    const stale = addStaleObject();
    const r = await run();
    expectSuccess(r);
    const post = fakes.gcs.requests.find((q) => q.method === 'POST' && q.path.startsWith('/upload/'));
    expect(post?.search).toContain(`ifGenerationMatch=${stale.generation}`);
    expect(fakes.gcs.object(BUCKET, OBJECT)?.data?.equals(factoryContent())).toBe(true);
  });

  it('resumes in-process from the offset GCS acknowledged when the upload connection drops', async () => {
    fakes.gcs.dropUploadAt(1024 * 1024 + 1000);
    fakes.gcs.dropUploadAt(2 * 1024 * 1024 + 77);
    const r = await run();
    expectSuccess(r);
    expect(fakes.gcs.sessions.size).toBe(1);
    expect(fakes.gcs.object(BUCKET, OBJECT)?.data?.equals(factoryContent())).toBe(true);
    // Only the unacknowledged chunks went twice.
    expect(fakes.gcs.bytesReceived).toBeLessThan(fakes.factory.defaultSize + 4 * 256 * 1024);
    const statusQueries = fakes.gcs.requests.filter(
      (q) => q.method === 'PUT' && q.headers['content-range'] === 'bytes */*',
    );
    expect(statusQueries.length).toBeGreaterThanOrEqual(1);
  });

  it('resumes a session a failed run left behind, asking the factory for the rest only', async () => {
    fakes.gcs.dropUploadAt(2 * 1024 * 1024 + 5);
    const first = await run({}, { env: { TALOS_FLEET_RETRY_ATTEMPTS: '1' } });
    expect(errorOf(first)).toMatch(/a CLI re-run on the same machine resumes from there/);
    const stateDir = join(first.runnerDir, 'temp', 'talos-fleet-image');
    const state = await readdir(stateDir);
    expect(state).toHaveLength(1);
    // The session URI is a capability: kept private to this user.
    expect((await stat(stateDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(stateDir, state[0] ?? ''))).mode & 0o777).toBe(0o600);
    const served = fakes.factory.bytesServed;

    const second = await run({}, { runnerDir: first.runnerDir });
    expectSuccess(second);
    expect(fakes.gcs.sessions.size).toBe(1);
    expect(fakes.gcs.object(BUCKET, OBJECT)?.data?.equals(factoryContent())).toBe(true);
    const rangeGet = fakes.factory.requests.filter((q) => q.method === 'GET' && q.headers.range);
    expect(rangeGet.map((q) => q.headers.range)).toEqual([`bytes=${2 * 1024 * 1024}-`]);
    expect(fakes.factory.bytesServed - served).toBe(fakes.factory.defaultSize - 2 * 1024 * 1024);
    expect(second.summary).toMatch(/Resumed at/);
    expect(await readdir(join(first.runnerDir, 'temp', 'talos-fleet-image'))).toEqual([]);
  });

  it('never resumes a saved session URI on another host than the storage endpoint', async () => {
    const elsewhere = await new FakeServer().start();
    try {
      const runnerDir = await mkdtemp(join(tmpdir(), 'tf-runner-'));
      runnerDirs.push(runnerDir);
      const stateDir = join(runnerDir, 'temp', 'talos-fleet-image');
      await mkdir(stateDir, { recursive: true, mode: 0o700 });
      const size = fakes.factory.defaultSize;
      const key = uploadStateKey({
        version: 'v1.13.9',
        schematicId: EMPTY_ID,
        arch: 'amd64',
        bucket: BUCKET,
        object: OBJECT,
        size,
      });
      await writeFile(
        join(stateDir, `${key}.json`),
        JSON.stringify({
          uri: `${elsewhere.url}/upload?upload_id=planted`,
          size,
          offset: 0,
          crc32c: 'AAAAAA==',
        }),
        { mode: 0o600 },
      );
      const r = await run({}, { runnerDir });
      expectSuccess(r);
      expect(elsewhere.requests).toEqual([]);
      expect(fakes.gcs.object(BUCKET, OBJECT)?.data?.equals(factoryContent())).toBe(true);
    } finally {
      await elsewhere.close();
    }
  });

  it('gives up, clearly and soon, on an upload endpoint that never takes a byte', async () => {
    fakes.gcs.inject({
      match: (q) => q.method === 'PUT' && !String(q.headers['content-range']).startsWith('bytes */'),
      status: 308,
      headers: { range: 'bytes=0-0' },
      body: '',
      times: 1_000_000,
    });
    const r = await run({}, { timeoutMs: 30_000 });
    expect(errorOf(r)).toMatch(
      /^The upload of gs:\/\/.* stopped: 3 requests in a row took no bytes past offset/,
    );
    const puts = fakes.gcs.requests.filter((q) => q.method === 'PUT').length;
    expect(puts).toBeLessThan(30);
  });

  it('continues a dropped factory download with a Range request', async () => {
    fakes.factory.dropDownloads(1024 * 1024 + 3);
    const r = await run();
    expectSuccess(r);
    const gets = fakes.factory.requests.filter((q) => q.method === 'GET');
    expect(gets).toHaveLength(2);
    expect(gets[1]?.headers.range).toMatch(/^bytes=\d+-$/);
    expect(fakes.gcs.object(BUCKET, OBJECT)?.data?.equals(factoryContent())).toBe(true);
  });

  it('continues a dropped download from a factory that ignores Range by skipping what it already has', async () => {
    fakes.factory.rangeSupport = false;
    fakes.factory.dropDownloads(1024 * 1024 + 3);
    const r = await run();
    expectSuccess(r);
    expect(fakes.gcs.object(BUCKET, OBJECT)?.data?.equals(factoryContent())).toBe(true);
  });

  it('rides out 503s and 429s from every service', async () => {
    fakes.factory.inject({ match: (q) => q.path === '/schematics', status: 503, times: 1 });
    fakes.gcs.inject({ match: (q) => q.method === 'PUT', status: 503, times: 1 });
    fakes.gcs.inject({
      match: (q) => q.method === 'POST' && q.path === '/storage/v1/b',
      status: 429,
      times: 1,
    });
    fakes.compute.inject({
      match: (q) => q.method === 'POST' && q.path.endsWith('/images'),
      status: 429,
      times: 1,
    });
    fakes.compute.inject({ match: (q) => q.path.endsWith('/wait'), status: 503, times: 1 });
    const r = await run();
    expectSuccess(r);
    expect(fakes.gcs.object(BUCKET, OBJECT)?.data?.equals(factoryContent())).toBe(true);
    expect(fakes.compute.images.get(IMAGE)?.status).toBe('READY');
  });

  it('lets two racing runs both succeed with one image and one object', async () => {
    fakes.factory.throttle = { bytesPerSecond: 8 * 1024 * 1024 };
    fakes.compute.operationMs = 300;
    const [a, b] = await Promise.all([run(), run()]);
    expectSuccess(a);
    expectSuccess(b);
    expect(a.outputs).toEqual(b.outputs);
    expect([...fakes.compute.images.keys()]).toEqual([IMAGE]);
    expect(fakes.compute.images.get(IMAGE)?.status).toBe('READY');
    expect(fakes.gcs.objects.size).toBe(1);
    expect(fakes.gcs.object(BUCKET, OBJECT)?.data?.equals(factoryContent())).toBe(true);
    // Whichever came second either lost a race (412, 409) or found the first one's work.
    expect(`${a.summary}${b.summary}`).toMatch(/another job|\(reused\)/);
  });

  it('handles each race deterministically: bucket 409, object 412, image 409 while another job creates it', async () => {
    fakes.gcs.inject({
      match: (q) => {
        if (q.method !== 'POST' || q.path !== '/storage/v1/b') return false;
        addBucket();
        return true;
      },
      status: 409,
      body: JSON.stringify({
        error: {
          code: 409,
          message: 'Your previous request to create the named bucket succeeded and you already own it.',
        },
      }),
    });
    fakes.gcs.inject({
      // The other job finishes the same object just before our last chunk.
      match: (q) => {
        if (
          q.method !== 'PUT' ||
          !String(q.headers['content-range']).endsWith(`/${fakes.factory.defaultSize}`)
        )
          return false;
        const range = /^bytes (\d+)-(\d+)\//.exec(String(q.headers['content-range']));
        if (!range || Number(range[2]) + 1 !== fakes.factory.defaultSize) return false;
        fakes.gcs.addObject(BUCKET, OBJECT, factoryContent(), BUILD_METADATA);
        return true;
      },
    });
    fakes.compute.inject({
      match: (q) => {
        if (q.method !== 'POST' || !q.path.endsWith('/global/images')) return false;
        const image = fakes.compute.addImage(IMAGE, BUILD_LABELS, 'PENDING', { rawDisk: { source: SOURCE } });
        setTimeout(() => (image.status = 'READY'), 300);
        return true;
      },
      status: 409,
      body: JSON.stringify({
        error: {
          code: 409,
          message: `The resource 'projects/${PROJECT}/global/images/${IMAGE}' already exists`,
          errors: [{ reason: 'alreadyExists' }],
        },
      }),
    });
    const r = await run();
    expectSuccess(r);
    expect(r.stdout).toMatch(/Another job finished .* first; using its object/);
    expect(r.stdout).toMatch(/Another job created .* meanwhile: waiting for it to be READY/);
    expect(r.summary).toMatch(/written by another job/);
    expect(r.summary).toMatch(/waited for another job/);
    expect(fakes.compute.images.get(IMAGE)?.status).toBe('READY');
  });

  it('waits for an image another job is still creating, and reuses it without downloading', async () => {
    addBucket();
    const image = fakes.compute.addImage(IMAGE, BUILD_LABELS, 'PENDING', { rawDisk: { source: SOURCE } });
    // The other job finishes a moment after this one first sees the image.
    fakes.compute.inject({
      match: (q) => {
        if (q.method !== 'GET' || !q.path.endsWith(`/images/${IMAGE}`)) return false;
        setTimeout(() => (image.status = 'READY'), 200);
        return true;
      },
    });
    const r = await run();
    expectSuccess(r);
    expect(fakes.factory.downloads).toBe(0);
    expect(r.summary).toMatch(/waited for another job/);
  });

  it('recreates a FAILED image of this build', async () => {
    fakes.compute.addImage(IMAGE, BUILD_LABELS, 'FAILED');
    const r = await run();
    expectSuccess(r);
    expect(fakes.compute.requests.some((q) => q.method === 'DELETE')).toBe(true);
    expect(fakes.compute.images.get(IMAGE)?.status).toBe('READY');
    expect(r.summary).toMatch(/recreated/);
  });

  it('gives up on a Compute operation after the timeout, saying what to do', async () => {
    fakes.compute.operationMs = 5000;
    fakes.compute.waitCapMs = 100;
    const r = await run({}, { env: { TALOS_FLEET_IMAGE_TIMEOUT_MS: '400' } });
    expect(errorOf(r)).toMatch(/did not finish within 0\.4 s[\s\S]*Fix: check the operation/);
  });

  it('verifies crc32c end to end: deletes an object whose checksum does not match, and uploads again', async () => {
    fakes.gcs.corruptNextCrc = true;
    const r = await run();
    expectSuccess(r);
    expect(r.stdout).toMatch(/crc32c mismatch/);
    expect(fakes.gcs.requests.some((q) => q.method === 'DELETE' && q.path.includes('/o/'))).toBe(true);
    expect(fakes.gcs.object(BUCKET, OBJECT)?.data?.equals(factoryContent())).toBe(true);
  });

  it('replacing a stale object: after a crc32c mismatch deletes it, uploads again only-if-absent', async () => {
    const stale = addStaleObject();
    fakes.gcs.corruptNextCrc = true;
    const r = await run();
    expectSuccess(r);
    expect(r.stdout).toMatch(/crc32c mismatch .*the object was deleted; uploading again from the start/);
    expect(r.stdout).not.toMatch(/overwritten during the upload/);
    const posts = fakes.gcs.requests.filter((q) => q.method === 'POST' && q.path.startsWith('/upload/'));
    expect(posts.map((q) => /ifGenerationMatch=(\d+)/.exec(q.search)?.[1])).toEqual([
      String(stale.generation),
      '0',
    ]);
    expect(fakes.gcs.object(BUCKET, OBJECT)?.data?.equals(factoryContent())).toBe(true);
  });

  it('fails clearly when the checksum keeps mismatching, leaving no object and no image', async () => {
    fakes.gcs.corruptNextCrc = true;
    const r = await run({}, { env: { TALOS_FLEET_RETRY_ATTEMPTS: '1' } });
    expect(errorOf(r)).toMatch(/crc32c mismatch[\s\S]*Fix: the bytes changed/);
    expect(fakes.gcs.objects.size).toBe(0);
    expect(fakes.compute.images.size).toBe(0);
  });
});

describe('image action credentials', () => {
  it('uses Application Default Credentials from Workload Identity Federation, masking the minted token', async () => {
    const minted = 'ya29.minted-by-sts-for-this-job';
    const sts = await new FakeServer()
      .route('POST', '/v1/token', async (req, res) => {
        const body = new URLSearchParams((await req.body()).toString('utf8'));
        expect(body.get('subject_token')).toBe('github-oidc-token');
        sendJson(res, 200, {
          access_token: minted,
          issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
          token_type: 'Bearer',
          expires_in: 3600,
        });
      })
      .start();
    try {
      const dir = await mkdtemp(join(tmpdir(), 'tf-adc-'));
      runnerDirs.push(dir);
      await writeFile(join(dir, 'oidc'), 'github-oidc-token');
      await writeFile(
        join(dir, 'credentials.json'),
        JSON.stringify({
          type: 'external_account',
          audience: '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/gh/providers/gh',
          subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
          token_url: `${sts.url}/v1/token`,
          credential_source: { file: join(dir, 'oidc') },
        }),
      );
      const r = await run(
        {},
        {
          env: {
            GOOGLE_OAUTH_ACCESS_TOKEN: undefined,
            GOOGLE_APPLICATION_CREDENTIALS: join(dir, 'credentials.json'),
          },
        },
      );
      expectSuccess(r);
      expect(r.stdout).toContain(`::add-mask::${minted}`);
      expect(r.stdout.replaceAll(`::add-mask::${minted}`, '')).not.toContain(minted);
      expect(fakes.compute.requests.every((q) => q.headers.authorization === `Bearer ${minted}`)).toBe(true);
    } finally {
      await sts.close();
    }
  });

  it('says how to authenticate when there are no credentials at all', async () => {
    const r = await run({}, { env: { GOOGLE_OAUTH_ACCESS_TOKEN: undefined, HOME: '/nonexistent' } });
    expect(errorOf(r)).toMatch(/No Google credentials[\s\S]*google-github-actions\/auth/);
  });
});

describe('image action: bad input gets a clear error', () => {
  it('an unknown Talos version: the factory 404, before any cloud call', async () => {
    const r = await run({ 'talos-version': 'v1.99.0' });
    expect(errorOf(r)).toMatch(/no Talos v1\.99\.0 image[\s\S]*Fix: set talos-version/);
    expect(cloudRequests()).toBe(0);
  });

  it('a malformed schematic: the factory 400 message, passed through', async () => {
    const r = await run({
      schematic: 'customization:\n  systemExtension:\n    officialExtensions: [siderolabs/gvisor]\n',
    });
    expect(errorOf(r)).toContain('field systemExtension not found in type schematic.Customization');
    expect(cloudRequests()).toBe(0);
  });

  it('a schematic that is not YAML, before any request', async () => {
    const r = await run({ schematic: 'customization: [unclosed\n' });
    expect(errorOf(r)).toMatch(/not valid YAML/);
    expect(fakes.factory.requests).toHaveLength(0);
  });

  it('a schematic file that does not exist', async () => {
    const r = await run({ schematic: 'no/such/schematic.yaml' });
    expect(errorOf(r)).toMatch(/cannot read .*no\/such\/schematic\.yaml/);
  });

  it('invalid bucket, image and label names, all at once, before any request', async () => {
    const r = await run({
      bucket: 'My_Bucket.',
      'image-name': 'Talos_1',
      labels: 'Team=x, talos-arch=arm64',
    });
    const message = errorOf(r);
    expect(message).toMatch(/input 'bucket'.*not a valid bucket name/);
    expect(message).toMatch(/input 'image-name'.*not a valid image name/);
    expect(message).toMatch(/label key 'Team'/);
    expect(message).toMatch(/label 'talos-arch' is set by talos-fleet image/);
    expect(fakes.factory.requests).toHaveLength(0);
    expect(cloudRequests()).toBe(0);
  });

  it('a missing project', async () => {
    const r = await run({ project: '' });
    expect(errorOf(r)).toMatch(/input 'project': is required/);
    expect(fakes.factory.requests).toHaveLength(0);
  });

  it('a bucket that belongs to someone else (403)', async () => {
    fakes.gcs.foreignBuckets.add('talos-images-01');
    const r = await run({ bucket: 'talos-images-01' });
    expect(errorOf(r)).toMatch(
      /Bucket 'talos-images-01' exists but does not belong to the target project[\s\S]*Fix: bucket names are global/,
    );
    expect(fakes.factory.downloads).toBe(0);
    expect(fakes.compute.requests.filter((q) => q.method === 'POST')).toHaveLength(0);
  });

  it('refuses a readable bucket of the default name that another project took first, before reading an object', async () => {
    // Another tenant created <project>-talos-images and put an object there that looks like this build.
    fakes.gcs.buckets.set(BUCKET, { project: 'mallory-ci', location: 'US', labels: {}, uniform: true });
    const content = publishedContent();
    fakes.gcs.addObject(BUCKET, OBJECT, Buffer.from(content), {
      ...BUILD_METADATA,
      'talos-size': String(content.length),
    });
    const r = await run();
    expect(errorOf(r)).toMatch(
      new RegExp(
        `^Bucket '${BUCKET}' exists but does not belong to the target project, or this identity may not use it \\(it is in project number ${projectNumber('mallory-ci')}, and ${PROJECT} is ${projectNumber(PROJECT)}\\)\\. Nothing was read from it or written to it\\.`,
      ),
    );
    expect(fakes.gcs.requests.filter((q) => q.path.includes('/o/') || q.path.startsWith('/upload'))).toEqual(
      [],
    );
    expect(fakes.compute.images.size).toBe(0);
    expect(fakes.factory.downloads).toBe(0);
  });

  it('does not reuse an image of this build made from that foreign bucket', async () => {
    fakes.gcs.buckets.set(BUCKET, { project: 'mallory-ci', location: 'US', labels: {}, uniform: true });
    fakes.compute.addImage(IMAGE, { ...BUILD_LABELS, 'managed-by': 'talos-fleet' }, 'READY', {
      rawDisk: { source: SOURCE },
    });
    const r = await run();
    expect(errorOf(r)).toMatch(
      new RegExp(`^Bucket '${BUCKET}' exists but does not belong to the target project`),
    );
    expect(r.outputs['image-name']).toBeUndefined();
  });

  it('recreates an image of this build that was made from another object', async () => {
    fakes.compute.addImage(IMAGE, BUILD_LABELS, 'READY', {
      rawDisk: { source: 'https://storage.googleapis.com/elsewhere/disk.tar.gz' },
    });
    const r = await run();
    expectSuccess(r);
    expect(r.stdout).toContain(
      `Deleting image ${IMAGE}: image '${IMAGE}' was made from https://storage.googleapis.com/elsewhere/disk.tar.gz, not from ${SOURCE}.`,
    );
    expect(fakes.compute.images.get(IMAGE)?.body.rawDisk).toEqual({ source: SOURCE });
    expect(r.summary).toMatch(/recreated/);
  });

  it('uploads over an object with this build metadata that the toolkit did not write (no managed-by)', async () => {
    addBucket();
    const content = publishedContent();
    const notOurs: Record<string, string> = { ...BUILD_METADATA };
    delete notOurs['managed-by'];
    const planted = fakes.gcs.addObject(BUCKET, OBJECT, Buffer.alloc(content.length), {
      ...notOurs,
      'talos-size': String(content.length),
    });
    const r = await run();
    expectSuccess(r);
    const object = fakes.gcs.object(BUCKET, OBJECT);
    expect(object?.generation).not.toBe(planted.generation);
    expect(object?.data?.equals(content)).toBe(true);
  });

  it('an image of that name with different labels: refused unless replace is true', async () => {
    fakes.compute.addImage(IMAGE, {
      'talos-version': 'v1-12-6',
      'talos-schematic': 'abc',
      'talos-arch': 'amd64',
    });
    const refused = await run();
    expect(errorOf(refused)).toMatch(/already exists and is not Talos v1\.13\.9[\s\S]*replace: true/);
    expect(fakes.factory.downloads).toBe(0);

    const replaced = await run({ replace: 'true' });
    expectSuccess(replaced);
    expect(fakes.compute.images.get(IMAGE)?.body.labels).toMatchObject({ 'talos-version': 'v1-13-9' });
    expect(fakes.compute.requests.some((q) => q.method === 'DELETE')).toBe(true);
    expect(replaced.summary).toMatch(/recreated/);
  });
});

describe('talos-fleet image (CLI)', () => {
  it('does the same with flags and prints the outputs as JSON', async () => {
    const r = await cli([
      '--talos-version',
      'v1.13.9',
      '--project',
      PROJECT,
      '--factory-url',
      fakes.factory.url,
      '--arch',
      'arm64',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, string>;
    expect(out['image-name']).toBe('talos-v1-13-9-37656798-arm64');
    expect(fakes.compute.images.get('talos-v1-13-9-37656798-arm64')?.body.architecture).toBe('ARM64');
  });

  it('keeps upload sessions in the user state folder (0700), not the shared temp folder', async () => {
    const home = await mkdtemp(join(tmpdir(), 'tf-home-'));
    runnerDirs.push(home);
    fakes.gcs.dropUploadAt(2 * 1024 * 1024 + 5);
    const r = await runDist('cli', {
      args: ['image', '--talos-version', 'v1.13.9', '--project', PROJECT, '--factory-url', fakes.factory.url],
      env: { ...fakes.env, HOME: home, TMPDIR: home, TALOS_FLEET_RETRY_ATTEMPTS: '1' },
    });
    runnerDirs.push(r.runnerDir);
    expect(r.code, r.stderr).toBe(1);
    const stateDir = join(home, '.local', 'state', 'talos-fleet', 'talos-fleet-image');
    const files = await readdir(stateDir);
    expect(files).toHaveLength(1);
    expect((await stat(stateDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(stateDir, files[0] ?? ''))).mode & 0o777).toBe(0o600);
    expect((await readdir(home)).filter((f) => f.startsWith('talos-fleet'))).toEqual([]);
  });

  it('names the flag at fault', async () => {
    const r = await cli(['--talos-version', 'v1.13.9', '--project', PROJECT, '--arch', 'x86']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--arch: must be 'amd64' or 'arm64'/);
  });
});
