import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseUploadState, type UploadState } from '../../core/image/upload-state.js';

/**
 * Where an upload's session URI and acknowledged offset live between attempts: one small JSON file
 * per upload under `<dir>`, written atomically. On a runner that is RUNNER_TEMP/talos-fleet-image,
 * which the runner empties per job, so only the CLI resumes across runs (on the same machine).
 */
export interface SessionStore {
  load(key: string): Promise<UploadState | undefined>;
  save(key: string, state: UploadState): Promise<void>;
  remove(key: string): Promise<void>;
}

export function fileSessionStore(dir: string): SessionStore {
  const file = (key: string) => join(dir, `${key}.json`);
  return {
    async load(key) {
      try {
        return parseUploadState(await readFile(file(key), 'utf8'));
      } catch {
        return undefined;
      }
    },
    async save(key, state) {
      await mkdir(dir, { recursive: true });
      const tmp = `${file(key)}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(state));
      await rename(tmp, file(key));
    },
    async remove(key) {
      await rm(file(key), { force: true });
    },
  };
}
