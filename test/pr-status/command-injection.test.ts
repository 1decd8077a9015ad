import { readdir, readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { safeLogLines } from '../../src/core/log-lines.js';
import { parseStatusDocument } from '../../src/core/status/parse.js';
import { UserError } from '../../src/core/user-error.js';
import { actionsLog } from '../../src/runtime/actions-log.js';
import { FakeGitHub } from '../fakes/github/fake-github.js';
import { repoRoot } from '../support/paths.js';
import { removeRunnerDir, runDist } from '../support/run-dist.js';

/** Issue 10, security 3: no user text logged on a runner can start a workflow command. */

/** What the runner would take as a command (actions/runner ActionCommand TryParseV2 and TryParse). */
const commandLines = (stdout: string) =>
  stdout.split(/\r\n|\r|\n/).filter((line) => /^\s*::/.test(line) || line.includes('##['));

const HOSTILE = [
  'pr\n::warning title=x::pwned',
  'pr\r::stop-commands::tok',
  '  ::add-mask::x',
  'x ##[set-output name=a;]b',
  'pr\r\n::error::pwned',
];

describe('safeLogLines', () => {
  it('splits at CR, LF and CRLF, and no line it returns is a workflow command', () => {
    for (const text of HOSTILE) {
      const lines = safeLogLines(text);
      expect(commandLines(lines.join('\n')), text).toEqual([]);
      // The text still reads the same, without the zero-width spaces.
      expect(lines.join('\n').replaceAll('\u200b', '')).toBe(text.replace(/\r\n|\r/g, '\n'));
    }
    expect(safeLogLines('plain text: a::b')).toEqual(['plain text: a::b']);
  });
});

describe('the runner Log', () => {
  let written: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    written = [];
  });
  it('prints info and progress lines that the runner cannot read as commands', () => {
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    for (const text of HOSTILE) {
      actionsLog.info(`fleet ${text} planned`);
      actionsLog.progress(text);
    }
    expect(written.length).toBeGreaterThan(HOSTILE.length * 2);
    expect(commandLines(written.join(''))).toEqual([]);
  });
});

describe('status documents: names follow the spec rules', () => {
  const base = {
    schemaVersion: 1,
    fleet: 'pr-1',
    stage: 'planned',
    startedAt: '2026-11-24T10:00:00Z',
    updatedAt: '2026-11-24T10:00:00Z',
  };
  const problems = (doc: unknown): string => {
    try {
      parseStatusDocument(doc, 's');
    } catch (error) {
      if (error instanceof UserError) return error.describe();
      throw error;
    }
    return 'valid';
  };
  it('accepts spec names and refuses names that could carry a command or markup', () => {
    expect(parseStatusDocument(base, 's').document.fleet).toBe('pr-1');
    for (const fleet of ['pr\n::warning::x', '::stop-commands::t', 'Fleet', 'a--b', 'x'.repeat(64)])
      expect(problems({ ...base, fleet }), fleet).toMatch(/fleet: (must be a fleet name|Too big)/);
    const cluster = {
      name: 'eu\n::error::x',
      region: 'europe-west1',
      talosVersion: 'v1.13.9',
      kubernetesVersion: 'v1.35.2',
      nodes: { ready: 0, desired: 1 },
      state: 'planned',
    };
    expect(problems({ ...base, clusters: [cluster] })).toMatch(/clusters\[0\]\.name: must be a cluster name/);
    expect(problems({ ...base, clusters: [{ ...cluster, name: 'eu', region: 'eu\n::x::' }] })).toMatch(
      /clusters\[0\]\.region: must be a GCP region/,
    );
  });
});

describe('pr-status with a status document written by a fork', () => {
  let dir: string;
  let fake: FakeGitHub;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tf-inject-'));
    fake = await new FakeGitHub().start();
  });
  afterAll(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a fleet name holding a workflow command, and prints no command', async () => {
    const doc = JSON.parse(await readFile(join(repoRoot, 'examples/status/planned.json'), 'utf8')) as {
      fleet: string;
    };
    doc.fleet = 'pr-1\n::warning title=pwned::injected\n::stop-commands::tok';
    const file = join(dir, 'status.json');
    await writeFile(file, JSON.stringify(doc));
    const r = await runDist('pr-status', {
      inputs: { 'status-file': file, 'github-token': 'x', 'issue-number': '1234' },
      env: { GITHUB_API_URL: fake.url, GITHUB_GRAPHQL_URL: `${fake.url}/graphql` },
    });
    await removeRunnerDir(r.runnerDir);
    expect(r.code).toBe(1);
    expect(r.annotations.map((a) => a.level)).toEqual(['error']);
    expect(r.annotations[0]?.message).toContain('fleet: must be a fleet name');
    expect(r.stdout).not.toMatch(/^::(warning|stop-commands)/m);
    expect(fake.calls).toEqual([]);
  });
});

describe('the CLI in a run: step', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tf-inject-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("talos-fleet status prints a fork's diagnostics without a line the runner takes as a command", async () => {
    const doc = JSON.parse(await readFile(join(repoRoot, 'examples/status/failed.json'), 'utf8')) as {
      errors: { diagnostics?: string }[];
    };
    doc.errors[0]!.diagnostics =
      'ok\n::warning title=pwned::injected\n  ::stop-commands::tok\nx ##[add-mask]y\n';
    const file = join(dir, 'status.json');
    await writeFile(file, JSON.stringify(doc));
    const r = await runDist('cli', { args: ['status', file] });
    await removeRunnerDir(r.runnerDir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('injected');
    expect(commandLines(r.stdout)).toEqual([]);
  });

  it('talos-fleet plan echoes a spec value in its error without starting a command', async () => {
    const spec = (await readFile(join(repoRoot, 'examples/fleets/single-cluster.yaml'), 'utf8')).replace(
      'region: us-east1',
      'region: "x\\n::warning title=pwned::injected"',
    );
    const file = join(dir, 'fleet.yaml');
    await writeFile(file, spec);
    const r = await runDist('cli', { args: ['plan', file, '--out', join(dir, 'out')] });
    await removeRunnerDir(r.runnerDir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('injected');
    expect(commandLines(r.stderr)).toEqual([]);
  });
});

describe('one place prints plain lines on the runner', () => {
  it('no source outside src/runtime/actions-log.ts calls core.info, except each entry’s constant first line', async () => {
    const offenders: string[] = [];
    const walk = async (folder: string): Promise<void> => {
      for (const entry of await readdir(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.name.endsWith('.ts') && !path.endsWith(join('runtime', 'actions-log.ts'))) {
          const text = await readFile(path, 'utf8');
          for (const m of text.matchAll(/core\.info\(([^)]*)/g))
            if (!/^'[^'$`]*'$/.test(m[1] ?? '')) offenders.push(`${relative(repoRoot, path)}: ${m[0]}`);
        }
      }
    };
    await walk(join(repoRoot, 'src'));
    expect(offenders).toEqual([]);
  });
});
