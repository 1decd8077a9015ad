import { parseAllDocuments } from 'yaml';
import { UserError } from '../user-error.js';
import type { KubeObject } from './kube-object.js';

/**
 * The objects of one cluster's `cluster.yaml`, each placed in `namespace` (the plan's), in file
 * order. Cluster-scoped kinds do not occur in the plan's manifests.
 */
export function manifestObjects(text: string, file: string, namespace: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0)
      throw new UserError(`${file} is not valid YAML: ${doc.errors[0]?.message ?? 'parse error'}`, {
        fix: 'run the plan step again; do not edit the plan files by hand',
      });
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    const o = value as Partial<KubeObject>;
    if (
      typeof o.apiVersion !== 'string' ||
      typeof o.kind !== 'string' ||
      typeof o.metadata?.name !== 'string'
    )
      throw new UserError(`${file} holds a document without apiVersion, kind and metadata.name`, {
        fix: 'run the plan step again; do not edit the plan files by hand',
      });
    objects.push({ ...(o as KubeObject), metadata: { ...o.metadata, namespace } });
  }
  return objects;
}
