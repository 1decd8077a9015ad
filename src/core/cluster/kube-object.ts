/**
 * The few shapes the cluster flow reads off Kubernetes objects, as plain JSON (the flow never
 * needs a typed client model). Accessors tolerate missing fields: controllers fill status late.
 */

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name?: string;
    namespace?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** A condition as Cluster API v1beta2 (metav1.Condition) and v1beta1 (clusterv1.Condition) write it. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export function field(object: unknown, ...path: string[]): unknown {
  let at: unknown = object;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

export function conditionsOf(object: KubeObject | undefined): Condition[] {
  const raw = field(object, 'status', 'conditions');
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (c): c is Condition => typeof c === 'object' && c !== null && typeof (c as Condition).type === 'string',
  );
}

export function condition(object: KubeObject | undefined, type: string): Condition | undefined {
  return conditionsOf(object).find((c) => c.type === type);
}

export function nameOf(object: KubeObject): string {
  return object.metadata.name ?? '';
}

export function numberField(object: unknown, ...path: string[]): number | undefined {
  const v = field(object, ...path);
  return typeof v === 'number' ? v : undefined;
}

export function describeCondition(c: Condition): string {
  return `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`;
}
