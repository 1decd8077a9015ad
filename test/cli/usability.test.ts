import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { type Fakes, PROJECT, startFakes } from '../image/harness.js';
import { removeRunnerDir, runDist } from '../support/run-dist.js';

/** Issue 10, robustness: what a new user hit in the CLI. */

async function cli(args: string[], env: Record<string, string | undefined> = {}) {
  const r = await runDist('cli', { args, env });
  await removeRunnerDir(r.runnerDir);
  return r;
}

describe('talos-fleet with no arguments, and --version', () => {
  it('prints the help and exits 0', async () => {
    const r = await cli([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: talos-fleet <command>/);
  });

  it('--version prints the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await cli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`talos-fleet ${packageJson.version}\n`);
    }
  });
});

describe('tools lock reports every error at once', () => {
  it('names each bad platform, not just the first', async () => {
    const r = await cli(['tools', 'lock', '--platforms', 'linux/s390x,plan9/amd64,linux/amd64']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Unsupported platform 'linux/s390x'");
    expect(r.stderr).toContain("Unsupported platform 'plan9/amd64'");
  });

  it('names each tool that could not be resolved, and writes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tf-lock-'));
    // No mirror and no GitHub reachable: every tool fails; each is named.
    const r = await cli(
      [
        'tools',
        'lock',
        '--tools',
        'kind@latest,yq@latest',
        '--platforms',
        'linux/amd64',
        '--out',
        join(dir, 'l.json'),
      ],
      {
        GITHUB_API_URL: 'http://127.0.0.1:9',
        TALOS_FLEET_RETRY_ATTEMPTS: '1',
        TALOS_FLEET_RETRY_BASE_MS: '1',
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/2 of 2 tools could not be locked; nothing was written/);
    expect(r.stderr).toMatch(/kind/);
    expect(r.stderr).toMatch(/yq/);
    expect(r.stderr).not.toContain('internal error');
    await rm(dir, { recursive: true, force: true });
  });
});

describe('image: the access token never goes on the command line', () => {
  let fakes: Fakes;
  let dir: string;
  beforeAll(async () => {
    fakes = await startFakes();
    dir = await mkdtemp(join(tmpdir(), 'tf-token-'));
  });
  afterAll(async () => {
    await fakes.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses --access-token without echoing it, and says where to put it', async () => {
    for (const args of [['--access-token', 'ya29.secret-value'], ['--access-token=ya29.secret-value']]) {
      const r = await cli(['image', '--talos-version', 'v1.13.9', '--project', PROJECT, ...args], fakes.env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('--access-token puts the token on the command line');
      expect(r.stderr).toContain('--access-token-file');
      expect(r.stderr).not.toContain('secret-value');
      expect(fakes.gcs.requests).toEqual([]);
    }
  });

  it('reads the token from --access-token-file and sends it only as the bearer', async () => {
    const file = join(dir, 'token');
    await writeFile(file, 'ya29.from-a-file\n');
    await chmod(file, 0o600);
    const r = await cli(
      [
        'image',
        '--talos-version',
        'v1.13.9',
        '--project',
        PROJECT,
        '--factory-url',
        fakes.factory.url,
        '--access-token-file',
        file,
      ],
      { ...fakes.env, GOOGLE_OAUTH_ACCESS_TOKEN: undefined },
    );
    expect(r.code, r.stderr).toBe(0);
    // The resumable-upload session URI is its own credential: those requests carry none.
    const auth = [...fakes.gcs.requests, ...fakes.compute.requests]
      .map((q) => q.headers.authorization)
      .filter((a) => a !== undefined);
    expect(auth.length).toBeGreaterThan(0);
    expect(new Set(auth)).toEqual(new Set(['Bearer ya29.from-a-file']));
  });

  it('a missing or empty token file is a clear error', async () => {
    const empty = join(dir, 'empty');
    await writeFile(empty, '  \n');
    for (const [file, message] of [
      [join(dir, 'missing'), 'cannot be read (ENOENT)'],
      [empty, 'is empty'],
      [dir, 'is not a regular file'],
    ] as const) {
      const r = await cli(
        ['image', '--talos-version', 'v1.13.9', '--project', PROJECT, '--access-token-file', file],
        fakes.env,
      );
      expect(r.code, file).toBe(1);
      expect(r.stderr, file).toContain(`--access-token-file ${file}: ${message}`);
    }
  });
});
