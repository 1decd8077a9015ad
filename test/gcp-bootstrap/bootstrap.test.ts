import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  APIS,
  bootstrapScript,
  bootstrapSteps,
  DEPLOYER_ROLES,
  NODE_ACCOUNT,
  PROJECT_NUMBER,
} from '../../src/core/gcp-bootstrap/steps.js';
import { UserError } from '../../src/core/user-error.js';
import { repoRoot } from '../support/paths.js';
import { runDist } from '../support/run-dist.js';

const options = {
  project: 'acme-ci',
  repo: 'acme/platform-ci',
  stateBucket: 'acme-ci-talos-fleet-a1b2c3',
  bucketLocation: 'US',
};
const fakeBin = join(repoRoot, 'test', 'fakes', 'gcloud');

interface GcloudState {
  calls: string[][];
  resources: Record<string, { labels: Record<string, string> }>;
  failOn?: string;
}

async function fakeGcloud(initial: Partial<GcloudState> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'gcloud-'));
  const file = join(dir, 'state.json');
  await writeFile(file, JSON.stringify({ calls: [], resources: {}, ...initial }));
  return {
    file,
    env: { FAKE_GCLOUD_STATE: file, PATH: `${fakeBin}${delimiter}${process.env.PATH ?? ''}` },
    read: async () => JSON.parse(await readFile(file, 'utf8')) as GcloudState,
  };
}

describe('gcp bootstrap steps', () => {
  const steps = bootstrapSteps(options);
  const lines = steps.map((s) => s.run.join(' '));

  it('enables the APIs and grants the deployer only the documented roles', () => {
    expect(steps[0]?.run).toEqual(['gcloud', 'services', 'enable', ...APIS, '--project', 'acme-ci']);
    const projectRoles = lines.filter((l) => l.startsWith('gcloud projects add-iam-policy-binding'));
    expect(projectRoles.map((l) => /--role=(\S+)/.exec(l)?.[1])).toEqual(DEPLOYER_ROLES.map((r) => r.role));
    expect(lines.join('\n')).not.toMatch(/roles\/(owner|editor|compute\.admin|storage\.admin)\b/);
  });

  it('gives the node service account no roles, and lets only the deployer attach it', () => {
    const node = `${NODE_ACCOUNT}@acme-ci.iam.gserviceaccount.com`;
    expect(lines.filter((l) => l.includes(`serviceAccount:${node}`))).toEqual([]);
    expect(lines.filter((l) => l.includes(`add-iam-policy-binding ${node}`))).toEqual([
      expect.stringContaining(
        '--member=serviceAccount:talos-fleet-deployer@acme-ci.iam.gserviceaccount.com --role=roles/iam.serviceAccountUser',
      ),
    ]);
  });

  it('limits Workload Identity to the one repository', () => {
    expect(lines.join('\n')).toContain("--attribute-condition=assertion.repository=='acme/platform-ci'");
    expect(lines.at(-1)).toContain(
      `principalSet://iam.googleapis.com/projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/github/attribute.repository/acme/platform-ci`,
    );
  });

  it('creates both buckets with uniform access and public access prevention, labelled', () => {
    for (const bucket of ['gs://acme-ci-talos-fleet-a1b2c3', 'gs://acme-ci-talos-images']) {
      expect(lines).toContain(
        `gcloud storage buckets create ${bucket} --project acme-ci --location=US --uniform-bucket-level-access --public-access-prevention`,
      );
      expect(
        lines.some((l) =>
          l.startsWith(`gcloud storage buckets update ${bucket} --update-labels=managed-by=talos-fleet,`),
        ),
      ).toBe(true);
    }
  });

  it('refuses bad options before anything runs, naming each', () => {
    const error = (() => {
      try {
        bootstrapSteps({ ...options, project: 'My Project', repo: 'nope' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).describe()).toMatch(/--project 'My Project'[\s\S]*--repo 'nope'/);
  });

  it('prints a script that runs exactly the same command lines', async () => {
    const gcloud = await fakeGcloud();
    const dir = await mkdtemp(join(tmpdir(), 'script-'));
    const script = join(dir, 'bootstrap.sh');
    await writeFile(script, bootstrapScript(options));
    await promisify(execFile)('bash', [script], { env: { ...process.env, ...gcloud.env } });
    const { calls } = await gcloud.read();
    const ran = calls.filter((c) => !c.includes('describe'));
    expect(ran).toEqual(
      steps.map((s) => s.run.slice(1).map((a) => a.replace(PROJECT_NUMBER, '123456789012'))),
    );
  });
});

describe('talos-fleet gcp bootstrap', () => {
  const args = ['gcp', 'bootstrap', '--project', 'acme-ci', '--repo', 'acme/platform-ci'];

  it('prints the script without running gcloud', async () => {
    const gcloud = await fakeGcloud();
    const r = await runDist('cli', { args, env: gcloud.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^#!\/usr\/bin\/env bash/);
    expect(r.stdout).toMatch(/gs:\/\/acme-ci-talos-fleet-[0-9a-f]{6}/);
    expect((await gcloud.read()).calls).toEqual([]);
  });

  it('applies, then a second apply reuses the state bucket and creates nothing', async () => {
    const gcloud = await fakeGcloud();
    const first = await runDist('cli', { args: [...args, '--apply'], env: gcloud.env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(
      'WIF_PROVIDER=projects/123456789012/locations/global/workloadIdentityPools/github/providers/github-actions',
    );
    const bucket = /STATE_BUCKET=(\S+)/.exec(first.stdout)?.[1];
    const afterFirst = await gcloud.read();
    const creates = (calls: string[][]) =>
      calls.filter((c) => c.includes('create') || c.includes('create-oidc'));
    expect(creates(afterFirst.calls)).toHaveLength(6);

    const second = await runDist('cli', { args: [...args, '--apply'], env: gcloud.env });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(`STATE_BUCKET=${bucket ?? 'missing'}`);
    expect(second.stderr).toContain('Reusing the state bucket');
    expect(creates((await gcloud.read()).calls.slice(afterFirst.calls.length))).toEqual([]);
  });

  it('stops at a failing step with exit 1, naming it and the fix', async () => {
    const gcloud = await fakeGcloud({ failOn: 'service-accounts create' });
    const r = await runDist('cli', { args: [...args, '--apply'], env: gcloud.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /gcloud failed at "service account talos-fleet-deployer@acme-ci.iam.gserviceaccount.com".*PERMISSION_DENIED/,
    );
    expect(r.stderr).toContain('re-running continues');
  });

  it('names the setup step when gcloud is missing', async () => {
    const r = await runDist('cli', { args: [...args, '--apply'], env: { PATH: '/nonexistent' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('gcloud is not on PATH');
  });
});
