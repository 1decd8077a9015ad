import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderStatus } from '../../src/core/status/render.js';
import { parseStatusJson } from '../../src/core/status/parse.js';
import { repoRoot } from '../support/paths.js';

/** Issue 10, docs ahead of the code: the docs and the comment say what exists and what is coming. */

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

/** The rows of the README's parts table: names in backticks, and the state column. */
function parts(): { names: string[]; state: string }[] {
  const table = readme.slice(
    readme.indexOf('| Part | State |'),
    readme.indexOf('\n\n', readme.indexOf('| Part | State |')),
  );
  return table
    .split('\n')
    .slice(2)
    .map((row) => {
      const [, part = '', state = ''] = row.split('|').map((c) => c.trim());
      return { names: [...part.matchAll(/`([a-z-]+)`/g)].map((m) => m[1] ?? ''), state };
    });
}

describe('what the docs promise', () => {
  it('the README table calls a part available exactly when its action exists (flip the line when it lands)', () => {
    const rows = parts();
    expect(rows.length).toBeGreaterThanOrEqual(9);
    for (const { names, state } of rows) {
      expect(['available', 'coming'], names.join()).toContain(state);
      for (const name of names) {
        const exists = existsSync(join(repoRoot, 'src/actions', name, 'main.ts'));
        expect(exists ? 'available' : 'coming', `README parts table, ${name}`).toBe(state);
      }
    }
  });

  it('neither the comment nor docs/status.md promise a sweeper that does not exist', () => {
    const file = join(repoRoot, 'examples/status/provisioning.json');
    const { document } = parseStatusJson(readFileSync(file, 'utf8'), file);
    const markdown = renderStatus(document).markdown;
    expect(markdown).toContain('`expires-at` label');
    expect(markdown.toLowerCase()).not.toContain('sweeper');
    const expired = renderStatus({ ...document, updatedAt: '2030-01-01T00:00:00Z' }).markdown;
    expect(expired).toContain('Expired');
    expect(expired.toLowerCase()).not.toContain('sweeper');
    expect(readFileSync(join(repoRoot, 'docs/status.md'), 'utf8').toLowerCase()).not.toContain('sweeper');
    expect(readme).toContain('Not all of that exists yet');
  });
});
