import type { FoundImage, FoundObject } from './decide.js';
import type { Arch } from './names.js';

/** The small interfaces the image flow drives; src/adapters implements them over HTTP. */

export interface FactoryImageRef {
  schematicId: string;
  version: string;
  arch: Arch;
}

export interface FactoryPort {
  /** `POST /schematics`: the factory's own ID for this customization. UserError with the factory's message on 400. */
  createSchematic(body: string): Promise<string>;
  /** The download size (a HEAD, no body). UserError when the factory answers 404 (unknown version). */
  imageSize(ref: FactoryImageRef): Promise<number>;
  imageUrl(ref: FactoryImageRef): string;
  /** The image's bytes from `offset` to the end, reconnecting (HTTP Range) when the connection drops. */
  open(ref: FactoryImageRef, offset: number): AsyncIterable<Buffer>;
}

export interface UploadRequest {
  bucket: string;
  object: string;
  size: number;
  metadata: Record<string, string>;
  /** '0' = only if absent; else the generation being overwritten. */
  ifGenerationMatch: string;
  /** Names the persisted session, so a retry or a CLI re-run on the same machine resumes it. */
  stateKey: string;
  source: (offset: number) => AsyncIterable<Buffer>;
  onProgress?: (uploadedBytes: number) => void;
}

export type UploadOutcome =
  | {
      kind: 'uploaded';
      /** Bytes read from the source in this run (0 when only finalising). */
      bytesRead: number;
      /** Where this run started: >0 when it resumed a persisted session. */
      resumedFrom: number;
      crc32c: string;
    }
  /** Someone else wrote the object first (ifGenerationMatch failed). */
  | { kind: 'precondition-failed' };

export interface StoragePort {
  /**
   * Whether the bucket exists in the target project (its projectNumber is the project's): 'ours'
   * or 'missing'. UserError when it exists in another project or this identity may not read it.
   */
  bucketOwnership(name: string): Promise<'ours' | 'missing'>;
  /** Creates the bucket when missing; UserError when it belongs to another project. */
  ensureBucket(req: {
    name: string;
    location: string;
    labels: Record<string, string>;
  }): Promise<'exists' | 'created'>;
  getObject(bucket: string, object: string): Promise<FoundObject | undefined>;
  upload(req: UploadRequest): Promise<UploadOutcome>;
}

export interface ImageInsert {
  name: string;
  description: string;
  family: string | undefined;
  labels: Record<string, string>;
  architecture: 'X86_64' | 'ARM64';
  rawDiskSource: string;
}

export interface ComputePort {
  getImage(name: string): Promise<FoundImage | undefined>;
  /** Inserts and waits for the operation; 'exists' when the name was taken meanwhile (409). */
  insertImage(image: ImageInsert, onProgress: (message: string) => void): Promise<'created' | 'exists'>;
  /** Deletes and waits; no error when already gone. */
  deleteImage(name: string, onProgress: (message: string) => void): Promise<void>;
  /** Polls until the image is READY; throws when it FAILED or the timeout passed. */
  waitForImage(name: string, onProgress: (message: string) => void): Promise<FoundImage>;
}
