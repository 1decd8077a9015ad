import { LineCounter, isMap, isScalar, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';
import { suggestion } from './did-you-mean.js';
import { FleetSpecSchema, type FleetSpec } from './schema.js';
import { formatPath } from '../zod-issues.js';
import type { SpecError } from './spec-error.js';
import { crossCheck, type CheckOptions } from './validate.js';

export type ParseResult = { ok: true; spec: FleetSpec } | { ok: false; errors: SpecError[] };

interface ZodDef {
  type: string;
  shape?: Record<string, { _zod: { def: ZodDef } }>;
  element?: { _zod: { def: ZodDef } };
  innerType?: { _zod: { def: ZodDef } };
  in?: { _zod: { def: ZodDef } };
}

/** The keys the schema allows at a path, for did-you-mean on unknown keys. */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let def = (FleetSpecSchema as unknown as { _zod: { def: ZodDef } })._zod.def;
  const unwrap = () => {
    for (;;) {
      const inner = def.innerType ?? def.in;
      if (!inner) return;
      def = inner._zod.def;
    }
  };
  unwrap();
  for (const segment of path) {
    if (typeof segment === 'number' && def.element) def = def.element._zod.def;
    else if (typeof segment === 'string' && def.shape?.[segment]) def = def.shape[segment]._zod.def;
    else return [];
    unwrap();
  }
  return Object.keys(def.shape ?? {});
}

/** Paths are shown below `spec:`, which is where nearly every key lives. */
function specRelative(path: readonly PropertyKey[]): PropertyKey[] {
  return path[0] === 'spec' ? path.slice(1) : [...path];
}

function issueErrors(issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string; key?: string }[] {
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(issue.path);
    return issue.keys.map((key) => ({
      path: [...issue.path, key],
      key,
      message: `unknown key '${key}'${suggestion(key, known)}${known.length ? ` (allowed: ${known.join(', ')})` : ''}`,
    }));
  }
  let message = issue.message;
  if (issue.code === 'invalid_type' && message.endsWith('received undefined'))
    message = `is required (${issue.expected})`;
  return [{ path: issue.path, message }];
}

/**
 * Parses and validates a fleet spec in one pass, returning every problem found: YAML syntax,
 * schema (types, formats, unknown keys with a suggestion) and cross-field checks (overlaps,
 * duplicates, name lengths, mesh size, version compatibility).
 */
export function parseFleetSpec(text: string, options: CheckOptions = {}): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        path: '',
        message: `YAML: ${(e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, '')}`,
        line: e.linePos?.[0].line,
      })),
    };
  }
  const raw: unknown = doc.toJS();
  const lineOf = (path: readonly PropertyKey[], key?: string): number | undefined => {
    const segments = key === undefined ? path : path.slice(0, -1);
    let node = doc.getIn(segments as unknown[], true) as Node | undefined;
    if (key !== undefined && isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      node = (pair?.key ?? undefined) as Node | undefined;
    }
    const offset = node?.range?.[0];
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };

  const errors: SpecError[] = [];
  const result = FleetSpecSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      for (const e of issueErrors(issue)) {
        errors.push({
          path: formatPath(specRelative(e.path)),
          message: e.message,
          line: lineOf(e.path, e.key),
        });
      }
    }
  }
  for (const e of crossCheck(raw, options)) {
    const line = lineOf(['spec', ...e.segments]);
    errors.push({
      path: formatPath(e.segments),
      message: e.message,
      ...(line === undefined ? {} : { line }),
    });
  }
  if (errors.length > 0 || !result.success) return { ok: false, errors: dedupe(errors) };
  return { ok: true, spec: result.data };
}

/** Unique errors in file order (errors without a line last), so the list reads top to bottom. */
function dedupe(errors: SpecError[]): SpecError[] {
  const seen = new Set<string>();
  return errors
    .filter((e) => {
      const k = `${e.path}|${e.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
}
