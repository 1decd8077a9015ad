import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { escapeMarkdownInline } from '../../src/core/markdown.js';
import { UserError } from '../../src/core/user-error.js';
import { booleanInput, keyValueInput, listInput, splitList } from '../../src/core/input-parsers.js';
import { readInputs } from '../../src/runtime/inputs.js';

const schema = z.object({
  tools: listInput(),
  cache: booleanInput(true),
  labels: keyValueInput(),
  token: z.string().optional(),
});
const names = ['tools', 'cache', 'labels', 'token'];

afterEach(() => {
  for (const n of names) delete process.env[`INPUT_${n.toUpperCase()}`];
});

describe('readInputs', () => {
  it('parses raw strings into typed values', () => {
    process.env.INPUT_TOOLS = 'kubectl@1.34, helm\n# comment\ntask';
    process.env.INPUT_LABELS = 'team=net,env=ci';
    expect(readInputs({ names, schema })).toEqual({
      tools: ['kubectl@1.34', 'helm', 'task'],
      cache: true,
      labels: { team: 'net', env: 'ci' },
      token: undefined,
    });
  });

  it('names every bad input in one UserError', () => {
    process.env.INPUT_CACHE = 'yes';
    process.env.INPUT_LABELS = 'novalue';
    let error: unknown;
    try {
      readInputs({ names, schema });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    const text = (error as UserError).describe();
    expect(text).toContain("input 'cache': must be 'true' or 'false', got 'yes'");
    expect(text).toContain("input 'labels': 'novalue' is not key=value");
  });

  it('masks secret inputs before validating', () => {
    process.env.INPUT_TOKEN = 'ghs_supersecretvalue';
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      readInputs({ names, schema, secrets: ['token'] });
      expect(write.mock.calls.map((c) => String(c[0])).join('')).toContain(
        '::add-mask::ghs_supersecretvalue',
      );
    } finally {
      write.mockRestore();
    }
  });
});

describe('splitList', () => {
  it('splits on commas and newlines and drops blanks', () => {
    expect(splitList(' a ,\n\n b,c ')).toEqual(['a', 'b', 'c']);
  });
});

describe('escapeMarkdownInline', () => {
  it('neutralises HTML, tables, links, images and mentions', () => {
    const out = escapeMarkdownInline('<img src=x onerror=alert(1)> | ![a](http://x) @octocat #12 **b**');
    expect(out).not.toMatch(/<img/);
    expect(out).not.toMatch(/(^|[^\\])\|/);
    expect(out).not.toMatch(/(^|[^\\])!\[/);
    expect(out).not.toMatch(/@octocat/);
    expect(out).not.toMatch(/#12/);
  });
});

describe('UserError.combine', () => {
  it('returns nothing, the one error, or one error listing each with its fix', () => {
    const a = new UserError('bad a', { fix: 'fix a', title: 'Invalid input' });
    const b = new UserError('bad b', { title: 'Invalid input' });
    const c = new UserError('bad c', { title: 'Other' });
    expect(UserError.combine([], 'x', 'T')).toBeUndefined();
    expect(UserError.combine([a], 'x', 'T')).toBe(a);
    const both = UserError.combine([a, b], '2 problems:', 'T');
    expect(both?.describe()).toBe('2 problems:\n  - bad a Fix: fix a\n  - bad b');
    expect(both?.title).toBe('Invalid input');
    expect(UserError.combine([a, c], '2 problems:', 'T')?.title).toBe('T');
  });
});
