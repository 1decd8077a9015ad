import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { planCommand } from '../../src/cli/commands/plan.js';
import { expiryFor, previousExpiry } from '../../src/core/plan/planner.js';
import { repoRoot } from '../support/paths.js';
import { removeRunnerDir, runDist } from '../support/run-dist.js';

const TWO = readFileSync(join(repoRoot, 'examples/fleets/two-region-mesh.yaml'), 'utf8');
const THREE = `${TWO.replace(/\n {2}mesh:\n {4}enabled: true\n$/, '')}
    - name: asia
      region: asia-northeast1
  mesh:
    enabled: true
`;

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

/** Runs `talos-fleet plan` in-process, without TALOS_FLEET_NOW, so only --now fixes the clock. */
async function plan(cwd: string, ...args: string[]) {
  const stdout = sink();
  const stderr = sink();
  const code = await planCommand.run(['fleet.yaml', '--out', 'out', ...args], {
    cwd,
    env: {},
    stdout: stdout.stream,
    stderr: stderr.stream,
  });
  const read = (path: string) => readFileSync(join(cwd, 'out', path), 'utf8');
  return {
    code,
    stderr: stderr.text(),
    read,
    expiresAt: JSON.parse(read('plan.json')).fleet.expiresAt as number,
  };
}

/** An hour ago: the first plan's expiry is still ahead, and differs from one counted from now. */
const anHourAgo = () => Math.floor(Date.now() / 1000) - 3600;

describe('re-planning keeps the expiry, so existing clusters stay byte-identical', () => {
  it('appending a cluster and planning again without --now leaves the existing cluster.yaml unchanged', async () => {
    expect(THREE).toContain('- name: asia');
    const dir = await mkdtemp(join(tmpdir(), 'tf-replan-'));
    await writeFile(join(dir, 'fleet.yaml'), TWO);
    const t0 = anHourAgo();
    const first = await plan(dir, '--now', String(t0));
    expect(first.expiresAt).toBe(t0 + 6 * 3600);
    const before = { eu: first.read('eu/cluster.yaml'), us: first.read('us/cluster.yaml') };

    await writeFile(join(dir, 'fleet.yaml'), THREE);
    const second = await plan(dir);
    expect(second.code).toBe(0);
    expect(second.expiresAt).toBe(first.expiresAt);
    expect(second.read('eu/cluster.yaml')).toBe(before.eu);
    expect(second.read('us/cluster.yaml')).toBe(before.us);
    expect(second.read('asia/cluster.yaml')).toContain(`expires-at: "${String(first.expiresAt)}"`);
    expect(second.stderr).toContain('Keeping expires-at');

    // An explicit time renews the expiry; so does a changed ttl.
    const renewed = await plan(dir, '--now', String(t0 + 60));
    expect(renewed.expiresAt).toBe(t0 + 60 + 6 * 3600);
    await writeFile(join(dir, 'fleet.yaml'), THREE.replace('ttl: 6h', 'ttl: 8h'));
    const longer = await plan(dir);
    expect(longer.expiresAt).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 8 * 3600 - 5);
    await removeRunnerDir(dir);
  });

  it('keeps only a future expiry of the same fleet and ttl', () => {
    const previous = { fleet: 'pr-42', ttl: '6h', expiresAt: 5000 };
    expect(expiryFor('pr-42', '6h', 1000, previous)).toEqual({ expiresAt: 5000, kept: true });
    expect(expiryFor('pr-42', '6h', 5000, previous)).toEqual({ expiresAt: 5000 + 21_600, kept: false });
    expect(expiryFor('pr-43', '6h', 1000, previous)).toEqual({ expiresAt: 1000 + 21_600, kept: false });
    expect(expiryFor('pr-42', '1h', 1000, previous)).toEqual({ expiresAt: 1000 + 3600, kept: false });
    expect(previousExpiry('{"kind":"FleetPlan","fleet":{"name":"a","ttl":"6h","expiresAt":7}}')).toEqual({
      fleet: 'a',
      ttl: '6h',
      expiresAt: 7,
    });
    for (const text of [
      undefined,
      'not json',
      '{"kind":"Other"}',
      '{"kind":"FleetPlan","fleet":{"name":"a"}}',
    ])
      expect(previousExpiry(text)).toBeUndefined();
  });

  it('the plan action keeps it too when the now input is not set', async () => {
    const ws = await mkdtemp(join(tmpdir(), 'tf-ws-'));
    await writeFile(join(ws, 'fleet.yaml'), TWO);
    const t0 = anHourAgo();
    const run = (inputs: Record<string, string>) =>
      runDist('plan', {
        inputs: { spec: 'fleet.yaml', 'out-dir': 'out', ...inputs },
        env: { GITHUB_WORKSPACE: ws },
        cwd: ws,
      });
    const first = await run({ now: String(t0) });
    expect(first.code).toBe(0);
    const eu = readFileSync(join(ws, 'out/eu/cluster.yaml'), 'utf8');
    await writeFile(join(ws, 'fleet.yaml'), THREE);
    const second = await run({});
    expect(second.code).toBe(0);
    expect(second.outputs['expires-at']).toBe(String(t0 + 6 * 3600));
    expect(second.outputs.clusters).toBe('["eu","us","asia"]');
    expect(readFileSync(join(ws, 'out/eu/cluster.yaml'), 'utf8')).toBe(eu);
    expect(second.stdout).toContain('Keeping expires-at');
    await removeRunnerDir(ws);
    await removeRunnerDir(first.runnerDir);
    await removeRunnerDir(second.runnerDir);
  });
});
