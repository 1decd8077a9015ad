/**
 * The `filter` parameter of Compute list and aggregatedList calls, as documented for
 * compute.v1 `*.list` ("filter: A filter expression that filters resources listed in the
 * response"): either comparisons `field op value` with `=`, `!=`, `>`, `<`, `>=`, `<=`, `:`
 * (substring, and `:*` for "is set"), each parenthesised when there are several, joined by
 * implicit AND or explicit AND/OR; or the older regular-expression form with `eq`/`ne`, whose
 * literal must match the whole field (RE2; JavaScript's engine stands in for it here). The two
 * forms cannot be mixed. Nested fields use dots (`labels.talos-fleet`); a field holding a list
 * matches when any element does.
 */

export class FilterError extends Error {}

type Op = '=' | '!=' | '>' | '<' | '>=' | '<=' | ':' | 'eq' | 'ne';

interface Comparison {
  field: string;
  op: Op;
  value: string;
}

interface Clause {
  join: 'AND' | 'OR';
  comparison: Comparison;
}

const COMPARISON = /^\s*([A-Za-z_][\w.-]*)\s*(!=|>=|<=|=|>|<|:|\beq\b|\bne\b)\s*(.*?)\s*$/;

export type Predicate = (resource: Record<string, unknown>) => boolean;

export function parseFilter(filter: string | undefined): Predicate {
  const text = (filter ?? '').trim();
  if (!text) return () => true;
  const clauses = splitClauses(text);
  const regexForm = clauses.map((c) => c.comparison.op === 'eq' || c.comparison.op === 'ne');
  if (regexForm.some(Boolean) && !regexForm.every(Boolean))
    throw new FilterError(
      `Invalid list filter expression '${text}': eq/ne cannot be mixed with other operators`,
    );
  const tests = clauses.map((c) => ({ join: c.join, test: compile(c.comparison) }));
  return (resource) => {
    // AND binds tighter than OR, as in the API's filter grammar.
    let any = false;
    let all = true;
    for (const [i, t] of tests.entries()) {
      if (i > 0 && t.join === 'OR') {
        any ||= all;
        all = true;
      }
      all &&= t.test(resource);
    }
    return any || all;
  };
}

function splitClauses(text: string): Clause[] {
  if (!text.startsWith('(')) return [{ join: 'AND', comparison: parseComparison(text) }];
  const clauses: Clause[] = [];
  let rest = text;
  let join: Clause['join'] = 'AND';
  while (rest.length > 0) {
    if (!rest.startsWith('(')) throw new FilterError(`Invalid list filter expression '${text}'`);
    const close = closingParen(rest);
    clauses.push({ join, comparison: parseComparison(rest.slice(1, close)) });
    rest = rest.slice(close + 1).trim();
    const word = /^(AND|OR)\s+/.exec(rest);
    join = word?.[1] === 'OR' ? 'OR' : 'AND';
    if (word) rest = rest.slice(word[0].length);
  }
  return clauses;
}

function closingParen(text: string): number {
  let quote: string | undefined;
  for (let i = 1; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ')') return i;
  }
  throw new FilterError(`Invalid list filter expression '${text}': unbalanced parentheses`);
}

function parseComparison(text: string): Comparison {
  const m = COMPARISON.exec(text);
  if (!m) throw new FilterError(`Invalid list filter expression '${text}'`);
  const [, field = '', op = '=', raw = ''] = m;
  return { field, op: op as Op, value: unquote(raw) };
}

function unquote(raw: string): string {
  const m = /^(["'])(.*)\1$/.exec(raw);
  return m ? (m[2] ?? '') : raw;
}

function compile({ field, op, value }: Comparison): Predicate {
  const read = (r: Record<string, unknown>) => fieldValues(r, field.split('.'));
  switch (op) {
    case 'eq':
    case 'ne': {
      const re = new RegExp(`^(?:${value})$`);
      return (r) => {
        const values = read(r);
        // `ne` on an unset field matches, as the API treats it as the empty string.
        const hit = (values.length ? values : ['']).some((v) => re.test(v));
        return op === 'eq' ? hit : !hit;
      };
    }
    case ':':
      return value === '*'
        ? (r) => read(r).length > 0
        : (r) => read(r).some((v) => v.toLowerCase().includes(value.toLowerCase()));
    case '=':
      return (r) => read(r).some((v) => v === value);
    case '!=':
      return (r) => !read(r).some((v) => v === value);
    default:
      return (r) =>
        read(r).some((v) => {
          const [a, b] = isNumeric(v) && isNumeric(value) ? [Number(v), Number(value)] : [v, value];
          return op === '>' ? a > b : op === '<' ? a < b : op === '>=' ? a >= b : a <= b;
        });
  }
}

function isNumeric(s: string): boolean {
  return s.trim() !== '' && !Number.isNaN(Number(s));
}

function fieldValues(value: unknown, path: string[]): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v) => fieldValues(v, path));
  if (path.length === 0)
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? [String(value)]
      : [JSON.stringify(value)];
  if (typeof value !== 'object') return [];
  const [head = '', ...rest] = path;
  return fieldValues((value as Record<string, unknown>)[head], rest);
}
