import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { zipSync } from 'fflate';

/** One file inside an archive: path, content, and whether it is executable. */
export interface ArchiveEntry {
  path: string;
  data: Buffer;
  executable?: boolean;
}

/** A .tar.gz as the release tooling makes them, built with the system tar (which tool-cache needs anyway). */
export function tarGz(entries: readonly ArchiveEntry[]): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'tf-mirror-tar-'));
  try {
    const root = join(dir, 'root');
    for (const e of entries) {
      const file = join(root, e.path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, e.data, { mode: e.executable ? 0o755 : 0o644 });
    }
    const out = join(dir, 'out.tar.gz');
    const tops = [...new Set(entries.map((e) => e.path.split('/')[0] as string))];
    execFileSync('tar', ['-czf', out, '-C', root, ...tops]);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A .zip with Unix modes recorded (made by fflate, so the fixture needs no zip binary). */
export function zip(entries: readonly ArchiveEntry[]): Buffer {
  const files: Record<string, [Uint8Array, { os: number; attrs: number }]> = {};
  for (const e of entries) {
    files[e.path] = [
      new Uint8Array(e.data),
      { os: 3, attrs: ((e.executable ? 0o100755 : 0o100644) << 16) >>> 0 },
    ];
  }
  return Buffer.from(zipSync(files));
}
