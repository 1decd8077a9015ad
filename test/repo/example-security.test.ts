import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FakeGitHub, GITHUB_TOKEN } from '../fakes/github/fake-github.js';
import { parseFileCommands } from '../support/run-dist.js';
import { repoRoot } from '../support/paths.js';

/**
 * The workflows users copy, and CI's own: every third-party action pinned by full commit SHA with
 * its version in a comment, checkout without persisted credentials (no job here pushes), and
 * permissions granted per job, none at the workflow level. Snippets in the README and docs too.
 */

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p, pattern);
    return pattern.test(name) ? [p] : [];
  });
}

const workflows = [
  ...files(join(repoRoot, '.github/workflows'), /\.ya?ml$/),
  ...files(join(repoRoot, 'examples'), /\.ya?ml$/),
].filter((f) => 'jobs' in ((parse(readFileSync(f, 'utf8')) as object | null) ?? {}));
const docs = [join(repoRoot, 'README.md'), ...files(join(repoRoot, 'docs'), /\.md$/)];

/** This repository's own actions (users pin a release of them) and local paths are not third-party. */
const FIRST_PARTY = /^(\.\/|talos-fleet\/talos-fleet-actions(\/|@))/;
const PINNED = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/;

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  permissions?: unknown;
  steps?: Step[];
}

describe('workflows and snippets: actions pinned, credentials not persisted, permissions per job', () => {
  it('finds the workflows', () => {
    expect(workflows.map((f) => relative(repoRoot, f))).toContain(
      'examples/workflows/fleet-preview-comment.yml',
    );
  });

  for (const file of [...workflows, ...docs]) {
    const name = relative(repoRoot, file);
    it(`${name}: every third-party action is pinned by commit SHA with its version`, () => {
      const uses = [...readFileSync(file, 'utf8').matchAll(/^\s*-?\s*uses:\s*(.+?)\s*$/gm)].map(
        (m) => m[1] ?? '',
      );
      const loose = uses.filter((u) => !FIRST_PARTY.test(u) && !PINNED.test(u));
      expect(loose, 'pin as owner/repo@<40-hex SHA> # vX.Y.Z').toEqual([]);
    });
  }

  for (const file of workflows) {
    const name = relative(repoRoot, file);
    const doc = parse(readFileSync(file, 'utf8')) as { permissions?: unknown; jobs: Record<string, Job> };
    it(`${name}: grants nothing at the workflow level and sets permissions on every job`, () => {
      expect(doc.permissions).toEqual({});
      for (const [id, job] of Object.entries(doc.jobs)) expect(job.permissions, `job ${id}`).toBeDefined();
    });
    it(`${name}: checks out without persisting credentials`, () => {
      for (const job of Object.values(doc.jobs))
        for (const step of job.steps ?? [])
          if (step.uses?.startsWith('actions/checkout@'))
            expect(step.with?.['persist-credentials']).toBe(false);
    });
  }
});

describe('fleet-preview-comment.yml: the pull request comes from the run head SHA and repository', () => {
  const file = join(repoRoot, 'examples/workflows/fleet-preview-comment.yml');
  const workflow = parse(readFileSync(file, 'utf8')) as {
    jobs: {
      comment: {
        permissions: Record<string, string>;
        steps: (Step & { id?: string; run?: string; env?: Record<string, string> })[];
      };
    };
  };
  const job = workflow.jobs.comment;
  const SHA = 'c0ffee'.padEnd(40, '0');
  let github: FakeGitHub;
  const dirs: string[] = [];

  beforeAll(async () => {
    github = await new FakeGitHub().start();
    const pull = (number: number, title: string, sha: string, owner: string, ref: string) => ({
      number,
      state: 'open' as const,
      title,
      body: '',
      head: { sha, ref, repo: { full_name: `${owner}/platform`, owner: { login: owner } } },
    });
    github.pulls.push(
      // Mentions the SHA in its title: the old text search found this one first.
      pull(3, `Revert ${SHA}`, '1'.repeat(40), 'acme', 'revert'),
      // Another fork with a branch of the same name at the same commit.
      pull(5, 'Copy of the feature', SHA, 'mallory', 'feature'),
      // The pull request that triggered the run.
      pull(7, 'Add the feature', SHA, 'alice', 'feature'),
    );
  });
  afterAll(async () => {
    await github.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /**
   * Runs the workflow's lookup step as the runner would (bash -eo pipefail), against the fake API
   * (asynchronously: the fake answers from this process).
   */
  async function lookup(event: { sha: string; repo: string; owner: string; branch: string }) {
    const step = job.steps.find((s) => s.id === 'pr');
    const dir = mkdtempSync(join(tmpdir(), 'tf-pr-lookup-'));
    dirs.push(dir);
    const output = join(dir, 'github_output');
    writeFileSync(output, '');
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step?.run ?? 'exit 99'], {
      env: {
        PATH: process.env.PATH,
        GITHUB_API_URL: github.url,
        GITHUB_OUTPUT: output,
        GH_TOKEN: GITHUB_TOKEN,
        REPO: 'acme/platform',
        HEAD_SHA: event.sha,
        HEAD_REPO: event.repo,
        HEAD_OWNER: event.owner,
        HEAD_BRANCH: event.branch,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, stdout, stderr, outputs: parseFileCommands(readFileSync(output, 'utf8')) };
  }

  it('finds exactly the pull request whose head is that commit in that repository', async () => {
    const r = await lookup({ sha: SHA, repo: 'alice/platform', owner: 'alice', branch: 'feature' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.outputs).toEqual({ number: '7' });
  });

  it('posts nothing when no pull request matches both', async () => {
    const r = await lookup({
      sha: '2'.repeat(40),
      repo: 'alice/platform',
      owner: 'alice',
      branch: 'feature',
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.outputs).toEqual({});
    expect(r.stdout).toMatch(/found 0\); not commenting/);
  });

  it('asks for no more than it uses: no issues: write, nothing at the workflow level', () => {
    expect(job.permissions).toEqual({ actions: 'read', 'pull-requests': 'write' });
    expect(job.steps.find((s) => s.id === 'pr')?.run).not.toMatch(/--search/);
  });
});
