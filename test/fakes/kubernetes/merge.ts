import { isDeepStrictEqual } from 'node:util';
import type { ListType } from './kinds.js';
import type { Shape } from './shape.js';

/**
 * JSON merge patch (RFC 7386), strategic merge patch and the merge step of server-side apply.
 * JSON patch (RFC 6902) comes from fast-json-patch; no JavaScript library implements Kubernetes'
 * strategic merge or apply (they exist only in Go: k8s.io/apimachinery pkg/util/strategicpatch and
 * sigs.k8s.io/structured-merge-diff), so these follow those packages' documented semantics for the
 * directives and list types the flows use.
 */

type Json = unknown;
type JsonObject = Record<string, Json>;

export const isObject = (v: Json): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386: objects merge recursively, `null` removes a member, anything else replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

function itemKey(item: Json, keys: readonly string[]): string | undefined {
  if (!isObject(item)) return undefined;
  return JSON.stringify(keys.map((k) => item[k] ?? null));
}

/**
 * Strategic merge patch: like a merge patch, except lists with a merge key merge item by item,
 * set lists union, and the `$patch` (replace/delete/merge), `$deleteFromPrimitiveList/<f>`,
 * `$setElementOrder/<f>` and `$retainKeys` directives apply.
 */
export function strategicMerge(target: Json, patch: Json, shape: Shape, path: readonly string[] = []): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const directive = patch.$patch;
  if (directive === 'replace') {
    const rest = { ...patch };
    delete rest.$patch;
    return structuredClone(rest);
  }
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const current = out[field];
      if (Array.isArray(current) && Array.isArray(value))
        out[field] = current.filter((v) => !value.some((d) => isDeepStrictEqual(d, v)));
      continue;
    }
    if (value === null) {
      delete out[key];
      continue;
    }
    if (isObject(value) && value.$patch === 'delete') {
      delete out[key];
      continue;
    }
    const childPath = [...path, key];
    if (Array.isArray(value)) out[key] = mergeList(out[key], value, shape.list(childPath), shape, childPath);
    else out[key] = strategicMerge(out[key], value, shape, childPath);
  }
  return out;
}

function mergeList(
  current: Json,
  patch: Json[],
  listType: ListType,
  shape: Shape,
  path: readonly string[],
): Json[] {
  const live = Array.isArray(current) ? [...current] : [];
  if (patch.some((p) => isObject(p) && p.$patch === 'replace' && Object.keys(p).length === 1))
    return structuredClone(patch.filter((p) => !(isObject(p) && p.$patch === 'replace')));
  if (listType.type === 'set') {
    for (const v of patch) if (!live.some((l) => isDeepStrictEqual(l, v))) live.push(structuredClone(v));
    return live;
  }
  if (listType.type === 'atomic') return structuredClone(patch);
  for (const item of patch) {
    const key = itemKey(item, listType.keys);
    const index = live.findIndex((l) => itemKey(l, listType.keys) === key);
    if (isObject(item) && item.$patch === 'delete') {
      if (index >= 0) live.splice(index, 1);
      continue;
    }
    if (index >= 0) live[index] = strategicMerge(live[index], item, shape, path);
    else live.push(strategicMerge(undefined, item, shape, path));
  }
  return live;
}

/** The merge of server-side apply: the applied configuration's values win, lists merge by their list type. */
export function applyMerge(live: Json, config: Json, shape: Shape, path: readonly string[] = []): Json {
  if (Array.isArray(config)) {
    const listType = shape.list(path);
    const current = Array.isArray(live) ? live : [];
    if (listType.type === 'atomic') return structuredClone(config);
    if (listType.type === 'set') {
      const out = [...current];
      for (const v of config) if (!out.some((l) => isDeepStrictEqual(l, v))) out.push(structuredClone(v));
      return out;
    }
    const out = [...current];
    for (const item of config) {
      const key = itemKey(item, listType.keys);
      const index = out.findIndex((l) => itemKey(l, listType.keys) === key);
      if (index >= 0) out[index] = applyMerge(out[index], item, shape, path);
      else out.push(structuredClone(item));
    }
    return out;
  }
  if (!isObject(config) || shape.atomic(path)) return structuredClone(config);
  const out: JsonObject = isObject(live) ? { ...live } : {};
  for (const [key, value] of Object.entries(config)) {
    if (value === null) delete out[key];
    else out[key] = applyMerge(out[key], value, shape, [...path, key]);
  }
  return out;
}
