import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo, CommandEntry } from '../../src/cli/command.js';
import { commands } from '../../src/cli/commands/index.js';
import { dispatch } from '../../src/cli/dispatch.js';
import { UserError } from '../../src/core/user-error.js';
import { runDist } from '../support/run-dist.js';

function io(): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => {
    out += d;
  });
  stderr.on('data', (d) => {
    err += d;
  });
  return { stdout, stderr, cwd: process.cwd(), env: {}, out: () => out, err: () => err };
}

const fake = (run: () => Promise<number | undefined>): CommandEntry => ({
  name: 'fake',
  summary: 'a fake',
  load: async () => ({ help: 'Usage: talos-fleet fake', run }),
});

describe('CLI dispatch', () => {
  it('exits 1 with one actionable line for a user error', async () => {
    const t = io();
    const code = await dispatch(
      ['fake'],
      [
        fake(async () => {
          throw new UserError('bad thing', { fix: 'do this' });
        }),
      ],
      t,
    );
    expect(code).toBe(1);
    expect(t.err()).toBe('talos-fleet fake: bad thing\nFix: do this\n');
  });

  it('exits 2 and keeps the stack trace for a bug', async () => {
    const t = io();
    const code = await dispatch(
      ['fake'],
      [
        fake(async () => {
          throw new TypeError('oops');
        }),
      ],
      t,
    );
    expect(code).toBe(2);
    expect(t.err()).toMatch(/internal error[\s\S]*TypeError: oops\n\s+at /);
  });

  it('rejects an unknown command and lists the valid ones', async () => {
    const t = io();
    expect(await dispatch(['nope'], commands, t)).toBe(1);
    expect(t.err()).toContain('Valid commands: plan, image, status, tools');
  });

  it('prints top-level help', async () => {
    const t = io();
    expect(await dispatch(['--help'], commands, t)).toBe(0);
    for (const c of commands) expect(t.out()).toContain(c.name);
  });
});

describe('bundled CLI', () => {
  for (const c of commands) {
    it(`talos-fleet ${c.name} --help prints usage and exits 0`, async () => {
      const r = await runDist('cli', { args: [c.name, '--help'] });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: talos-fleet/);
    });
  }
});
