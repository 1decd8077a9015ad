import { isDeepStrictEqual } from 'node:util';
import { isObject } from './merge.js';
import type { Shape } from './shape.js';

/**
 * Field sets of server-side apply, in the `FieldsV1` encoding of managedFields
 * (sigs.k8s.io/structured-merge-diff fieldpath/serialize.go): `f:<field>`, `k:<json of the list-map
 * keys>` for an item of a map list, `v:<json>` for a value of a set list, `.` for the item itself.
 * A set here holds every node (interior ones too), so ownership of a parent is visible; conflicts
 * are checked on leaves.
 */

export type FieldPath = readonly string[];

/** Fields no manager owns: identity and the server-maintained metadata. */
const SKIP_ROOT = new Set(['apiVersion', 'kind']);
const SKIP_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
]);

export interface FieldSet {
  /** Serialized path → path. */
  paths: Map<string, FieldPath>;
  /** Serialized paths with no children. */
  leaves: Set<string>;
}

const key = (p: FieldPath) => JSON.stringify(p);

export function emptySet(): FieldSet {
  return { paths: new Map(), leaves: new Set() };
}

/** The fields an object (an applied configuration, or a whole object) sets. `skipStatus` drops `status`. */
export function fieldsOf(
  object: unknown,
  shape: Shape,
  options: { skipStatus?: boolean; onlyStatus?: boolean } = {},
): FieldSet {
  const set = emptySet();
  if (!isObject(object)) return set;
  for (const [k, v] of Object.entries(object)) {
    if (SKIP_ROOT.has(k)) continue;
    if (options.skipStatus && k === 'status') continue;
    if (options.onlyStatus && k !== 'status') continue;
    if (k === 'metadata' && isObject(v)) {
      const meta = Object.entries(v).filter(([mk]) => !SKIP_METADATA.has(mk));
      if (!meta.length) continue;
      add(set, ['f:metadata'], false);
      for (const [mk, mv] of meta) walk(set, mv, shape, ['metadata', mk], ['f:metadata', `f:${mk}`]);
      continue;
    }
    walk(set, v, shape, [k], [`f:${k}`]);
  }
  return set;
}

function add(set: FieldSet, path: FieldPath, leaf: boolean): void {
  const k = key(path);
  set.paths.set(k, path);
  if (leaf) set.leaves.add(k);
}

function walk(set: FieldSet, value: unknown, shape: Shape, names: readonly string[], path: FieldPath): void {
  if (Array.isArray(value)) {
    const listType = shape.list(names);
    if (listType.type === 'atomic' || value.length === 0) return add(set, path, true);
    add(set, path, false);
    for (const item of value) {
      if (listType.type === 'set') add(set, [...path, `v:${JSON.stringify(item)}`], true);
      else {
        const keys: Record<string, unknown> = {};
        if (isObject(item)) for (const k of listType.keys) if (item[k] !== undefined) keys[k] = item[k];
        const itemPath = [...path, `k:${JSON.stringify(keys)}`];
        walk(set, item, shape, names, itemPath);
      }
    }
    return;
  }
  if (isObject(value) && !shape.atomic(names)) {
    const entries = Object.entries(value);
    add(set, path, entries.length === 0);
    for (const [k, v] of entries) walk(set, v, shape, [...names, k], [...path, `f:${k}`]);
    return;
  }
  add(set, path, true);
}

export function union(...sets: FieldSet[]): FieldSet {
  const out = emptySet();
  for (const s of sets) {
    for (const [k, p] of s.paths) out.paths.set(k, p);
    for (const l of s.leaves) out.leaves.add(l);
  }
  for (const l of [...out.leaves]) if (hasChildren(out, out.paths.get(l) ?? [])) out.leaves.delete(l);
  return out;
}

function hasChildren(set: FieldSet, path: FieldPath): boolean {
  const prefix = key(path).slice(0, -1) + ',';
  for (const k of set.paths.keys()) if (k.startsWith(prefix)) return true;
  return false;
}

export function without(set: FieldSet, remove: Iterable<string>): FieldSet {
  const drop = new Set(remove);
  const out = emptySet();
  for (const [k, p] of set.paths) if (!drop.has(k)) out.paths.set(k, p);
  for (const l of set.leaves) if (!drop.has(l)) out.leaves.add(l);
  // A parent left without children is no longer owned (children first, so chains collapse).
  const byDepth = [...out.paths].sort((a, b) => b[1].length - a[1].length);
  for (const [k, p] of byDepth) if (!out.leaves.has(k) && !hasChildren(out, p)) out.paths.delete(k);
  return out;
}

/** Looks a field path up in an object. */
export function valueAt(object: unknown, path: FieldPath): { found: boolean; value?: unknown } {
  let node: unknown = object;
  for (const element of path) {
    const next = step(node, element);
    if (!next.found) return { found: false };
    node = next.value;
  }
  return { found: true, value: node };
}

function step(node: unknown, element: string): { found: boolean; value?: unknown; index?: number } {
  const kind = element.slice(0, 2);
  const body = element.slice(2);
  if (kind === 'f:') {
    if (!isObject(node) || !(body in node)) return { found: false };
    return { found: true, value: node[body] };
  }
  if (!Array.isArray(node)) return { found: false };
  const wanted = JSON.parse(body) as unknown;
  const index =
    kind === 'v:'
      ? node.findIndex((v) => isDeepStrictEqual(v, wanted))
      : node.findIndex(
          (item) =>
            isObject(item) &&
            isObject(wanted) &&
            Object.entries(wanted).every(([k, v]) => isDeepStrictEqual(item[k], v)),
        );
  return index < 0 ? { found: false } : { found: true, value: node[index], index };
}

/** Removes a field path (and everything under it) from an object in place. */
export function removeAt(object: unknown, path: FieldPath): void {
  if (!path.length) return;
  const parent = valueAt(object, path.slice(0, -1));
  if (!parent.found) return;
  const last = path[path.length - 1] ?? '';
  if (last.startsWith('f:')) {
    if (isObject(parent.value)) delete parent.value[last.slice(2)];
    return;
  }
  const found = step(parent.value, last);
  if (found.found && Array.isArray(parent.value) && found.index !== undefined)
    parent.value.splice(found.index, 1);
}

/** `.spec.containers[name="app"].image`, as the apiserver names conflicting fields. */
export function describePath(path: FieldPath): string {
  return path
    .map((e) => {
      const body = e.slice(2);
      if (e.startsWith('f:')) return `.${body}`;
      if (e.startsWith('v:')) return `[=${body}]`;
      const keys = JSON.parse(body) as Record<string, unknown>;
      return `[${Object.entries(keys)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}]`;
    })
    .join('');
}

/** The FieldsV1 JSON of a set. */
export function toFieldsV1(set: FieldSet): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const sorted = [...set.paths.values()].sort((a, b) => key(a).localeCompare(key(b)));
  for (const path of sorted) {
    let node = root;
    path.forEach((element, i) => {
      node[element] ??= {};
      node = node[element] as Record<string, unknown>;
      if (i === path.length - 1 && element.startsWith('k:') && hasChildren(set, path)) node['.'] = {};
    });
  }
  return root;
}

/** The set a FieldsV1 JSON describes. */
export function fromFieldsV1(fields: unknown): FieldSet {
  const set = emptySet();
  const visit = (node: unknown, path: FieldPath) => {
    const children = isObject(node) ? Object.keys(node).filter((k) => k !== '.') : [];
    if (path.length) add(set, path, children.length === 0);
    for (const c of children) visit((node as Record<string, unknown>)[c], [...path, c]);
  };
  visit(fields, []);
  return set;
}
