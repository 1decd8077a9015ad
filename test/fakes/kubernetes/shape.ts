import type { ListType } from './kinds.js';

/**
 * How a list field merges, for strategic merge patch and server-side apply: CRD lists from their
 * schema's `x-kubernetes-list-type`/`x-kubernetes-list-map-keys` (atomic when unset, as the
 * apiextensions server treats them), built-in lists from the `patchMergeKey`/`listMapKey` tags of
 * k8s.io/api (core/v1/types.go: containers/env/volumes by name, volumeMounts by mountPath,
 * container ports by containerPort+protocol, service ports by port+protocol, conditions by type,
 * node addresses by type; metav1 ownerReferences by uid, finalizers as a set).
 */
export interface Shape {
  /** How the list at a path of field names merges. */
  list: (path: readonly string[]) => ListType;
  /** Whether the object at a path is atomic (`x-kubernetes-map-type: atomic`, `+structType=atomic`): owned and replaced whole. */
  atomic: (path: readonly string[]) => boolean;
}

const ATOMIC: ListType = { type: 'atomic' };

const BUILTIN_LISTS: Record<string, ListType> = {
  containers: { type: 'map', keys: ['name'] },
  initContainers: { type: 'map', keys: ['name'] },
  ephemeralContainers: { type: 'map', keys: ['name'] },
  env: { type: 'map', keys: ['name'] },
  volumes: { type: 'map', keys: ['name'] },
  volumeMounts: { type: 'map', keys: ['mountPath'] },
  volumeDevices: { type: 'map', keys: ['devicePath'] },
  imagePullSecrets: { type: 'map', keys: ['name'] },
  conditions: { type: 'map', keys: ['type'] },
  addresses: { type: 'map', keys: ['type'] },
  containerStatuses: { type: 'map', keys: ['name'] },
  initContainerStatuses: { type: 'map', keys: ['name'] },
  hostAliases: { type: 'map', keys: ['ip'] },
  topologySpreadConstraints: { type: 'map', keys: ['topologyKey', 'whenUnsatisfiable'] },
  ownerReferences: { type: 'map', keys: ['uid'] },
  finalizers: { type: 'set' },
};

export function builtinShape(kind: string): Shape {
  return {
    list: (path) => {
      const last = path[path.length - 1] ?? '';
      if (last === 'ports')
        return kind === 'Service'
          ? { type: 'map', keys: ['port', 'protocol'] }
          : { type: 'map', keys: ['containerPort', 'protocol'] };
      // Namespace spec.finalizers is a plain list of names, merged as a set like metadata's.
      return BUILTIN_LISTS[last] ?? ATOMIC;
    },
    // metav1.LabelSelector is `+structType=atomic`; Service spec.selector is `+mapType=atomic`.
    atomic: (path) => path[0] === 'spec' && path[path.length - 1] === 'selector',
  };
}

type SchemaNode = Record<string, unknown> | undefined;

/** The shape of a CRD kind's lists and atomic maps, read from its openAPIV3Schema; metadata's are metav1's. */
export function schemaShape(schema: unknown): Shape {
  const metadata = builtinShape('');
  const nodeAt = (path: readonly string[]): SchemaNode => {
    let node = schema as SchemaNode;
    for (const name of path) {
      while (node?.type === 'array') node = node.items as SchemaNode;
      const props = node?.properties as Record<string, SchemaNode> | undefined;
      const additional = node?.additionalProperties;
      node =
        props?.[name] ??
        (additional && typeof additional === 'object' ? (additional as SchemaNode) : undefined);
      if (!node) return undefined;
    }
    return node;
  };
  return {
    list: (path) => {
      if (path[0] === 'metadata') return metadata.list(path);
      const node = nodeAt(path);
      const listType = node?.['x-kubernetes-list-type'];
      if (listType === 'map')
        return { type: 'map', keys: (node?.['x-kubernetes-list-map-keys'] as string[] | undefined) ?? [] };
      if (listType === 'set') return { type: 'set' };
      return ATOMIC;
    },
    atomic: (path) => {
      if (path[0] === 'metadata' || !path.length) return false;
      let node = nodeAt(path);
      while (node?.type === 'array') node = node.items as SchemaNode;
      return node?.['x-kubernetes-map-type'] === 'atomic';
    },
  };
}
