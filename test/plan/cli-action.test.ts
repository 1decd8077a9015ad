import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStatusFile } from '../../src/runtime/status-report.js';
import { repoRoot } from '../support/paths.js';
import { removeRunnerDir, runDist } from '../support/run-dist.js';
import { flowSpec, NOW } from './helpers.js';

const BAD_SPEC = flowSpec(
  [
    '{name: eu, region: europe-west1, podCidr: 10.1.0.0/16}',
    '{name: us, region: us-central2, podCidr: 10.1.0.0/16, workerz: {replicas: 1}}',
  ],
  'mesh: {enabled: true}',
);

describe('talos-fleet plan (bundled CLI)', () => {
  it('plans the two-region example like npm start, writing every artifact and summary tables', async () => {
    const out = await mkdtemp(join(tmpdir(), 'tf-plan-'));
    const r = await runDist('cli', {
      args: ['plan', 'examples/fleets/two-region-mesh.yaml', '--out', out, '--now', String(NOW)],
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Fleet pr-42: 2 clusters in my-project, new VPC pr-42--net, mesh on \(vxlan\)/);
    expect(r.stdout).toMatch(/eu\s+europe-west1\s+1\s+10\.1\.0\.0\/16/);
    expect(r.stdout).toContain('pr-42--eu-apid');
    expect(r.stdout).toContain('warning: access.talosApiSourceRanges includes 0.0.0.0/0');
    for (const f of [
      'plan.json',
      'network.json',
      'eu/cluster.yaml',
      'eu/cilium-values.yaml',
      'us/cluster.yaml',
    ])
      expect(existsSync(join(out, f)), f).toBe(true);
    const golden = readFileSync(join(repoRoot, 'test/golden/plan/two-region-mesh/plan.json'), 'utf8');
    expect(readFileSync(join(out, 'plan.json'), 'utf8')).toBe(golden);
    await removeRunnerDir(out);
    await removeRunnerDir(r.runnerDir);
  });

  it('--format json prints the plan; TALOS_FLEET_NOW fixes the clock', async () => {
    const out = await mkdtemp(join(tmpdir(), 'tf-plan-'));
    const r = await runDist('cli', {
      args: [
        'plan',
        'examples/fleets/single-cluster.yaml',
        '--out',
        out,
        '--format',
        'json',
        '--image',
        'talos-v1-13-9-abcdef12-amd64',
      ],
      env: { TALOS_FLEET_NOW: '2026-11-24T12:00:00Z' },
    });
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.fleet.expiresAt).toBe(NOW + 3 * 3600);
    expect(plan.image).toMatchObject({
      source: 'input',
      value: 'projects/my-project/global/images/talos-v1-13-9-abcdef12-amd64',
    });
    expect(plan.clusters[0]).toMatchObject({
      name: 'solo',
      podCidr: '10.2.0.0/16',
      nodeCidr: '192.168.2.0/24',
    });
    await removeRunnerDir(out);
    await removeRunnerDir(r.runnerDir);
  });

  it('exits 1 with every error on stderr and writes nothing for an invalid spec', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tf-plan-'));
    await writeFile(join(dir, 'fleet.yaml'), BAD_SPEC);
    const r = await runDist('cli', { args: ['plan', 'fleet.yaml', '--out', 'out'], cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('fleet.yaml has 3 errors; nothing was written');
    expect(r.stderr).toContain(
      "clusters[1].region: unknown GCP region 'us-central2'; did you mean 'us-central1'? (line 8)",
    );
    expect(r.stderr).toContain("clusters[1].workerz: unknown key 'workerz'; did you mean 'workers'?");
    expect(r.stderr).toContain(
      'clusters[1].podCidr 10.1.0.0/16 overlaps clusters[0].podCidr 10.1.0.0/16 (line 8)',
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
    await removeRunnerDir(dir);
    await removeRunnerDir(r.runnerDir);
  });

  it('rejects bad flags before reading the spec', async () => {
    const r = await runDist('cli', { args: ['plan', 'x.yaml', '--format', 'xml', '--now', 'yesterday'] });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--format must be text or json, got 'xml'");
    expect(r.stderr).toContain("--now 'yesterday' is not unix seconds or an ISO 8601 time");
    await removeRunnerDir(r.runnerDir);
  });
});

describe('plan action (bundled)', () => {
  it('writes the plan, sets outputs for matrix jobs and writes the job summary', async () => {
    const ws = await mkdtemp(join(tmpdir(), 'tf-ws-'));
    await writeFile(
      join(ws, 'fleet.yaml'),
      readFileSync(join(repoRoot, 'examples/fleets/three-region-mesh.yaml')),
    );
    const r = await runDist('plan', {
      inputs: {
        spec: 'fleet.yaml',
        'out-dir': 'plan-out',
        now: String(NOW),
        image: 'talos-v1-13-9-37656798-amd64',
      },
      env: { GITHUB_WORKSPACE: ws },
      cwd: ws,
    });
    expect(r.stdout.split('\n')[0]).toBe('talos-fleet plan: reading inputs');
    expect(r.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({
      plan: join(ws, 'plan-out', 'plan.json'),
      'plan-dir': join(ws, 'plan-out'),
      clusters: '["eu","us","asia"]',
      fleet: 'mesh3',
      'expires-at': String(NOW + 86_400),
    });
    const plan = JSON.parse(readFileSync(r.outputs.plan!, 'utf8'));
    expect(plan.image.source).toBe('input');
    // The status document pr-status renders: default path, valid, at stage planned.
    expect(r.outputs['status-file']).toBe(join(ws, '.talos-fleet', 'status.json'));
    const status = await readStatusFile(r.outputs['status-file']!);
    expect(status).toMatchObject({
      fleet: 'mesh3',
      stage: 'planned',
      startedAt: '2026-11-24T12:00:00Z',
      ttl: { seconds: 86_400, expiresAt: '2026-11-25T12:00:00Z' },
      source: { repository: 'acme/platform' },
      run: { url: 'https://github.com/acme/platform/actions/runs/4242', id: 4242, attempt: 1 },
      plan: { clusters: 3, regions: ['europe-west4', 'us-east4', 'asia-northeast1'] },
    });
    expect(status.clusters.map((c) => `${c.name}:${c.state}:${c.nodes.ready}/${c.nodes.desired}`)).toEqual([
      'eu:planned:0/3',
      'us:planned:0/3',
      'asia:planned:0/3',
    ]);
    expect(status.mesh.pairs).toHaveLength(6);
    expect(r.stdout).toContain('Status: fleet mesh3 planned, 3 cluster(s), 6 mesh connection(s) pending');
    expect(r.summary).toContain('Fleet plan: mesh3');
    expect(r.summary).toContain('<td>asia-northeast1</td>');
    expect(r.summary).toContain('mesh3--asia-mesh');
    await removeRunnerDir(ws);
    await removeRunnerDir(r.runnerDir);
  });

  it('fails with one annotation per spec error at its line, and writes nothing', async () => {
    const ws = await mkdtemp(join(tmpdir(), 'tf-ws-'));
    await writeFile(join(ws, 'fleet.yaml'), BAD_SPEC);
    const r = await runDist('plan', {
      inputs: { spec: 'fleet.yaml' },
      env: { GITHUB_WORKSPACE: ws },
      cwd: ws,
    });
    expect(r.code).toBe(1);
    const errors = r.annotations.filter((a) => a.level === 'error');
    expect(errors.filter((a) => a.properties.includes('file=fleet.yaml'))).toHaveLength(3);
    expect(errors.some((a) => a.properties.includes('line=8') && a.message.includes('us-central2'))).toBe(
      true,
    );
    expect(r.outputs.plan).toBeUndefined();
    expect(existsSync(join(ws, '.talos-fleet'))).toBe(false);
    await removeRunnerDir(ws);
    await removeRunnerDir(r.runnerDir);
  });

  it('names a bad input before doing anything', async () => {
    const r = await runDist('plan', { inputs: { spec: 'fleet.yaml', image: 'Not An Image', now: 'soon' } });
    expect(r.code).toBe(1);
    const message = r.annotations.find((a) => a.level === 'error')?.message ?? '';
    expect(message).toContain("input 'image'");
    expect(message).toContain("input 'now'");
    await removeRunnerDir(r.runnerDir);
  });
});

describe('re-planning into the same directory', () => {
  it('removes the files of clusters that left the spec, and nothing else', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tf-plan-'));
    const three = readFileSync(join(repoRoot, 'examples/fleets/three-region-mesh.yaml'), 'utf8');
    await writeFile(join(dir, 'fleet.yaml'), three);
    await writeFile(join(dir, 'keep.txt'), 'mine');
    const first = await runDist('cli', {
      args: ['plan', 'fleet.yaml', '--out', '.', '--now', String(NOW)],
      cwd: dir,
    });
    expect(first.code).toBe(0);
    expect(existsSync(join(dir, 'asia/cluster.yaml'))).toBe(true);
    await writeFile(
      join(dir, 'fleet.yaml'),
      three.replace(/ {4}- name: asia\n {6}region: asia-northeast1\n/, ''),
    );
    const second = await runDist('cli', {
      args: ['plan', 'fleet.yaml', '--out', '.', '--now', String(NOW)],
      cwd: dir,
    });
    expect(second.code).toBe(0);
    expect(existsSync(join(dir, 'asia'))).toBe(false);
    expect(existsSync(join(dir, 'us/cluster.yaml'))).toBe(true);
    expect(readFileSync(join(dir, 'keep.txt'), 'utf8')).toBe('mine');
    await removeRunnerDir(dir);
    await removeRunnerDir(first.runnerDir);
    await removeRunnerDir(second.runnerDir);
  });
});
