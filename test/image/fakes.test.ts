import { compute } from '@googleapis/compute';
import { Storage } from '@google-cloud/storage';
import { OAuth2Client } from 'google-auth-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeCompute } from '../fakes/compute/server.js';
import { FakeGcs } from '../fakes/gcs/server.js';
import { FakeImageFactory } from '../fakes/image-factory/server.js';
import { EMPTY_ID } from './harness.js';

/** The fakes speak the wire protocols the real clients expect: drive them with those clients directly. */

function auth(): OAuth2Client {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: 'ya29.test', expiry_date: Date.now() + 3_600_000 });
  return client;
}

describe('GCS fake with @google-cloud/storage', () => {
  let gcs: FakeGcs;
  let storage: Storage;
  beforeEach(async () => {
    gcs = await new FakeGcs().start();
    storage = new Storage({
      apiEndpoint: gcs.url,
      projectId: 'acme-ci',
      authClient: auth(),
      useAuthWithCustomEndpoint: true,
      retryOptions: { autoRetry: false },
    });
  });
  afterEach(() => gcs.close());

  it('creates buckets, answers 409 when taken and 403 for someone else’s', async () => {
    await storage.createBucket('mine', {
      location: 'EU',
      iamConfiguration: { uniformBucketLevelAccess: { enabled: true } },
    });
    const [meta] = await storage.bucket('mine').getMetadata();
    expect(meta).toMatchObject({
      name: 'mine',
      location: 'EU',
      iamConfiguration: { uniformBucketLevelAccess: { enabled: true } },
    });
    await expect(storage.createBucket('mine')).rejects.toMatchObject({ code: 409 });
    gcs.foreignBuckets.add('theirs');
    await expect(storage.bucket('theirs').getMetadata()).rejects.toMatchObject({ code: 403 });
    await expect(storage.createBucket('theirs')).rejects.toMatchObject({ code: 409 });
    expect((await storage.bucket('absent').exists())[0]).toBe(false);
  });

  it('takes multipart uploads and reports crc32c and metadata', async () => {
    await storage.createBucket('b');
    const data = Buffer.from('hello talos');
    await storage
      .bucket('b')
      .file('x.txt')
      .save(data, { resumable: false, metadata: { metadata: { k: 'v' } } });
    const post = gcs.requests.find((q) => q.method === 'POST' && q.path.startsWith('/upload/'));
    expect(post?.search).toContain('uploadType=multipart');
    const [meta] = await storage.bucket('b').file('x.txt').getMetadata();
    expect(meta).toMatchObject({ size: '11', metadata: { k: 'v' } });
    expect(meta.crc32c).toBe(gcs.object('b', 'x.txt')?.crc32c);
  });

  it('takes resumable uploads chunk by chunk with 308 + Range, and enforces ifGenerationMatch', async () => {
    await storage.createBucket('b');
    const data = Buffer.alloc(600 * 1024, 7);
    const file = storage.bucket('b').file('big.bin');
    await file.save(data, {
      resumable: true,
      chunkSize: 256 * 1024,
      preconditionOpts: { ifGenerationMatch: 0 },
    });
    const puts = gcs.requests.filter((q) => q.method === 'PUT').map((q) => q.headers['content-range']);
    expect(puts).toEqual(['bytes 0-262143/*', 'bytes 262144-524287/*', 'bytes 524288-614399/614400']);
    expect(gcs.object('b', 'big.bin')?.data?.equals(data)).toBe(true);
    await expect(
      file.save(data, { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } }),
    ).rejects.toMatchObject({ code: 412 });
  });

  it('makes the client delete an object whose crc32c does not match', async () => {
    await storage.createBucket('b');
    gcs.corruptNextCrc = true;
    await expect(
      storage.bucket('b').file('bad.bin').save(Buffer.alloc(1000, 1), { resumable: true }),
    ).rejects.toMatchObject({
      code: 'FILE_NO_UPLOAD',
    });
    expect(gcs.requests.some((q) => q.method === 'DELETE' && q.path === '/storage/v1/b/b/o/bad.bin')).toBe(
      true,
    );
    expect(gcs.object('b', 'bad.bin')).toBeUndefined();
  });

  it('requires a bearer token on the JSON API', async () => {
    const anonymous = new Storage({
      apiEndpoint: gcs.url,
      projectId: 'p',
      retryOptions: { autoRetry: false },
    });
    await expect(anonymous.bucket('x').getMetadata()).rejects.toMatchObject({ code: 401 });
  });
});

describe('Compute fake with @googleapis/compute', () => {
  let fake: FakeCompute;
  let client: ReturnType<typeof compute>;
  beforeEach(async () => {
    fake = await new FakeCompute('acme-ci').start();
    client = compute({ version: 'v1', rootUrl: `${fake.url}/`, auth: auth() as never, retry: false });
  });
  afterEach(() => fake.close());

  it('inserts an image behind a global operation, then 409s the same name', async () => {
    const requestBody = { name: 'talos-x', rawDisk: { source: 'https://storage.googleapis.com/b/o' } };
    const op = (await client.images.insert({ project: 'acme-ci', requestBody })).data;
    expect(op).toMatchObject({ status: 'RUNNING', operationType: 'insert' });
    expect((await client.images.get({ project: 'acme-ci', image: 'talos-x' })).data.status).toBe('PENDING');
    const done = (await client.globalOperations.wait({ project: 'acme-ci', operation: op.name ?? '' })).data;
    expect(done).toMatchObject({ status: 'DONE', progress: 100 });
    expect((await client.images.get({ project: 'acme-ci', image: 'talos-x' })).data.status).toBe('READY');
    await expect(client.images.insert({ project: 'acme-ci', requestBody })).rejects.toMatchObject({
      status: 409,
    });
    const del = (await client.images.delete({ project: 'acme-ci', image: 'talos-x' })).data;
    await client.globalOperations.wait({ project: 'acme-ci', operation: del.name ?? '' });
    await expect(client.images.get({ project: 'acme-ci', image: 'talos-x' })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('fails the operation when the source object is missing', async () => {
    fake.sourceExists = () => false;
    const op = (
      await client.images.insert({
        project: 'acme-ci',
        requestBody: { name: 'y', rawDisk: { source: 'https://storage.googleapis.com/b/none' } },
      })
    ).data;
    const done = (await client.globalOperations.get({ project: 'acme-ci', operation: op.name ?? '' })).data;
    expect(done.status).toBe('RUNNING');
    const finished = (await client.globalOperations.wait({ project: 'acme-ci', operation: op.name ?? '' }))
      .data;
    expect(finished.error?.errors?.[0]?.code).toBe('RESOURCE_NOT_FOUND');
    expect(fake.images.get('y')?.status).toBe('FAILED');
  });
});

describe('Image Factory fake', () => {
  let factory: FakeImageFactory;
  beforeEach(async () => {
    factory = await new FakeImageFactory().start();
  });
  afterEach(() => factory.close());

  it('gives the well-known ID to the empty schematic and serves the image with Content-Length and Range', async () => {
    const res = await fetch(`${factory.url}/schematics`, { method: 'POST', body: 'customization: {}\n' });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: EMPTY_ID, schematic: 'customization: {}\n' });
    const url = factory.imageUrl(EMPTY_ID, 'v1.13.9', 'amd64');
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(factory.defaultSize));
    const ranged = await fetch(url, { headers: { range: 'bytes=100-' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(
      `bytes 100-${factory.defaultSize - 1}/${factory.defaultSize}`,
    );
    const body = Buffer.from(await ranged.arrayBuffer());
    const full = factory.images.get('v1.13.9/gcp-amd64.raw.tar.gz');
    expect(body.equals(full?.read(100, factory.defaultSize) ?? Buffer.alloc(0))).toBe(true);
    expect((await fetch(factory.imageUrl(EMPTY_ID, 'v9.9.9', 'amd64'), { method: 'HEAD' })).status).toBe(404);
  });

  it('rejects unknown schematic fields with the factory message', async () => {
    const res = await fetch(`${factory.url}/schematics`, { method: 'POST', body: 'customisation: {}\n' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/line 1: field customisation not found in type schematic.Schematic/);
  });
});
