import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readlink, rm, symlink, writeFile, lstat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expiryFor } from '../../src/core/plan/planner.js';
import { MAX_TTL_SECONDS } from '../../src/core/fleet/schema.js';
import { repoRoot } from '../support/paths.js';
import { removeRunnerDir, runDist } from '../support/run-dist.js';

/** Issue 10: security 5 (TTL cap on re-planning), 9 (symlinks in the out-dir), bad --out and status paths. */

const SPEC = join(repoRoot, 'examples/fleets/single-cluster.yaml');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-out-safety-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function plan(...args: string[]) {
  const r = await runDist('cli', { args: ['plan', SPEC, ...args], timeoutMs: 15_000 });
  await removeRunnerDir(r.runnerDir);
  return r;
}

const YEAR_2100 = Date.UTC(2100, 0, 1) / 1000;

describe('re-planning cannot push the expiry past now + ttl (security 5)', () => {
  it('keeps an earlier expiry only when it is no later than now + ttl, and never past 30 days', () => {
    const now = 1_000_000;
    const ttl = 3 * 3600;
    const previous = (expiresAt: number, t = '3h') => ({ fleet: 'nightly', ttl: t, expiresAt });
    expect(expiryFor('nightly', '3h', now, previous(now + 60))).toEqual({ expiresAt: now + 60, kept: true });
    expect(expiryFor('nightly', '3h', now, previous(now + ttl))).toEqual({
      expiresAt: now + ttl,
      kept: true,
    });
    expect(expiryFor('nightly', '3h', now, previous(now + ttl + 1))).toEqual({
      expiresAt: now + ttl,
      kept: false,
    });
    expect(expiryFor('nightly', '3h', now, previous(YEAR_2100))).toEqual({
      expiresAt: now + ttl,
      kept: false,
    });
    // A ttl over the cap (only possible by calling the planner directly) is capped too.
    expect(expiryFor('nightly', '60d', now, previous(now + 40 * 86_400, '60d'))).toEqual({
      expiresAt: now + MAX_TTL_SECONDS,
      kept: false,
    });
  });

  it('a plan.json committed with year 2100 does not set the expires-at labels', async () => {
    const out = join(dir, 'planted-expiry');
    await mkdir(out);
    const planted = JSON.parse(
      readFileSync(join(repoRoot, 'test/golden/plan/single-cluster/plan.json'), 'utf8'),
    );
    planted.fleet.expiresAt = YEAR_2100;
    await writeFile(join(out, 'plan.json'), JSON.stringify(planted));
    const before = Math.floor(Date.now() / 1000);
    const r = await plan('--out', out);
    expect(r.code).toBe(0);
    const expiresAt = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')).fleet.expiresAt as number;
    expect(expiresAt).toBeGreaterThanOrEqual(before + 3 * 3600);
    expect(expiresAt).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 3 * 3600);
    expect(readFileSync(join(out, 'solo/cluster.yaml'), 'utf8')).not.toContain(String(YEAR_2100));
    expect(r.stderr).toContain('Ignoring the expiry');
  });
});

describe('plan never writes through a symlink in the out-dir (security 9)', () => {
  it('replaces a network.json symlink with the file and leaves its target alone', async () => {
    const out = join(dir, 'symlinked-file');
    await mkdir(out);
    const victim = join(dir, 'victim.txt');
    await writeFile(victim, 'precious');
    await symlink(victim, join(out, 'network.json'));
    await symlink(victim, join(out, 'plan.json'));
    const r = await plan('--out', out);
    expect(r.code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect((await lstat(join(out, 'network.json'))).isFile()).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'network.json'), 'utf8'))).toHaveProperty('name', 'ci-shared');
    // No temporary file is left behind.
    expect((await readdir(out)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a cluster folder or the out-dir itself that is a symlink, writing nothing', async () => {
    const elsewhere = join(dir, 'elsewhere');
    await mkdir(elsewhere);
    const out = join(dir, 'symlinked-dir');
    await mkdir(out);
    await symlink(elsewhere, join(out, 'solo'));
    const r = await plan('--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--out: solo in');
    expect(r.stderr).toContain('is a symlink');
    expect(await readdir(elsewhere)).toEqual([]);

    const linked = join(dir, 'linked-out');
    await symlink(elsewhere, linked);
    const s = await plan('--out', linked);
    expect(s.code).toBe(1);
    expect(s.stderr).toContain(`--out: ${linked} is a symlink`);
    expect(await readdir(elsewhere)).toEqual([]);
    expect(await readlink(linked)).toBe(elsewhere);
  });
});

describe('bad destinations are user errors, within a second', () => {
  it('--out at a file, under a file, under /sys or /proc exits 1 naming --out', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    const cases: [string, string][] = [
      [file, 'is a file, not a directory'],
      [join(file, 'sub'), 'is under a file, not a directory'],
      ['/sys/talos-fleet-x', 'cannot create /sys/talos-fleet-x'],
      ['/proc/x', 'cannot create /proc/x (ENOENT)'],
    ];
    for (const [out, message] of cases) {
      const r = await plan('--out', out);
      expect(r.code, out).toBe(1);
      expect(r.stderr, out).toContain(`talos-fleet plan: --out: `);
      expect(r.stderr, out).toContain(message);
      expect(r.stderr, out).not.toContain('internal error');
      // /proc/x spun at 100 % CPU forever before.
      expect(r.durationMs, out).toBeLessThan(5_000);
    }
  });

  it('a status file under a non-directory exits 1 before any plan file is written', async () => {
    const file = join(dir, 'not-a-dir');
    await writeFile(file, 'x');
    const out = join(dir, 'never-written');
    const r = await plan('--out', out, '--status-file', join(file, 'status.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`--status-file: ${file} is a file, not a directory`);
    expect(existsSync(out)).toBe(false);
  });

  it('the action names its input', async () => {
    const file = join(dir, 'action-file');
    await writeFile(file, 'x');
    const r = await runDist('plan', {
      inputs: { spec: SPEC, 'out-dir': file },
      env: { GITHUB_WORKSPACE: dir },
      cwd: dir,
    });
    await removeRunnerDir(r.runnerDir);
    expect(r.code).toBe(1);
    expect(r.annotations.map((a) => a.message)).toEqual([
      `input out-dir: ${file} is a file, not a directory\nFix: point input out-dir at a place you can write, e.g. .talos-fleet/plan`,
    ]);
  });
});
