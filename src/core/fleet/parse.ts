import { LineCounter, isMap, isScalar, parseDocument, type Node } from 'yaml';
import { z } from 'zod';
import { suggestion } from './did-you-mean.js';
import { FleetSpecSchema, type FleetSpec } from './schema.js';
import { formatPath } from '../zod-issues.js';
import { quoteValue, type SpecError } from './spec-error.js';
import { crossCheck, type CheckOptions } from './validate.js';

export type ParseResult = { ok: true; spec: FleetSpec } | { ok: false; errors: SpecError[] };

/** The schema inside optional, default, nullable and pipe wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  for (;;) {
    if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault)
      schema = schema.unwrap() as z.ZodType;
    else if (schema instanceof z.ZodPipe) schema = schema.in as z.ZodType;
    else return schema;
  }
}

/** The keys the schema allows at a path, for did-you-mean on unknown keys. */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let schema = unwrap(FleetSpecSchema);
  for (const segment of path) {
    if (typeof segment === 'number' && schema instanceof z.ZodArray)
      schema = unwrap(schema.element as z.ZodType);
    else if (typeof segment === 'string' && schema instanceof z.ZodObject && segment in schema.shape)
      schema = unwrap(schema.shape[segment] as z.ZodType);
    else return [];
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** Paths are shown below `spec:`, which is where nearly every key lives. */
function specRelative(path: readonly PropertyKey[]): PropertyKey[] {
  return path[0] === 'spec' ? path.slice(1) : [...path];
}

/** The value at `path` in the parsed YAML, to explain a type error. */
function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

/** YAML 1.1 booleans that YAML 1.2 (and so this parser) reads as strings. */
const YAML11_BOOLEANS = /^(y|yes|n|no|on|off|true|false)$/i;

/** A type error with what the user most likely meant, when the value shows it. */
function typeMessage(issue: z.core.$ZodIssueInvalidType, raw: unknown): string | undefined {
  const value = valueAt(raw, issue.path);
  const key = issue.path.at(-1);
  if (typeof value === 'number' && !Number.isFinite(value))
    return 'is a number too large to hold (YAML reads it as infinity)';
  if (issue.expected === 'string' && key === 'ttl' && typeof value === 'number')
    return `${String(value)} has no unit: write a duration such as ${String(value)}h (90m, 6h, 1h30m, 2d)`;
  if (issue.expected === 'boolean' && typeof value === 'string' && YAML11_BOOLEANS.test(value))
    return `'${value}' is a string here (YAML 1.2 reads only true and false as booleans): write ${/^(y|yes|on|true)$/i.test(value) ? 'true' : 'false'}`;
  if (issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean'))
    return `must be a string: quote it, e.g. '${String(value)}'`;
  return undefined;
}

function issueErrors(
  issue: z.core.$ZodIssue,
  raw: unknown,
): { path: PropertyKey[]; message: string; key?: string }[] {
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(issue.path);
    return issue.keys.map((key) => ({
      path: [...issue.path, key],
      key,
      message: `unknown key ${quoteValue(key)}${suggestion(key, known)}${known.length ? ` (allowed: ${known.join(', ')})` : ''}`,
    }));
  }
  let message = issue.message;
  if (issue.code === 'invalid_type') {
    const explained = typeMessage(issue, raw);
    if (explained) message = explained;
    else if (message.endsWith('received undefined')) message = `is required (${issue.expected})`;
  }
  return [{ path: issue.path, message }];
}

/**
 * One error per field: zod reports an overflowing integer twice (over the field's maximum and over
 * the safe-integer range); the safe-integer bound says nothing the field's own does not.
 */
function onePerField(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const safeBound = (i: z.core.$ZodIssue) =>
    (i.code === 'too_big' && i.maximum === Number.MAX_SAFE_INTEGER) ||
    (i.code === 'too_small' && i.minimum === Number.MIN_SAFE_INTEGER);
  const byPath = new Map<string, z.core.$ZodIssue[]>();
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') continue;
    const key = JSON.stringify(issue.path);
    byPath.set(key, [...(byPath.get(key) ?? []), issue]);
  }
  return issues.filter((issue) => {
    if (issue.code === 'unrecognized_keys') return true;
    const same = byPath.get(JSON.stringify(issue.path)) ?? [];
    return !(safeBound(issue) && same.some((other) => !safeBound(other)));
  });
}

/**
 * Parses and validates a fleet spec in one pass, returning every problem found: YAML syntax,
 * schema (types, formats, unknown keys with a suggestion) and cross-field checks (overlaps,
 * duplicates, name lengths, mesh size, version compatibility).
 */
export function parseFleetSpec(text: string, options: CheckOptions = {}): ParseResult {
  if (text.length > MAX_SPEC_CHARS)
    return {
      ok: false,
      errors: [
        {
          path: '',
          message: `the spec is ${text.length.toLocaleString('en-US')} characters; a fleet spec is at most ${MAX_SPEC_CHARS.toLocaleString('en-US')} (255 clusters take about 100,000)`,
        },
      ],
    };
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
  let parsed: unknown;
  try {
    // The yaml library's own guard against alias bombs (a few lines expanding to billions of nodes).
    parsed = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return {
      ok: false,
      errors: [
        {
          path: '',
          message: `YAML: the aliases (*name) expand to too many nodes (${error.message}); write the values out instead of nesting aliases`,
        },
      ],
    };
  }
  if (parsed === null || parsed === undefined || typeof parsed !== 'object' || Array.isArray(parsed))
    return {
      ok: false,
      errors: [
        {
          path: '',
          message: `${parsed === null || parsed === undefined ? 'the spec is empty' : `the spec is ${Array.isArray(parsed) ? 'a list' : `a ${typeof parsed}`}`}: it must be a mapping with apiVersion, kind, metadata and spec; start from examples/fleets/single-cluster.yaml`,
          line: 1,
        },
      ],
    };
  const lineOf = (path: readonly PropertyKey[], key?: string): number | undefined => {
    const segments = key === undefined ? path : path.slice(0, -1);
    // A missing key has no node: point at the nearest ancestor that is there.
    for (let n = segments.length; n >= 0; n--) {
      let node = doc.getIn(segments.slice(0, n) as unknown[], true) as Node | undefined;
      if (key !== undefined && n === segments.length && isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
        node = (pair?.key ?? undefined) as Node | undefined;
      }
      const offset = node?.range?.[0];
      if (offset !== undefined) return lineCounter.linePos(offset).line;
    }
    return undefined;
  };

  // Sizes first: no pattern, parser or did-you-mean runs on a value longer than any valid one.
  const bounded = boundValues(parsed);
  const raw = bounded.value;
  // Errors zod or the cross checks raise about a value that was too long (now missing) repeat it.
  const oversized = (path: string) =>
    bounded.errors.some(
      (e) => e.value && (path === e.path || path.startsWith(`${e.path}.`) || path.startsWith(`${e.path}[`)),
    );

  const errors: SpecError[] = bounded.errors.map((e) => ({
    path: e.path,
    message: e.message,
    ...(lineOf(e.segments) === undefined ? {} : { line: lineOf(e.segments) }),
  }));
  const result = FleetSpecSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of onePerField(result.error.issues)) {
      for (const e of issueErrors(issue, raw)) {
        const path = formatPath(specRelative(e.path));
        if (oversized(path)) continue;
        errors.push({ path, message: e.message, line: lineOf(e.path, e.key) });
      }
    }
  }
  for (const e of crossCheck(raw, options)) {
    const path = formatPath(e.segments);
    if (oversized(path)) continue;
    const line = lineOf(['spec', ...e.segments]);
    errors.push({ path, message: e.message, ...(line === undefined ? {} : { line }) });
  }
  if (errors.length > 0 || !result.success) return { ok: false, errors: dedupe(errors) };
  return { ok: true, spec: result.data };
}

/** 255 clusters take about 100,000 characters; this only stops absurd input early. */
const MAX_SPEC_CHARS = 8 * 1024 * 1024;
const MAX_ALIAS_COUNT = 100;
/** Longer than any valid value (the longest, an image self-link, is about 150) or key (21). */
const MAX_VALUE_CHARS = 256;
const MAX_SCHEMA_URL_CHARS = 2048;
const MAX_KEY_CHARS = 64;

/**
 * A copy of the parsed spec without strings or keys longer than any valid one, and an error for
 * each naming its path and length (never the text): the schema's patterns, the CIDR parser and
 * did-you-mean then never see them (a 5 MB zone overflowed the regex stack; a 5 MB region took
 * 4.7 s to suggest a name for).
 */
function boundValues(parsed: unknown): {
  value: unknown;
  errors: { path: string; segments: PropertyKey[]; message: string; value: boolean }[];
} {
  const errors: { path: string; segments: PropertyKey[]; message: string; value: boolean }[] = [];
  const n = (count: number) => count.toLocaleString('en-US');
  const walk = (value: unknown, segments: PropertyKey[]): unknown => {
    if (typeof value === 'string') {
      const max = segments.length === 1 && segments[0] === '$schema' ? MAX_SCHEMA_URL_CHARS : MAX_VALUE_CHARS;
      if (value.length <= max) return value;
      errors.push({
        path: formatPath(specRelative(segments)),
        segments,
        message: `is ${n(value.length)} characters long; no valid value here is longer than ${n(max)}`,
        value: true,
      });
      return undefined;
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...segments, i]));
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (key.length > MAX_KEY_CHARS) {
        errors.push({
          path: formatPath(specRelative(segments)) || formatPath(segments),
          segments,
          message: `has a key ${n(key.length)} characters long (${quoteValue(key)}); no key is longer than ${MAX_KEY_CHARS}`,
          value: false,
        });
        continue;
      }
      out[key] = walk(v, [...segments, key]);
    }
    return out;
  };
  return { value: walk(parsed, []), errors };
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
