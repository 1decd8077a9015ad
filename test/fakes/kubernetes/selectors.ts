import { badRequest } from './status.js';

/**
 * Label and field selectors as kube-apiserver parses them (k8s.io/apimachinery pkg/labels/selector.go:
 * `=`, `==`, `!=`, `in`, `notin`, `key`, `!key`; pkg/fields/selector.go: `=`, `==`, `!=` only).
 */

type Labels = Record<string, string> | undefined;
export type LabelPredicate = (labels: Labels) => boolean;

export function parseLabelSelector(text: string | null): LabelPredicate {
  if (!text?.trim()) return () => true;
  const terms = splitTerms(text).map(parseLabelTerm);
  return (labels) => terms.every((t) => t(labels ?? {}));
}

/** Splits on commas outside parentheses. */
function splitTerms(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

function parseLabelTerm(term: string): (labels: Record<string, string>) => boolean {
  const set = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (set) {
    const [, key = '', op, list = ''] = set;
    const values = list.split(',').map((v) => v.trim());
    return op === 'in'
      ? (l) => key in l && values.includes(l[key] ?? '')
      : (l) => !(key in l) || !values.includes(l[key] ?? '');
  }
  const cmp = /^([^\s!=]+)\s*(==|=|!=)\s*([^\s,]*)$/.exec(term);
  if (cmp) {
    const [, key = '', op, value = ''] = cmp;
    return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
  }
  const not = /^!\s*([^\s!=]+)$/.exec(term);
  if (not) {
    const key = not[1] ?? '';
    return (l) => !(key in l);
  }
  if (/^[^\s!=(),]+$/.test(term)) return (l) => term in l;
  throw badRequest(`unable to parse requirement: invalid label selector "${term}"`);
}

export interface FieldTerm {
  field: string;
  op: '=' | '!=';
  value: string;
}

export function parseFieldSelector(text: string | null): FieldTerm[] {
  if (!text?.trim()) return [];
  return text.split(',').map((term) => {
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(term.trim());
    if (!m) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    return { field: (m[1] ?? '').trim(), op: m[2] === '!=' ? '!=' : '=', value: (m[3] ?? '').trim() };
  });
}

/**
 * Field labels each kind supports (metadata.name and metadata.namespace for all; the extra ones
 * are those the built-in registries add: pkg/registry/core/event/strategy.go ToSelectableFields,
 * pod/strategy.go, node/strategy.go, secret/strategy.go).
 */
const EXTRA_FIELDS: Record<string, readonly string[]> = {
  Event: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  Pod: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  Node: ['spec.unschedulable'],
  Secret: ['type'],
  Namespace: ['status.phase'],
};

export function checkFieldTerms(kind: string, group: string, terms: readonly FieldTerm[]): void {
  const allowed = new Set([
    'metadata.name',
    'metadata.namespace',
    ...(group === '' ? (EXTRA_FIELDS[kind] ?? []) : []),
  ]);
  for (const t of terms) if (!allowed.has(t.field)) throw badRequest(`field label not supported: ${t.field}`);
}

export function matchesFields(object: Record<string, unknown>, terms: readonly FieldTerm[]): boolean {
  return terms.every((t) => {
    const actual =
      t.field === 'source' ? fieldValue(object, 'source.component') : fieldValue(object, t.field);
    return t.op === '=' ? actual === t.value : actual !== t.value;
  });
}

function fieldValue(object: Record<string, unknown>, path: string): string {
  let node: unknown = object;
  for (const part of path.split('.')) {
    if (!node || typeof node !== 'object') return '';
    node = (node as Record<string, unknown>)[part];
  }
  if (node === undefined || node === null) return '';
  return typeof node === 'string' ? node : JSON.stringify(node);
}
