import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/paths.js';

const core = join(repoRoot, 'src/core');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The folder of src/core a file is in (files directly in src/core are their own unit). */
function folderOf(file: string): string {
  const rel = relative(core, file).split(sep);
  return rel.length > 1 ? (rel[0] ?? '') : rel.join('/');
}

/** folder → folders it imports from (static and dynamic relative imports). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(core)) {
    const from = folderOf(file);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = resolve(join(file, '..'), m[1] ?? '');
      if (!target.startsWith(core + sep)) continue;
      const to = folderOf(target.replace(/\.js$/, '.ts'));
      if (to !== from) edges.add(to);
    }
  }
  return graph;
}

/** Every cycle, as the folder path that closes it, found by depth-first search. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const visit = (node: string, stack: string[]) => {
    const at = stack.indexOf(node);
    if (at >= 0) {
      found.push([...stack.slice(at), node]);
      return;
    }
    if (done.has(node)) return;
    for (const next of graph.get(node) ?? []) visit(next, [...stack, node]);
    done.add(node);
  };
  for (const node of [...graph.keys()].sort()) visit(node, []);
  return found;
}

describe('src/core folders', () => {
  it('import each other without a cycle', () => {
    expect(cycles(folderGraph()).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('the check finds a cycle when there is one', () => {
    const graph = new Map([
      ['fleet', new Set(['plan'])],
      ['plan', new Set(['fleet', 'image'])],
      ['image', new Set<string>()],
    ]);
    expect(cycles(graph)).toEqual([['fleet', 'plan', 'fleet']]);
    expect(folderGraph().get('fleet')).not.toContain('plan');
  });
});
