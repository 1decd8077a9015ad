import { constants } from 'node:fs';
import { chmod, lstat, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../core/user-error.js';
import { parseUploadState, type UploadState } from '../../core/image/upload-state.js';

/**
 * Where an upload's session URI and acknowledged offset live between attempts: one small JSON file
 * per upload under `<dir>`, written atomically. A session URI is a bearer capability for that
 * upload, so the folder is private to this user (0700, files 0600, no symlinks), and anything in
 * it that another user could have written is ignored. On a runner it is
 * RUNNER_TEMP/talos-fleet-image, which the runner empties per job, so only the CLI resumes across
 * runs (on the same machine, from the user's state directory).
 */
export interface SessionStore {
  load(key: string): Promise<UploadState | undefined>;
  save(key: string, state: UploadState): Promise<void>;
  remove(key: string): Promise<void>;
}

const uid = () => process.getuid?.();

export function fileSessionStore(dir: string): SessionStore {
  const file = (key: string) => join(dir, `${key}.json`);
  let ready: Promise<void> | undefined;
  /** Creates the folder 0700, or checks that an existing one is a directory of this user, and makes it 0700. */
  const privateDir = () => {
    ready ??= (async () => {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const st = await lstat(dir);
      const me = uid();
      if (!st.isDirectory() || (me !== undefined && st.uid !== me))
        throw new UserError(
          `The upload state folder ${dir} is ${st.isSymbolicLink() ? 'a symbolic link' : st.isDirectory() ? `owned by uid ${st.uid}, not this user` : 'not a directory'}; resumable-upload sessions are credentials and are kept only in a private folder.`,
          {
            fix: `remove ${dir}, or point XDG_STATE_HOME (CLI) or RUNNER_TEMP (action) at a folder of your own`,
            title: 'Upload state folder not private',
          },
        );
      if ((st.mode & 0o077) !== 0) await chmod(dir, 0o700);
    })();
    return ready;
  };
  return {
    async load(key) {
      await privateDir();
      let handle;
      try {
        handle = await open(file(key), constants.O_RDONLY | constants.O_NOFOLLOW);
      } catch {
        return undefined;
      }
      try {
        const st = await handle.stat();
        const me = uid();
        // Only a file this user wrote for itself: a planted or loosened one is not resumed.
        if (!st.isFile() || (me !== undefined && st.uid !== me) || (st.mode & 0o077) !== 0) return undefined;
        return parseUploadState(await handle.readFile('utf8'));
      } catch {
        return undefined;
      } finally {
        await handle.close();
      }
    },
    async save(key, state) {
      await privateDir();
      const tmp = `${file(key)}.${process.pid}.tmp`;
      await rm(tmp, { force: true });
      await writeFile(tmp, JSON.stringify(state), { mode: 0o600, flag: 'wx' });
      await rename(tmp, file(key));
    },
    async remove(key) {
      await rm(file(key), { force: true });
    },
  };
}

/**
 * The CLI's state folder for upload sessions: `$XDG_STATE_HOME/talos-fleet` (XDG Base Directory
 * spec), else `~/.local/state/talos-fleet`; never the shared temp folder.
 */
export function userStateDir(env: NodeJS.ProcessEnv, home: string): string {
  const base = env.XDG_STATE_HOME?.startsWith('/') ? env.XDG_STATE_HOME : join(home, '.local', 'state');
  return join(base, 'talos-fleet');
}
