import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statusMarker } from '../../src/core/status/marker.js';
import { readStatusFile } from '../../src/runtime/status-report.js';
import { FakeGitHub, GITHUB_TOKEN } from '../fakes/github/fake-github.js';
import { repoRoot } from '../support/paths.js';
import { removeRunnerDir, runDist } from '../support/run-dist.js';
import { NOW } from '../plan/helpers.js';

const pullRequestEvent = {
  GITHUB_EVENT_NAME: 'pull_request',
  GITHUB_EVENT_PATH: join(repoRoot, 'test/pr-status/events/pull_request.json'),
};
let fake: FakeGitHub;
const cleanup: string[] = [];

beforeEach(async () => {
  fake = await new FakeGitHub().start();
});
afterEach(async () => {
  await fake.close();
  for (const dir of cleanup.splice(0)) await removeRunnerDir(dir);
});

async function workspace(): Promise<string> {
  const ws = await mkdtemp(join(tmpdir(), 'tf-ws-'));
  cleanup.push(ws);
  await writeFile(
    join(ws, 'fleet.yaml'),
    readFileSync(join(repoRoot, 'examples/fleets/two-region-mesh.yaml')),
  );
  return ws;
}

describe('plan → pr-status, as in examples/workflows/fleet-preview-status.yml', () => {
  it('the plan action writes .talos-fleet/status.json and pr-status comments it on the pull request', async () => {
    const ws = await workspace();
    // Same job, same workspace: plan (default status-file), then pr-status on that file.
    const plan = await runDist('plan', {
      inputs: { spec: 'fleet.yaml', now: String(NOW) },
      env: pullRequestEvent,
      cwd: ws,
    });
    cleanup.push(plan.runnerDir);
    expect(plan.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(plan.code).toBe(0);
    expect(plan.outputs['status-file']).toBe(join(ws, '.talos-fleet/status.json'));
    // The pull request's head, not the merge commit, is what the fleet was built from.
    expect((await readStatusFile(plan.outputs['status-file']!)).source).toEqual({
      repository: 'acme/platform',
      branch: 'feature/mesh-tuning',
      sha: '3f9c2a1d7b8e4f6a0c5d9e2b1a7f3c8d4e6b0a91',
      pullRequest: 1234,
    });

    const status = await runDist('pr-status', {
      inputs: { 'github-token': GITHUB_TOKEN, 'status-file': '.talos-fleet/status.json' },
      env: {
        ...pullRequestEvent,
        GITHUB_API_URL: fake.url,
        GITHUB_GRAPHQL_URL: `${fake.url}/graphql`,
        TALOS_FLEET_RETRY_BASE_MS: '1',
        TALOS_FLEET_RETRY_MAX_MS: '20',
      },
      cwd: ws,
    });
    cleanup.push(status.runnerDir);
    expect(status.annotations.filter((a) => a.level !== 'notice')).toEqual([]);
    expect(status.code).toBe(0);
    expect(status.outputs.outcome).toBe('created');

    const comments = fake.commentsOn(1234);
    expect(comments).toHaveLength(1);
    const body = comments[0]?.body ?? '';
    expect(body.startsWith(statusMarker('pr-42'))).toBe(true);
    expect(body).toContain('Fleet pr-42: planned');
    expect(body).toContain('**📝 eu** · planned');
    expect(body).toContain('**📝 us** · planned');
    expect(body).toContain('| europe-west1 | v1.13.9 | v1.35.4 | 0/3 |');
    expect(body).toContain('| us-central1 | v1.13.9 | v1.35.4 | 0/4 |');
    expect(body).toContain('#### ClusterMesh (0/2 connections ready)');
    expect(body).toContain('**Plan:** 2 clusters, 7 nodes (2 control plane, 5 workers)');
    expect(body).toContain('https://github.com/acme/platform/actions/runs/4242');
    expect(body).toContain('commit 3f9c2a1d7b8e');
    expect(status.summary).toContain('Fleet pr-42: planned');
  });
});

describe('talos-fleet plan --status-file', () => {
  it('writes the planned status; planning again keeps startedAt and moves updatedAt', async () => {
    const ws = await workspace();
    const plan = (now: number) =>
      runDist('cli', {
        args: [
          'plan',
          'fleet.yaml',
          '--out',
          'plan',
          '--status-file',
          'out/status.json',
          '--now',
          String(now),
        ],
        env: { GITHUB_ACTIONS: undefined, GITHUB_REPOSITORY: undefined, GITHUB_RUN_ID: undefined },
        cwd: ws,
      });
    const first = await plan(NOW);
    cleanup.push(first.runnerDir);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Status (planned) written to out/status.json');
    const written = await readStatusFile(join(ws, 'out/status.json'));
    expect(written).toMatchObject({
      fleet: 'pr-42',
      stage: 'planned',
      startedAt: '2026-11-24T12:00:00Z',
      source: {},
    });
    expect(written.run).toBeUndefined();

    const second = await plan(NOW + 600);
    cleanup.push(second.runnerDir);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(
      "status: kept startedAt 2026-11-24T12:00:00Z of fleet 'pr-42' (was planned)",
    );
    const again = JSON.parse(await readFile(join(ws, 'out/status.json'), 'utf8'));
    expect(again).toMatchObject({ startedAt: '2026-11-24T12:00:00Z', updatedAt: '2026-11-24T12:10:00Z' });
  });

  it('replaces an unreadable status document with a warning instead of failing the plan', async () => {
    const ws = await workspace();
    await writeFile(join(ws, 'status.json'), '{"fleet": ');
    const r = await runDist('cli', {
      args: ['plan', 'fleet.yaml', '--out', 'plan', '--status-file', 'status.json', '--now', String(NOW)],
      cwd: ws,
    });
    cleanup.push(r.runnerDir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^warning: \S*status\.json is not valid JSON.*; replacing it with the planned status$/m,
    );
    expect((await readStatusFile(join(ws, 'status.json'))).stage).toBe('planned');
  });
});
