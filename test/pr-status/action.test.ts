import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { statusMarker } from '../../src/core/status/marker.js';
import { FakeGitHub, GITHUB_TOKEN, NO_HIDE_TOKEN, READ_ONLY_TOKEN } from '../fakes/github/fake-github.js';
import { repoRoot } from '../support/paths.js';
import { removeRunnerDir, runDist, type RunDistResult } from '../support/run-dist.js';

const examples = join(repoRoot, 'examples/status');
const events = join(repoRoot, 'test/pr-status/events');
let fake: FakeGitHub;
let work: string;
const runnerDirs: string[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'tf-pr-status-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});
beforeEach(async () => {
  fake = await new FakeGitHub().start();
});
afterEach(async () => {
  await fake.close();
  for (const dir of runnerDirs.splice(0)) await removeRunnerDir(dir);
});

async function run(
  event: 'pull_request' | 'pull_request_fork' | 'workflow_run' | 'schedule',
  inputs: Record<string, string>,
  token = GITHUB_TOKEN,
): Promise<RunDistResult> {
  const result = await runDist('pr-status', {
    inputs: { 'github-token': token, ...inputs },
    env: {
      GITHUB_API_URL: fake.url,
      GITHUB_GRAPHQL_URL: `${fake.url}/graphql`,
      GITHUB_EVENT_NAME: event === 'pull_request_fork' ? 'pull_request' : event,
      GITHUB_EVENT_PATH: join(events, `${event}.json`),
      TALOS_FLEET_RETRY_BASE_MS: '1',
      TALOS_FLEET_RETRY_MAX_MS: '20',
    },
  });
  runnerDirs.push(result.runnerDir);
  return result;
}

const errorsOf = (r: RunDistResult) => r.annotations.filter((a) => a.level === 'error').map((a) => a.message);
const warningsOf = (r: RunDistResult) =>
  r.annotations.filter((a) => a.level === 'warning').map((a) => a.message);

describe('pr-status action (dist/pr-status.js against the fake GitHub)', () => {
  it('pull_request: creates the comment, then updates it in place saying what changed', async () => {
    const first = await run('pull_request', { 'status-file': join(examples, 'provisioning.json') });
    expect(errorsOf(first)).toEqual([]);
    expect(first.code).toBe(0);
    expect(first.outputs.outcome).toBe('created');
    const [comment] = fake.commentsOn(1234);
    expect(comment?.author).toBe('github-actions[bot]');
    expect(comment?.body.startsWith(statusMarker('pr-1234-mesh'))).toBe(true);
    expect(first.outputs['comment-id']).toBe(String(comment?.id));
    expect(first.outputs['comment-url']).toContain(`#issuecomment-${comment?.id}`);
    expect(first.summary).toContain('Fleet pr-1234-mesh: provisioning');

    const second = await run('pull_request', { 'status-file': join(examples, 'ready.json') });
    expect(second.outputs.outcome).toBe('updated');
    expect(second.outputs['comment-id']).toBe(first.outputs['comment-id']);
    const body = fake.commentsOn(1234)[0]?.body ?? '';
    expect(fake.commentsOn(1234)).toHaveLength(1);
    expect(body).toContain('Fleet pr-1234-mesh: ready');
    expect(body).toMatch(/Changes since the last update/);
    expect(body).toContain('fleet provisioning → **ready**');
    // The job summary carries the same report as the comment.
    expect(second.summary).toContain('Changes since the last update');
  });

  it('merges several status files (one per line, as matrix jobs upload them) into one comment', async () => {
    const planned = JSON.parse(await readFile(join(examples, 'planned.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const ready = JSON.parse(await readFile(join(examples, 'ready.json'), 'utf8')) as {
      clusters: { name: string }[];
    };
    // Job "eu" saw only its own cluster become ready; the planned document knows the rest.
    const eu = { ...ready, stage: 'ready', clusters: ready.clusters.filter((c) => c.name === 'mesh-eu') };
    await writeFile(join(work, 'job-eu.json'), JSON.stringify(eu));
    await writeFile(join(work, 'job-plan.json'), JSON.stringify(planned));
    const r = await run('pull_request', {
      'status-file': `${join(work, 'job-plan.json')}\n${join(work, 'job-eu.json')}\n`,
    });
    expect(errorsOf(r)).toEqual([]);
    expect(r.outputs.outcome).toBe('created');
    const body = fake.commentsOn(1234)[0]?.body ?? '';
    expect(body).toContain('Fleet pr-1234-mesh: planned');
    expect(body).toContain('#### Clusters (1/3 ready)');
    expect(r.stdout).toContain('merged 2 status documents');
  });

  it('respects GITHUB_API_URL and GITHUB_GRAPHQL_URL as on GitHub Enterprise Server', async () => {
    const ghes = await new FakeGitHub({ rest: '/api/v3', graphql: '/api/graphql' }).start();
    try {
      for (let i = 0; i < 150; i++) ghes.seed(1234, `comment ${i}`);
      // A stranger quoting the marker: the token's identity is asked for, at GITHUB_GRAPHQL_URL.
      ghes.seed(1234, `${statusMarker('pr-1234-mesh')}\n\nquoted`, 'mallory');
      const r = await runDist('pr-status', {
        inputs: { 'github-token': GITHUB_TOKEN, 'status-file': join(examples, 'ready.json') },
        env: {
          GITHUB_API_URL: `${ghes.url}/api/v3`,
          GITHUB_GRAPHQL_URL: `${ghes.url}/api/graphql`,
          GITHUB_EVENT_NAME: 'pull_request',
          GITHUB_EVENT_PATH: join(events, 'pull_request.json'),
        },
      });
      runnerDirs.push(r.runnerDir);
      expect(errorsOf(r)).toEqual([]);
      expect(r.outputs.outcome).toBe('created');
      expect(ghes.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
        'GET /api/v3/repos/acme/platform/issues/1234/comments',
        'GET /api/v3/repos/acme/platform/issues/1234/comments',
        'POST /api/graphql',
        'POST /api/v3/repos/acme/platform/issues/1234/comments',
        'GET /api/v3/repos/acme/platform/issues/1234/comments',
      ]);
      // The re-check reads only what came after the scan began.
      expect(ghes.calls.at(-1)?.search).toContain('since=');
    } finally {
      await ghes.close();
    }
  });

  it('workflow_run: comments on the issue-number input', async () => {
    const r = await run('workflow_run', {
      'status-file': join(examples, 'failed.json'),
      'issue-number': '1234',
    });
    expect(errorsOf(r)).toEqual([]);
    expect(r.outputs.outcome).toBe('created');
    expect(fake.commentsOn(1234)[0]?.body).toContain('<details><summary>Diagnostics</summary>');
  });

  it('workflow_run from a fork without issue-number, and schedule: job summary only, with an info line', async () => {
    for (const event of ['workflow_run', 'schedule'] as const) {
      const r = await run(event, { 'status-file': join(examples, 'ready.json') });
      expect(r.code).toBe(0);
      expect(r.outputs.outcome).toBe('summary-only');
      expect(r.outputs['comment-id']).toBe('');
      expect(r.stdout).toContain(`No pull request or issue for this ${event} run`);
      expect(r.summary).toContain('Fleet pr-1234-mesh: ready');
    }
    expect(fake.calls).toEqual([]);
  });

  it('fork pull request (403): falls back to the job summary with a warning about workflow_run, never failing', async () => {
    const r = await run(
      'pull_request_fork',
      { 'status-file': join(examples, 'ready.json') },
      READ_ONLY_TOKEN,
    );
    expect(r.code).toBe(0);
    expect(errorsOf(r)).toEqual([]);
    expect(r.outputs.outcome).toBe('summary-only');
    const warnings = warningsOf(r);
    expect(warnings.join('\n')).toMatch(/workflow_run/);
    expect(warnings.join('\n')).toMatch(/Resource not accessible by integration/);
    expect(r.summary).toContain('Fleet pr-1234-mesh: ready');
    expect(fake.commentsOn(1234)).toHaveLength(0);
  });

  it('hide-previous without issues: write updates the comment in place, warns about that permission, does not fail', async () => {
    const first = await run('pull_request', { 'status-file': join(examples, 'provisioning.json') });
    const r = await run(
      'pull_request',
      { 'status-file': join(examples, 'ready.json'), mode: 'hide-previous' },
      NO_HIDE_TOKEN,
    );
    expect(r.code).toBe(0);
    expect(errorsOf(r)).toEqual([]);
    expect(r.outputs.outcome).toBe('updated');
    expect(r.outputs['comment-id']).toBe(first.outputs['comment-id']);
    const warnings = warningsOf(r);
    expect(warnings.join('\n')).toContain('issues: write');
    expect(warnings.join('\n')).toContain('updated in place');
    const comments = fake.commentsOn(1234);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.minimizedReason).toBeNull();
    expect(comments[0]?.body).toContain('Fleet pr-1234-mesh: ready');
  });

  it('links the workflow run from a fork-written document only when it is a run of this repository', async () => {
    const doc = JSON.parse(await readFile(join(examples, 'ready.json'), 'utf8'));
    doc.run = { url: 'https://evil.example/acme/platform/actions/runs/4242' };
    doc.clusters[0].controlPlaneEndpoint = 'https://evil.example/login';
    const file = join(work, 'forged-run.json');
    await writeFile(file, JSON.stringify(doc));
    const r = await run('workflow_run', { 'status-file': file, 'issue-number': '1234' });
    expect(r.code).toBe(0);
    const body = fake.commentsOn(1234)[0]?.body ?? '';
    // runDist's runner is acme/platform run 4242: its own run is linked instead.
    expect(body).toContain('[workflow run](https://github.com/acme/platform/actions/runs/4242)');
    expect(body).not.toMatch(/https?:\/\/evil/);
  });

  it('ignores a planted comment carrying the marker (hijack) and creates its own', async () => {
    const planted = fake.seed(
      1234,
      `${statusMarker('pr-1234-mesh')}\n\nall good, merge it @maintainers`,
      'mallory',
    );
    const r = await run('pull_request', { 'status-file': join(examples, 'ready.json') });
    expect(r.outputs.outcome).toBe('created');
    expect(r.outputs['comment-id']).not.toBe(String(planted.id));
    expect(fake.comments.find((c) => c.id === planted.id)?.body).toContain('merge it');
  });

  it('two concurrent runs for the same pull request leave one comment', async () => {
    fake.createBarrier = 2;
    const [a, b] = await Promise.all([
      run('pull_request', { 'status-file': join(examples, 'provisioning.json') }),
      run('pull_request', { 'status-file': join(examples, 'provisioning.json') }),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(fake.commentsOn(1234)).toHaveLength(1);
    expect(a.outputs['comment-id']).toBe(b.outputs['comment-id']);
  });

  it('hide-previous minimises the old comment; delete removes the comment on teardown', async () => {
    await run('pull_request', { 'status-file': join(examples, 'provisioning.json') });
    const hidden = await run('pull_request', {
      'status-file': join(examples, 'ready.json'),
      mode: 'hide-previous',
    });
    expect(hidden.outputs.outcome).toBe('created');
    expect(fake.commentsOn(1234).map((c) => c.minimizedReason)).toEqual(['outdated', null]);
    const gone = await run('pull_request', {
      'status-file': join(examples, 'destroyed.json'),
      mode: 'delete',
    });
    expect(gone.outputs.outcome).toBe('deleted');
    expect(fake.commentsOn(1234).filter((c) => c.minimizedReason === null)).toHaveLength(0);
  });

  it('never lets a secret reach the comment, the summary or the log', async () => {
    const doc = JSON.parse(await readFile(join(examples, 'failed.json'), 'utf8'));
    const kubeconfig =
      'apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://203.0.113.10:6443\n    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJrVENDQVRlZ0F3SUJBZ0lJ\nusers:\n- name: admin\n  user:\n    client-key-data: S3ViZUNvbmZpZ1NlY3JldEtleURhdGFfRE9fTk9UX0xFQUs=\n';
    const pem =
      '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIPEMSECRETPEMSECRETPEMSECRET0000oAoGCCqGSM49\n-----END EC PRIVATE KEY-----';
    doc.clusters[0].kubeconfig = kubeconfig;
    doc.clusters[0].talosconfig =
      'context: mesh-eu\ncontexts:\n  mesh-eu:\n    key: VGFsb3NDb25maWdTZWNyZXRLZXlfRE9fTk9UX0xFQUs=\n';
    doc.clusters[1].token = 'abcdef.0123456789abcdef';
    doc.serviceAccountKey = { private_key: pem };
    doc.errors[0].diagnostics += `\nkubeconfig that leaked into the log:\n${kubeconfig}\n${pem}\nAuthorization: Bearer ya29.a0AfB_SECRETGOOGLEACCESSTOKEN0123456789`;
    const file = join(work, 'secret-status.json');
    await writeFile(file, JSON.stringify(doc));
    const r = await run('pull_request', { 'status-file': file });
    expect(errorsOf(r)).toEqual([]);
    // The runner hides masked values; the add-mask command itself is how they get masked.
    expect(r.stdout).toContain(`::add-mask::${GITHUB_TOKEN}`);
    const published = [
      fake.commentsOn(1234)[0]?.body ?? '',
      r.summary,
      r.stdout.replace(/^::add-mask::.*$/gm, ''),
      r.stderr,
      JSON.stringify(r.outputs),
    ].join('\n');
    for (const secret of [
      'S3ViZUNvbmZpZ1NlY3JldEtleURhdGFfRE9fTk9UX0xFQUs',
      'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t',
      'VGFsb3NDb25maWdTZWNyZXRLZXlfRE9fTk9UX0xFQUs',
      'abcdef.0123456789abcdef',
      'PEMSECRET',
      'ya29.a0AfB_SECRET',
      GITHUB_TOKEN,
    ]) {
      expect(published).not.toContain(secret);
    }
    expect(fake.commentsOn(1234)[0]?.body).toContain('[redacted]');
    expect(r.stdout).toMatch(/removed \d+ secret/);
  });

  it('escapes a hostile branch and version end to end (names must follow the spec rules)', async () => {
    const doc = JSON.parse(await readFile(join(examples, 'failed.json'), 'utf8'));
    doc.source.branch = 'x<img src=x onerror=alert(1)>|@everyone #1';
    doc.clusters[0].talosVersion = '![p](https://evil.example/p.png)';
    doc.errors[0].message = '</details><script>alert(1)</script> cc @acme/security';
    const file = join(work, 'hostile-status.json');
    await writeFile(file, JSON.stringify(doc));
    const r = await run('pull_request', { 'status-file': file });
    expect(errorsOf(r)).toEqual([]);
    const body = fake.commentsOn(1234)[0]?.body ?? '';
    // The hidden digest keeps names verbatim inside its HTML comment, which it cannot close.
    for (const text of [body, r.summary].map((t) => t.replace(/<!-- talos-fleet:digest [^\n]* -->/, ''))) {
      expect(text).not.toMatch(/<img|<script|!\[p\]|@everyone|@acme|#1\b/);
      expect(text).toContain('x&lt;img src=x onerror=alert\\(1\\)&gt;\\|@\u200deveryone #\u200d1');
    }
  });

  it('fails with a clear message (not as a bug) when GitHub keeps answering 5xx', async () => {
    fake.inject({ status: 502, times: 100 });
    const r = await run('pull_request', { 'status-file': join(examples, 'ready.json') });
    expect(r.code).toBe(1);
    expect(errorsOf(r).join('\n')).toMatch(/GitHub API call failed: HTTP 502/);
    expect(errorsOf(r).join('\n')).not.toMatch(/internal error/);
    expect(r.stdout).toMatch(/retry 1 in \d+ ms/);
  });

  it('rejects an invalid status document before any API call, naming the field', async () => {
    const file = join(work, 'bad-status.json');
    await writeFile(
      file,
      JSON.stringify({ schemaVersion: 1, fleet: 'f', stage: 'exploded', startedAt: 'yesterday' }),
    );
    const r = await run('pull_request', { 'status-file': file });
    expect(r.code).toBe(1);
    const error = errorsOf(r).join('\n');
    expect(error).toContain('stage');
    expect(error).toContain('startedAt');
    expect(error).toContain('updatedAt');
    expect(fake.calls).toEqual([]);
  });

  it('reports a bad mode or issue-number as input errors', async () => {
    const r = await run('pull_request', {
      'status-file': join(examples, 'ready.json'),
      mode: 'sticky',
      'issue-number': 'abc',
    });
    expect(r.code).toBe(1);
    const error = errorsOf(r).join('\n');
    expect(error).toContain("input 'mode'");
    expect(error).toContain("input 'issue-number'");
  });
});
