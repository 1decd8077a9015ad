import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isGceName } from '../../src/core/gcp-names.js';
import {
  decideImage,
  decideObject,
  type FoundImage,
  imageSourceDistrust,
} from '../../src/core/image/decide.js';
import {
  identityLabels,
  imageLabels,
  objectMetadata,
  userLabelProblems,
} from '../../src/core/image/labels.js';
import {
  bucketProblem,
  defaultBucketName,
  defaultImageName,
  imageNameProblem,
  objectName,
  rawDiskSource,
} from '../../src/core/image/names.js';
import { imageInputSchema, isInlineSchematic, toImageRequest } from '../../src/core/image/options.js';
import { summaryRows } from '../../src/core/image/summary.js';
import { parseUploadState, uploadStateKey } from '../../src/core/image/upload-state.js';
import { UserError } from '../../src/core/user-error.js';

const ID = '376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba';
const build = { version: 'v1.13.9', schematicId: ID, arch: 'amd64' as const };

describe('image names', () => {
  it('derives talos-<version dashes>-<schematic 8>-<arch>', () => {
    expect(defaultImageName('v1.13.9', ID, 'amd64')).toBe('talos-v1-13-9-37656798-amd64');
    expect(defaultImageName('v1.14.0-beta.1', ID, 'arm64')).toBe('talos-v1-14-0-beta-1-37656798-arm64');
  });

  it('is GCE-valid for any version tag and schematic', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^v\d{1,3}\.\d{1,3}\.\d{1,3}(-[0-9A-Za-z.-]{1,60})?$/),
        fc.stringMatching(/^[0-9a-f]{64}$/),
        fc.constantFrom('amd64' as const, 'arm64' as const),
        (version, id, arch) => {
          const name = defaultImageName(version, id, arch);
          expect(isGceName(name)).toBe(true);
          expect(imageNameProblem(name)).toBeUndefined();
        },
      ),
    );
  });

  it('puts each build in its own object and points rawDisk.source at storage.googleapis.com', () => {
    expect(objectName('v1.13.9', ID, 'arm64')).toBe(`talos/v1.13.9/${ID}/gcp-arm64.raw.tar.gz`);
    expect(rawDiskSource('b', objectName('v1.13.9', ID, 'amd64'))).toBe(
      `https://storage.googleapis.com/b/talos/v1.13.9/${ID}/gcp-amd64.raw.tar.gz`,
    );
  });

  it('derives a per-project bucket and rejects names GCS would', () => {
    expect(defaultBucketName('acme-ci')).toBe('acme-ci-talos-images');
    expect(bucketProblem('talos-images-01')).toBeUndefined();
    for (const bad of [
      'ab',
      'Upper',
      'has.dots',
      '-lead',
      'trail-',
      'goog-x',
      'my-google-bucket',
      'a'.repeat(64),
    ])
      expect(bucketProblem(bad), bad).toBeDefined();
  });
});

describe('labels', () => {
  it('carry version, schematic prefix, arch, managed-by and the user labels (ours win)', () => {
    expect(imageLabels(build, { team: 'platform' })).toEqual({
      team: 'platform',
      'talos-version': 'v1-13-9',
      'talos-schematic': ID.slice(0, 32),
      'talos-arch': 'amd64',
      'managed-by': 'talos-fleet',
    });
    expect(userLabelProblems({ 'managed-by': 'me' })).toEqual([
      "label 'managed-by' is set by talos-fleet image and cannot be given",
    ]);
    expect(userLabelProblems({ Team: 'x' })[0]).toMatch(/label key 'Team'/);
  });

  it('are always GCP-valid label values', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^v\d{1,3}\.\d{1,3}\.\d{1,3}(-[0-9A-Za-z.-]{1,40})?$/), (version) => {
        for (const v of Object.values(identityLabels({ ...build, version })))
          expect(v).toMatch(/^[a-z0-9_-]{0,63}$/);
      }),
    );
  });
});

describe('decisions', () => {
  const image = (labels: Record<string, string>, status = 'READY'): FoundImage => ({
    name: 'img',
    status,
    labels,
    selfLink: 'link',
    family: undefined,
    rawDiskSource: undefined,
  });
  const mine = identityLabels(build);

  it('creates when missing, reuses a READY match, waits on a PENDING one, recreates a FAILED one', () => {
    expect(decideImage(undefined, build, false)).toEqual({ kind: 'create' });
    expect(decideImage(image({ ...mine, team: 'other' }), build, false)).toEqual({ kind: 'reuse' });
    expect(decideImage(image(mine, 'PENDING'), build, false)).toEqual({ kind: 'wait' });
    expect(decideImage(image(mine, 'FAILED'), build, false).kind).toBe('recreate');
  });

  it('refuses another build unless replace', () => {
    const other = image({ ...mine, 'talos-version': 'v1-12-6' });
    expect(() => decideImage(other, build, false)).toThrow(UserError);
    expect(() => decideImage(other, build, false)).toThrow(/talos-version=v1-12-6/);
    expect(decideImage(other, build, true).kind).toBe('recreate');
  });

  it('skips the upload only for this build at the factory size', () => {
    const meta = objectMetadata(build, 100);
    expect(decideObject(undefined, build, 100)).toMatchObject({ kind: 'upload', ifGenerationMatch: '0' });
    expect(decideObject({ size: 100, generation: '7', metadata: meta, crc32c: 'x' }, build, 100)).toEqual({
      kind: 'skip',
    });
    expect(
      decideObject({ size: 99, generation: '7', metadata: meta, crc32c: 'x' }, build, 100),
    ).toMatchObject({
      kind: 'upload',
      ifGenerationMatch: '7',
    });
    expect(
      decideObject(
        { size: 100, generation: '7', metadata: { ...meta, 'talos-arch': 'arm64' }, crc32c: 'x' },
        build,
        100,
      ),
    ).toMatchObject({ kind: 'upload' });
    // Matching build metadata without the toolkit's managed-by: not written by this toolkit.
    const foreign: Record<string, string> = { ...meta };
    delete foreign['managed-by'];
    expect(
      decideObject({ size: 100, generation: '7', metadata: foreign, crc32c: 'x' }, build, 100),
    ).toMatchObject({ kind: 'upload', ifGenerationMatch: '7' });
  });

  it('trusts an image of this build only when it was made from the expected object', () => {
    const source = 'https://storage.googleapis.com/b/o';
    expect(imageSourceDistrust({ ...image(mine), rawDiskSource: source }, source)).toBeUndefined();
    expect(
      imageSourceDistrust({ ...image(mine), rawDiskSource: 'https://storage.googleapis.com/x/o' }, source),
    ).toBe(
      "image 'img' was made from https://storage.googleapis.com/x/o, not from https://storage.googleapis.com/b/o",
    );
    expect(imageSourceDistrust(image(mine), source)).toBe(
      "image 'img' does not say which object it was made from",
    );
  });
});

describe('inputs', () => {
  const parse = (raw: Record<string, string | undefined>) => imageInputSchema.safeParse(raw);

  it('defaults arch, factory, bucket location, and derives the bucket', () => {
    const r = parse({ 'talos-version': '1.13.9', project: 'acme-ci' });
    expect(r.success).toBe(true);
    if (!r.success) return;
    const req = toImageRequest(r.data, 'customization: {}\n');
    expect(req).toMatchObject({
      version: 'v1.13.9',
      arch: 'amd64',
      bucket: 'acme-ci-talos-images',
      bucketLocation: 'US',
      replace: false,
      imageName: undefined,
    });
    expect(r.data['factory-url']).toBe('https://factory.talos.dev');
  });

  it('reports every bad input at once', () => {
    const r = parse({ 'talos-version': 'latest', arch: 'x86', project: 'P', bucket: 'a.b', labels: 'nokey' });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.error.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'arch',
      'bucket',
      'labels',
      'project',
      'talos-version',
    ]);
  });

  it('tells inline schematics from paths', () => {
    expect(isInlineSchematic('customization:\n  extraKernelArgs: [a]')).toBe(true);
    expect(isInlineSchematic('customization: {}')).toBe(true);
    expect(isInlineSchematic('.github/schematic.yaml')).toBe(false);
  });
});

describe('upload state', () => {
  it('keys by bucket, object, schematic, version, arch and size', () => {
    const base = { ...build, bucket: 'b', object: 'o', size: 1 };
    expect(uploadStateKey(base)).toMatch(/^[0-9a-f]{32}$/);
    expect(uploadStateKey({ ...base, size: 2 })).not.toBe(uploadStateKey(base));
    expect(uploadStateKey({ ...base, arch: 'arm64' })).not.toBe(uploadStateKey(base));
  });

  it('reads back what was saved and ignores torn or foreign files', () => {
    const s = { uri: 'http://x', size: 10, offset: 4, crc32c: 'AAAAAA==' };
    expect(parseUploadState(JSON.stringify(s))).toEqual(s);
    expect(parseUploadState('{"uri":"x"')).toBeUndefined();
    expect(parseUploadState(JSON.stringify({ ...s, offset: 11 }))).toBeUndefined();
  });
});

describe('summary', () => {
  it('shows what was reused or created, bytes and throughput', () => {
    const rows = summaryRows({
      imageName: 'img',
      selfLink: 'link',
      family: '',
      schematicId: ID,
      gcsUri: 'gs://b/o',
      image: 'created',
      bucket: 'created',
      object: 'resumed',
      bytesDownloaded: 10 * 1024 * 1024,
      uploadMs: 1000,
      resumedFrom: 4096,
    });
    expect(Object.fromEntries(rows)).toMatchObject({
      Schematic: ID,
      Image: 'img (created)',
      Object: 'gs://b/o (resumed)',
      Throughput: '10.0 MiB/s',
      'Resumed at': 'byte 4096',
    });
  });
});
