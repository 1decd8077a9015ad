import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, parse, relative, sep } from 'node:path';
import { UserError } from '../core/user-error.js';

/**
 * Writing the files a step produces (the plan, the status document) into a directory the
 * workflow names, which a pull request can prepare: its checkout may hold symlinks where the
 * files go. Every failure is a UserError naming the input (`what`) and the path.
 */

export interface OutputTarget {
  /** The input or option that named the directory, e.g. `--out` or `input out-dir`. */
  what: string;
  /** Absolute directory. */
  dir: string;
  /** A good value to suggest in the fix, e.g. `.talos-fleet/plan`. */
  example?: string;
}

const code = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

function refuse(target: OutputTarget, problem: string, fix?: string): UserError {
  return new UserError(`${target.what}: ${problem}`, {
    fix:
      fix ??
      `point ${target.what} at a place you can write${target.example ? `, e.g. ${target.example}` : ''}`,
    title: target.what,
  });
}

/**
 * Checks, without creating anything, that `target.dir` is a directory or can become one: the
 * nearest existing ancestor must be a directory, and `target.dir` itself must not be a symlink.
 * Run it for every destination before writing any, so bad input writes nothing.
 */
export async function checkOutputDirectory(target: OutputTarget): Promise<void> {
  let path = target.dir;
  for (;;) {
    let stats;
    try {
      stats = await lstat(path);
    } catch (error) {
      const c = code(error);
      if (c === 'ENOENT' && path !== parse(path).root) {
        path = dirname(path);
        continue;
      }
      if (c === 'ENOTDIR') throw refuse(target, `${target.dir} is under a file, not a directory`);
      throw refuse(target, `cannot use ${target.dir} (${c} on ${path})`);
    }
    if (path === target.dir && stats.isSymbolicLink())
      throw refuse(
        target,
        `${target.dir} is a symlink; a checkout could point it anywhere, so talos-fleet writes only into a real directory`,
        `remove the symlink or point ${target.what} at a real directory`,
      );
    if (stats.isDirectory() || (stats.isSymbolicLink() && path !== target.dir)) return;
    throw refuse(
      target,
      path === target.dir
        ? `${target.dir} is a file, not a directory`
        : `${target.dir} is under ${path}, which is a file`,
    );
  }
}

/**
 * Creates `target.dir` and the folders below it that `files` need, one level at a time:
 * `mkdir({recursive: true})` never returns for a path under /proc (Node retries ENOENT on the
 * parent forever, measured: 100 % CPU until killed), so each missing level is made on its own
 * and any error ends it. A folder inside `target.dir` that is a symlink is refused.
 */
export async function createOutputDirectory(target: OutputTarget, subdirectories: readonly string[] = []) {
  const missing: string[] = [];
  for (let path = target.dir; ; path = dirname(path)) {
    try {
      await lstat(path);
      break;
    } catch (error) {
      if (code(error) !== 'ENOENT' || path === parse(path).root) break;
      missing.unshift(path);
    }
  }
  const make = async (path: string) => {
    try {
      await mkdir(path);
    } catch (error) {
      if (code(error) !== 'EEXIST') throw refuse(target, `cannot create ${path} (${code(error)})`);
    }
  };
  for (const path of missing) await make(path);
  for (const sub of [...new Set(subdirectories)].sort()) {
    let path = target.dir;
    for (const part of sub.split(sep).filter(Boolean)) {
      path = join(path, part);
      await make(path);
      const stats = await lstat(path);
      if (stats.isSymbolicLink())
        throw refuse(
          target,
          `${relative(target.dir, path)} in ${target.dir} is a symlink; talos-fleet writes only into real directories`,
          `delete ${path} and run again`,
        );
      if (!stats.isDirectory())
        throw refuse(target, `${path} is a file, not a directory`, `delete ${path} and run again`);
    }
  }
}

/**
 * Writes `content` to `path` through a new temporary file in the same folder (created with
 * O_EXCL, so nothing planted there is followed) and a rename, which replaces whatever was at
 * `path`, a symlink included, without touching what a symlink pointed at. Readers never see half
 * a file.
 */
export async function replaceFile(
  target: OutputTarget,
  path: string,
  content: string,
  mode = 0o644,
): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, content, { flag: 'wx', mode });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw refuse(target, `cannot write ${path} (${code(error)})`);
  }
}

/**
 * The text of a file the step wrote earlier (plan.json in the out-dir), or undefined when there is
 * none or it is not a regular file of at most `maxBytes`: a symlink, a FIFO or /dev/zero planted
 * there is not read.
 */
export async function readOwnFile(path: string, maxBytes: number): Promise<string | undefined> {
  try {
    const stats = await lstat(path);
    if (!stats.isFile() || stats.size > maxBytes) return undefined;
    const file = await open(path, 'r');
    try {
      return await file.readFile('utf8');
    } finally {
      await file.close();
    }
  } catch {
    return undefined;
  }
}
