import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStatusDocument, parseStatusJson } from '../../src/core/status/parse.js';
import {
  describeRemoved,
  MAX_STATUS_CHARS,
  MAX_STRING_CHARS,
  REDACTED,
  stripSecrets,
} from '../../src/core/status/secrets.js';
import { isUserError, UserError } from '../../src/core/user-error.js';
import { loadStatusFile } from '../../src/runtime/status-report.js';
import { repoRoot } from '../support/paths.js';
import { removeRunnerDir, runDist } from '../support/run-dist.js';

/** Issue 10, security 2: redaction is linear and every size is bounded before it runs. */

const example = join(repoRoot, 'examples/status/failed.json');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-redact-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const MB = 1_000_000;
const fill = (unit: string, length = MB) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** The worst input found for each pattern: long runs that almost match, then fail. */
const ADVERSARIAL: Record<string, string> = {
  'jwt, eyJ- repeated (the reported 50 s)': fill('eyJ-'),
  'jwt, one dot short': fill('eyJaaaaaaaa.'),
  'jwt, -eyJ repeated': fill('-eyJ'),
  'jwt, two segments repeated': fill('eyJaaaaaaaaa.aaaaaaaaaa-'),
  'pem, BEGIN without PRIVATE KEY': `-----BEGIN ${fill('A ', MB - 20)}`,
  'pem, BEGIN repeated': fill('-----BEGIN A'),
  'pem, END without its label': `-----BEGIN PRIVATE KEY-----${fill('-----END A', MB - 30)}`,
  'key line, spaces before a short value': `key${fill(' ', MB - 10)}: short`,
  'key line, short values repeated': fill('key: abc '),
  'gh token, ends in a word character': `ghp_${fill('a', MB - 10)}_`,
  'gh token, repeated after dashes': fill('-ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_'),
  'ya29, repeated': fill('ya29.'),
  'bearer, spaces then nothing': `bearer${fill(' ', MB - 10)}`,
  'private_key, unterminated': `"private_key": "${fill('x', MB - 20)}`,
};

describe('secret redaction runs in linear time', () => {
  for (const [name, text] of Object.entries(ADVERSARIAL)) {
    it(`redacts 1 MB of ${name} in linear time`, { timeout: 10_000 }, () => {
      const started = performance.now();
      stripSecrets({ errors: [{ diagnostics: text }] });
      // Linear patterns take 10-160 ms here (under load); the quadratic JWT pattern took minutes on 1 MB.
      expect(performance.now() - started).toBeLessThan(3_000);
    });
  }

  it('still redacts JWTs at a word start, after a dash and after a dot', () => {
    const jwt =
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    const { value } = stripSecrets({
      a: `token ${jwt} end`,
      b: `id-${jwt}`,
      c: `x.${jwt}`,
      d: `eyJ-eyJ-${jwt}`,
      e: 'eyJnotajwt.short.x',
    });
    expect(value).toEqual({
      a: `token ${REDACTED} end`,
      b: REDACTED,
      c: `x.${REDACTED}`,
      d: REDACTED,
      e: 'eyJnotajwt.short.x',
    });
  });
});

function userErrorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    if (isUserError(error)) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('status document bounds, checked before redaction', () => {
  it('refuses a string over the longest field, naming its path and not echoing it', () => {
    const huge = 'x'.repeat(MAX_STRING_CHARS + 1);
    const error = userErrorOf(() =>
      parseStatusDocument({ fleet: 'f', errors: [{ diagnostics: huge }] }, 'status.json'),
    );
    expect(error.message).toContain('errors[0].diagnostics is 1,000,001 characters long');
    expect(error.describe().length).toBeLessThan(600);
  });

  it('refuses a key over 256 characters and nesting over 32 levels (not a stack overflow)', () => {
    expect(userErrorOf(() => parseStatusDocument({ ['k'.repeat(300)]: 1 }, 's')).message).toContain(
      'has a key 300 characters long',
    );
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
    expect(userErrorOf(() => parseStatusDocument(deep, 's')).message).toContain(
      'is nested more than 32 levels deep',
    );
  });

  it('refuses text over MAX_STATUS_CHARS before JSON.parse, and a huge file before reading it', async () => {
    expect(userErrorOf(() => parseStatusJson(' '.repeat(MAX_STATUS_CHARS + 1), 'big.json')).message).toBe(
      `big.json is ${(MAX_STATUS_CHARS + 1).toLocaleString('en-US')} characters; a status document holds at most ${MAX_STATUS_CHARS.toLocaleString('en-US')}`,
    );
    const file = join(dir, 'sparse.json');
    await writeFile(file, '');
    const { truncate } = await import('node:fs/promises');
    await truncate(file, MAX_STATUS_CHARS * 4);
    await expect(loadStatusFile(file)).rejects.toThrow(/characters; a status document holds at most/);
  });

  it('refuses a device or FIFO, which would never end', async () => {
    await expect(loadStatusFile('/dev/zero')).rejects.toThrow('is not a regular file');
  });

  it('lists at most ten removed paths in a log line', () => {
    const removed = Array.from({ length: 1000 }, (_, i) => `errors[${i}].message`);
    expect(describeRemoved(removed)).toMatch(/errors\[9\]\.message and 990 more$/);
  });
});

describe('talos-fleet status on a hostile document', () => {
  it(
    'prints a 400 KB document of eyJ- repeated within seconds (it took 50 s)',
    { timeout: 30_000 },
    async () => {
      const doc = JSON.parse(await readFile(example, 'utf8')) as { errors: { diagnostics?: string }[] };
      doc.errors[0]!.diagnostics = fill('eyJ-', 400_000);
      const file = join(dir, 'eyj.json');
      await writeFile(file, JSON.stringify(doc));
      const r = await runDist('cli', { args: ['status', file], timeoutMs: 20_000 });
      await removeRunnerDir(r.runnerDir);
      expect(r.code).toBe(0);
      expect(r.durationMs).toBeLessThan(5_000);
    },
  );

  it('exits 1 with a clear message for a 40 MB file', async () => {
    const file = join(dir, 'huge.json');
    await writeFile(file, `{"fleet":"${'x'.repeat(40 * MB)}"}`);
    const r = await runDist('cli', { args: ['status', file] });
    await removeRunnerDir(r.runnerDir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('a status document holds at most');
    expect(r.stderr.length).toBeLessThan(1000);
  });
});
