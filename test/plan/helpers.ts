import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { formatSpecError } from '../../src/core/fleet/spec-error.js';
import { planFleet, type PlanResult } from '../../src/core/plan/planner.js';
import { repoRoot } from '../support/paths.js';

/** A fixed clock for reproducible plans: 2026-11-24T12:00:00Z. */
export const NOW = 1_795_521_600;

export const EXAMPLES = ['two-region-mesh', 'single-cluster', 'three-region-mesh'] as const;

export function exampleText(name: string): string {
  return readFileSync(join(repoRoot, 'examples/fleets', `${name}.yaml`), 'utf8');
}

export function mustPlan(text: string, options: Partial<Parameters<typeof planFleet>[1]> = {}) {
  const result: PlanResult = planFleet(text, { now: NOW, ...options });
  if (!result.ok)
    throw new Error(
      `expected a plan, got:\n${result.errors.map((e) => `${e.path} ${e.message}`).join('\n')}`,
    );
  return result;
}

/**
 * A small spec of fleet pr-42 in my-project written out by hand (line numbers in errors stay
 * predictable): one flow-style line per cluster, then `tail` lines under `spec:`.
 */
export function flowSpec(clusters: readonly string[], ...tail: string[]): string {
  return `apiVersion: talos-fleet.dev/v1alpha1
kind: Fleet
metadata: {name: pr-42}
spec:
  gcp: {project: my-project}
  clusters:
${[...clusters.map((c) => `    - ${c}`), ...tail.map((t) => `  ${t}`)].join('\n')}
`;
}

/** A spec built from an object, for tests that tweak one field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests edit parsed YAML freely
export function specText(mutate: (spec: any) => void, base = 'two-region-mesh'): string {
  const doc = parse(exampleText(base));
  mutate(doc);
  return stringify(doc);
}

export function errorsOf(text: string, options: Partial<Parameters<typeof planFleet>[1]> = {}): string[] {
  const result = planFleet(text, { now: NOW, ...options });
  if (result.ok) throw new Error('expected errors, got a plan');
  return result.errors.map((e) => formatSpecError({ path: e.path, message: e.message }));
}
