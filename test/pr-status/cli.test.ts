import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderStatus } from '../../src/core/status/render.js';
import { parseStatusJson } from '../../src/core/status/parse.js';
import { repoRoot } from '../support/paths.js';
import { removeRunnerDir, runDist } from '../support/run-dist.js';

const example = join(repoRoot, 'examples/status/failed.json');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-status-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(...args: string[]) {
  const r = await runDist('cli', { args: ['status', ...args] });
  await removeRunnerDir(r.runnerDir);
  return r;
}

describe('talos-fleet status', () => {
  it('prints the same markdown the comment and job summary show', async () => {
    const r = await cli(example);
    expect(r.code).toBe(0);
    const { document } = parseStatusJson(await readFile(example, 'utf8'), example);
    // runDist's runner variables: acme/platform, run 4242, the same run the example names.
    expect(r.stdout).toBe(
      renderStatus(document, {
        runUrl: 'https://github.com/acme/platform/actions/runs/4242',
        trustedRunUrlPrefix: 'https://github.com/acme/platform/actions/runs/',
      }).markdown,
    );
    expect(r.stdout).toContain('[workflow run](https://github.com/acme/platform/actions/runs/4242)');
  });

  it('prints normalised JSON with --format json', async () => {
    const r = await cli(example, '--format', 'json');
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout);
    expect(printed.stage).toBe('failed');
    expect(printed.$schema).toBeUndefined();
  });

  it('drops secrets and says so on stderr', async () => {
    const doc = JSON.parse(await readFile(example, 'utf8'));
    doc.clusters[0].kubeconfig =
      'apiVersion: v1\nkind: Config\nusers: [{user: {token: s3cr3t-t0ken-value-0123456789}}]';
    const file = join(dir, 'secret.json');
    await writeFile(file, JSON.stringify(doc));
    const r = await cli(file, '--format', 'json');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('s3cr3t');
    expect(r.stderr).toContain('removed 1 secret field(s): clusters[0].kubeconfig');
  });

  it('exits 1 with the field named for an invalid document, a bad format or a missing file', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ schemaVersion: 1, fleet: 'f', stage: 'nope' }));
    const bad = await cli(file);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('stage:');
    expect(bad.stderr).toContain('Fix:');
    expect((await cli(example, '--format', 'html')).stderr).toContain(
      "--format must be 'markdown' or 'json'",
    );
    expect((await cli(join(dir, 'missing.json'))).stderr).toContain('ENOENT');
    expect((await cli()).code).toBe(1);
  });
});
