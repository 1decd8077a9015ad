import type { Log } from '../log.js';
import { UserError } from '../user-error.js';
import { decideImage, decideObject, type FoundImage, imageSourceDistrust } from './decide.js';
import {
  bucketLabels,
  identityMatches,
  imageDescription,
  imageLabels,
  type ImageIdentity,
  objectMetadata,
} from './labels.js';
import { type Arch, defaultImageName, gceArchitecture, objectName, rawDiskSource } from './names.js';
import type { ComputePort, FactoryPort, StoragePort } from './ports.js';
import { uploadStateKey } from './upload-state.js';

/**
 * The image flow over its ports: schematic → image already there? → bucket → object → upload →
 * image. It does no I/O itself; the adapters do, so the same flow serves the action and the CLI.
 */

export interface ImageRequest {
  version: string;
  arch: Arch;
  /** Customization YAML as sent to the factory. */
  schematic: string;
  project: string;
  bucket: string;
  bucketLocation: string;
  /** Undefined: derived from version, schematic and arch. */
  imageName: string | undefined;
  family: string | undefined;
  userLabels: Record<string, string>;
  replace: boolean;
}

export interface ImageResult {
  imageName: string;
  selfLink: string;
  family: string;
  schematicId: string;
  gcsUri: string;
  image: 'reused' | 'created' | 'waited for another job' | 'recreated';
  bucket: 'exists' | 'created' | 'not needed';
  object: 'reused' | 'uploaded' | 'resumed' | 'written by another job' | 'not needed';
  bytesDownloaded: number;
  uploadMs: number;
  resumedFrom: number;
}

export interface Ports {
  factory: FactoryPort;
  storage: StoragePort;
  compute: ComputePort;
  log: Log;
  /** Milliseconds, for throughput only. */
  now: () => number;
}

export async function ensureImage(req: ImageRequest, ports: Ports): Promise<ImageResult> {
  const { factory, storage, compute, log } = ports;

  // Both factory calls come before any cloud call: a bad schematic or an unknown version fails
  // first. The HEAD moves no image bytes.
  const { id, size } = await log.group('Image Factory', async () => {
    const schematicId = await factory.createSchematic(req.schematic);
    log.info(`Schematic ID: ${schematicId}`);
    const build: ImageIdentity = { version: req.version, schematicId, arch: req.arch };
    const bytes = await factory.imageSize(build);
    log.info(`${factory.imageUrl(build)}: ${bytes} bytes`);
    return { id: build, size: bytes };
  });
  const { schematicId } = id;
  const imageName = req.imageName ?? defaultImageName(req.version, schematicId, req.arch);
  const object = objectName(req.version, schematicId, req.arch);
  const gcsUri = `gs://${req.bucket}/${object}`;
  const labels = imageLabels(id, req.userLabels);

  const result: ImageResult = {
    imageName,
    selfLink: '',
    family: req.family ?? '',
    schematicId,
    gcsUri,
    image: 'reused',
    bucket: 'not needed',
    object: 'not needed',
    bytesDownloaded: 0,
    uploadMs: 0,
    resumedFrom: 0,
  };
  const done = (image: FoundImage, how: ImageResult['image']): ImageResult => {
    result.selfLink = image.selfLink;
    result.family = image.family ?? req.family ?? '';
    result.image = how;
    return result;
  };

  const existing = await log.group(`Image ${imageName}`, async () => {
    const found = await compute.getImage(imageName);
    const decision = decideImage(found, id, req.replace);
    let ready: { image: FoundImage; how: 'reused' | 'waited for another job' } | undefined;
    if (decision.kind === 'reuse' && found) {
      log.info(`Image ${imageName} exists and is this build (READY).`);
      ready = { image: found, how: 'reused' };
    } else if (decision.kind === 'wait') {
      log.info(`Image ${imageName} is being created by another job: waiting for it.`);
      ready = {
        image: await compute.waitForImage(imageName, (m) => log.info(m)),
        how: 'waited for another job',
      };
    }
    let reason = decision.kind === 'recreate' ? decision.reason : undefined;
    if (ready) {
      // Labels say which build it is, not where its bytes came from: reuse it only when it was
      // made from this build's object in a bucket of the target project (a foreign bucket throws).
      reason = imageSourceDistrust(ready.image, rawDiskSource(req.bucket, object));
      if (!reason && (await storage.bucketOwnership(req.bucket)) === 'missing')
        reason = `its source bucket gs://${req.bucket} no longer exists, so its origin cannot be verified`;
      if (!reason) {
        log.info(
          `Image ${imageName} was made from ${gcsUri} in a bucket of ${req.project}: reusing it, nothing to download.`,
        );
        return ready;
      }
    }
    if (reason) {
      log.info(`Deleting image ${imageName}: ${reason}.`);
      await compute.deleteImage(imageName, (m) => log.info(m));
      result.image = 'recreated';
    } else log.info(`Image ${imageName} does not exist yet.`);
    return undefined;
  });
  if (existing) return done(existing.image, existing.how);

  result.bucket = await log.group(`Bucket gs://${req.bucket}`, async () => {
    const state = await storage.ensureBucket({
      name: req.bucket,
      location: req.bucketLocation,
      labels: bucketLabels(req.userLabels),
    });
    log.info(
      state === 'created' ? `Created bucket gs://${req.bucket}.` : `Bucket gs://${req.bucket} exists.`,
    );
    return state;
  });

  await log.group(`Object ${gcsUri}`, async () => {
    const found = await storage.getObject(req.bucket, object);
    const decision = decideObject(found, id, size);
    if (decision.kind === 'skip') {
      log.info(`${gcsUri} is already this build (${size} bytes): skipping the upload.`);
      result.object = 'reused';
      return;
    }
    log.info(`Uploading ${gcsUri}: ${decision.reason}.`);
    const started = ports.now();
    let lastReport = started;
    const outcome = await storage.upload({
      bucket: req.bucket,
      object,
      size,
      metadata: objectMetadata(id, size),
      ifGenerationMatch: decision.ifGenerationMatch,
      stateKey: uploadStateKey({ ...id, bucket: req.bucket, object, size }),
      source: (offset) => factory.open(id, offset),
      onProgress: (bytes) => {
        const t = ports.now();
        if (t - lastReport >= 5000 || bytes === size) {
          lastReport = t;
          log.info(`  ${((bytes / size) * 100).toFixed(0)}% (${bytes} of ${size} bytes)`);
        }
      },
    });
    result.uploadMs = ports.now() - started;
    if (outcome.kind === 'precondition-failed') {
      const now = await storage.getObject(req.bucket, object);
      if (decideObject(now, id, size).kind !== 'skip')
        throw new UserError(
          `${gcsUri} was overwritten during the upload by something that is not this build.`,
          {
            fix: 'make sure only talos-fleet writes to this bucket path, then re-run',
          },
        );
      log.info(`Another job finished ${gcsUri} first; using its object.`);
      result.object = 'written by another job';
      return;
    }
    result.bytesDownloaded = outcome.bytesRead;
    result.resumedFrom = outcome.resumedFrom;
    result.object = outcome.resumedFrom > 0 ? 'resumed' : 'uploaded';
    log.info(
      `Uploaded ${gcsUri} (crc32c ${outcome.crc32c} verified)${outcome.resumedFrom > 0 ? `, resumed at byte ${outcome.resumedFrom}` : ''}.`,
    );
  });

  return log.group(`Create image ${imageName}`, async () => {
    const source = rawDiskSource(req.bucket, object);
    const outcome = await compute.insertImage(
      {
        name: imageName,
        description: imageDescription(id, gcsUri),
        family: req.family,
        labels,
        architecture: gceArchitecture(req.arch),
        rawDiskSource: source,
      },
      (m) => log.info(m),
    );
    if (outcome === 'exists')
      log.info(`Another job created ${imageName} meanwhile: waiting for it to be READY.`);
    const image = await compute.waitForImage(imageName, (m) => log.info(m));
    const distrust = imageSourceDistrust(image, source);
    if (!identityMatches(image.labels, id) || distrust)
      throw new UserError(
        `Image '${imageName}' was created meanwhile by something else, ${distrust ? `and ${distrust}` : 'for another build'}.`,
        {
          fix: 'choose another image-name, or set replace: true',
        },
      );
    log.info(`Image ${imageName} is READY.`);
    return done(
      image,
      outcome === 'exists'
        ? 'waited for another job'
        : result.image === 'recreated'
          ? 'recreated'
          : 'created',
    );
  });
}
