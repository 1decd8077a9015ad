import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ToolName } from '../../core/tools/catalog.js';

/** What the toolkit writes beside each cached tool: how the cached bytes were verified. */
export interface InstallRecord {
  tool: ToolName;
  version: string;
  url: string;
  sha256: string;
  /** sha256 of the executable as it was cached (for an archive, after unpacking), re-checked on a cache hit with a lock file. */
  binarySha256?: string;
  verifiedBy: string;
  /** gcloud components installed into the tree so far. */
  components: string[];
}

const RECORD = '.talos-fleet-install.json';

/** The record in a tool directory, or undefined when another installer cached it. */
export async function readInstallRecord(dir: string): Promise<InstallRecord | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, RECORD), 'utf8')) as InstallRecord;
  } catch {
    return undefined;
  }
}

/** Partial only for a tree another installer cached, where just the components are known. */
export async function writeInstallRecord(dir: string, record: Partial<InstallRecord>): Promise<void> {
  await writeFile(join(dir, RECORD), `${JSON.stringify(record, null, 2)}\n`);
}

/** sha256 of a local file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
