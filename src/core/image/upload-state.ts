import { createHash } from 'node:crypto';
import type { ImageIdentity } from './labels.js';

/**
 * What a retry (or a CLI re-run on the same machine) needs to resume an interrupted upload: the
 * session URI, the offset GCS has
 * acknowledged, and the crc32c of the bytes before it (so the final object is still verified end
 * to end without reading them again).
 */
export interface UploadState {
  uri: string;
  size: number;
  offset: number;
  /** Base64 big-endian CRC32C of bytes [0, offset), as GCS writes it. */
  crc32c: string;
}

/** A stable file-name-safe key for one upload: bucket, object, schematic, version, arch and size. */
export function uploadStateKey(
  parts: ImageIdentity & { bucket: string; object: string; size: number },
): string {
  const text = [parts.bucket, parts.object, parts.schematicId, parts.version, parts.arch, parts.size].join(
    '\n',
  );
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

export function parseUploadState(text: string): UploadState | undefined {
  try {
    const v = JSON.parse(text) as Partial<UploadState>;
    if (
      typeof v.uri === 'string' &&
      typeof v.size === 'number' &&
      typeof v.offset === 'number' &&
      typeof v.crc32c === 'string' &&
      v.offset >= 0 &&
      v.offset <= v.size
    )
      return { uri: v.uri, size: v.size, offset: v.offset, crc32c: v.crc32c };
  } catch {
    // A torn or foreign file: start again.
  }
  return undefined;
}
