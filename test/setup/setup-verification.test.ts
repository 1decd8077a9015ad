import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDist } from '../support/run-dist.js';
import {
  cachedEntries,
  errors,
  type Fakes,
  newRunnerDir,
  runSetupAction,
  startFakes,
  TOKEN,
  useFakes,
} from './harness.js';

/**
 * Verification fails closed: a lock file that was asked for must exist, a plain-http mirror needs
 * one, and a tool without an upstream hash installs unverified only when `allow-unverified` names it.
 */

const fakes = useFakes();

function requestCount(f: Fakes): number {
  return f.mirror.requests.length + f.api.requests.length;
}

describe('setup: verification fails closed', () => {
  it('a lock-file that was given but does not exist is an error, before any request', async () => {
    const before = requestCount(fakes);
    const r = await runSetupAction(
      fakes,
      { tools: 'kind', 'lock-file': 'no-such.lock.json' },
      { runnerDir: await newRunnerDir() },
    );
    expect(r.code).toBe(1);
    expect(errors(r), r.stdout).toHaveLength(1);
    expect(errors(r)[0]?.message).toMatch(
      /^input 'lock-file': no-such\.lock\.json does not exist\.[\s\S]*Fix: create it with 'talos-fleet tools lock --out no-such\.lock\.json' and commit it, or leave lock-file empty/,
    );
    expect(requestCount(fakes)).toBe(before);
    expect(await cachedEntries(r.runnerDir)).toEqual([]);
  });

  it('gcloud, which publishes no hash, installs unverified only because allow-unverified names it (the default)', async () => {
    const r = await runSetupAction(fakes, { tools: 'gcloud' }, { runnerDir: await newRunnerDir() });
    expect(errors(r), r.stdout).toEqual([]);
    expect(r.annotations.find((a) => a.level === 'warning')?.message).toMatch(
      /gcloud 583\.0\.0 was NOT verified: .* allow-unverified names it/,
    );
    expect(r.summary).toContain('allowed unverified: gcloud');
  });

  it('allow-unverified: none refuses gcloud without a lock file, before any download', async () => {
    const before = fakes.mirror.requests.length;
    const r = await runSetupAction(
      fakes,
      { tools: 'kubectl, gcloud', 'allow-unverified': 'none' },
      { runnerDir: await newRunnerDir() },
    );
    expect(r.code).toBe(1);
    expect(errors(r), r.stdout).toHaveLength(1);
    expect(errors(r)[0]?.message).toMatch(
      /^gcloud publishes no per-version checksum, and input 'allow-unverified' does not name it, so it cannot be installed verified\.[\s\S]*Fix: pin it in a lock file \('talos-fleet tools lock'\) and pass lock-file, or add gcloud to allow-unverified/,
    );
    expect(fakes.mirror.requests.length).toBe(before);
    expect(await cachedEntries(r.runnerDir)).toEqual([]);
  });

  it('allow-unverified with an unknown name lists the valid ones', async () => {
    const r = await runSetupAction(
      fakes,
      { tools: 'kubectl', 'allow-unverified': 'gcloud, kubeclt' },
      { runnerDir: await newRunnerDir() },
    );
    expect(r.code).toBe(1);
    expect(errors(r)[0]?.message).toMatch(
      /input 'allow-unverified': unknown tool 'kubeclt'; name tools from task, kubectl, .*, or 'none'/,
    );
  });
});

describe('setup: a plain-http mirror', () => {
  let http: Fakes;
  beforeAll(async () => {
    http = await startFakes({ http: true });
  });
  afterAll(() => http.close());

  it('is refused without a lock file, before any request: its checksum files prove nothing', async () => {
    expect(http.mirror.url).toMatch(/^http:/);
    const before = requestCount(http);
    const r = await runSetupAction(http, { tools: 'kubectl' }, { runnerDir: await newRunnerDir() });
    expect(r.code).toBe(1);
    expect(errors(r), r.stdout).toHaveLength(1);
    expect(errors(r)[0]?.message).toMatch(
      /^input 'mirror-url': http:\/\/127\.0\.0\.1:\d+ is plain http, and without a lock file every hash would come from that same unauthenticated mirror\.[\s\S]*Fix: use an https mirror, or pass lock-file/,
    );
    expect(requestCount(http)).toBe(before);
  });

  it('is used with a lock file written through an https mirror', async () => {
    const runnerDir = await newRunnerDir();
    const lockPath = join(runnerDir, 'tools.lock.json');
    const cli = await runDist('cli', {
      args: [
        'tools',
        'lock',
        '--tools',
        'kubectl',
        '--platforms',
        'linux/amd64',
        '--mirror-url',
        fakes.mirror.url,
        '--out',
        lockPath,
      ],
      env: { GITHUB_API_URL: fakes.api.url, GITHUB_TOKEN: TOKEN },
      runnerDir,
    });
    expect(cli.code, cli.stderr).toBe(0);
    const r = await runSetupAction(http, { tools: 'kubectl', 'lock-file': lockPath }, { runnerDir });
    expect(errors(r), r.stdout).toEqual([]);
    expect(r.summary).toContain('sha256 (lock file)');
  });

  it('cannot write a lock file: tools lock refuses it', async () => {
    const r = await runDist('cli', {
      args: [
        'tools',
        'lock',
        '--tools',
        'kubectl',
        '--mirror-url',
        http.mirror.url,
        '--out',
        join(await newRunnerDir(), 'lock.json'),
      ],
      env: { GITHUB_API_URL: http.api.url },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /--mirror-url: http:\/\/127\.0\.0\.1:\d+ is plain http; a lock file written through it would pin whatever it served/,
    );
  });
});
