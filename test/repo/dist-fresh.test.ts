import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAll } from '../../scripts/build.mjs';
import { repoRoot } from '../support/paths.js';

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

const normalise = (s: string) => s.replace(/\r\n/g, '\n');

describe('dist/', () => {
  it("matches a fresh build (run 'npm run build' and commit dist/ when this fails)", async () => {
    const out = await mkdtemp(join(tmpdir(), 'tf-dist-'));
    try {
      await buildAll(out);
      const committed = join(repoRoot, 'dist');
      const fresh = await listFiles(out);
      expect(await listFiles(committed)).toEqual(fresh);
      const stale: string[] = [];
      for (const file of fresh) {
        const [a, b] = await Promise.all([
          readFile(join(out, file), 'utf8'),
          readFile(join(committed, file), 'utf8'),
        ]);
        if (normalise(a) !== normalise(b)) stale.push(file);
      }
      expect(stale, 'stale files in dist/').toEqual([]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
