import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { schemasAvailable, schemasDir } from '../../support/paths.js';

/**
 * What the fake API serves: one entry per kind, with the group, versions (the first is the storage
 * version), plural and scope that discovery reports. Built-in kinds mirror kube-apiserver's; the
 * Cluster API kinds are CustomResourceDefinitions, installed as CRD objects at start (as on a
 * management cluster after `clusterctl init`), with the schemas of ../shared/schemas when present.
 */

export type ListType = { type: 'atomic' } | { type: 'set' } | { type: 'map'; keys: readonly string[] };

export interface KindInfo {
  group: string;
  /** Served versions; the first is the storage (preferred) version. */
  versions: readonly string[];
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: readonly string[];
  categories?: readonly string[];
  /** Whether `<plural>/status` is a subresource (writes to the main resource then ignore `status`). */
  statusSubresource: boolean;
  /** Pods: `<plural>/log` answers text. */
  logSubresource?: boolean;
  /** Served through a CustomResourceDefinition object (created at start unless the CRD is posted later). */
  crd?: {
    /** File under ../shared/schemas holding the CRD, when the repository has it. */
    file?: string;
    /** openAPIV3Schema per version, once loaded or posted. */
    schemas?: Record<string, unknown>;
  };
}

export function apiVersionOf(info: Pick<KindInfo, 'group'>, version: string): string {
  return info.group ? `${info.group}/${version}` : version;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

const core = (
  kind: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<KindInfo> = {},
): KindInfo => ({
  group: '',
  versions: ['v1'],
  kind,
  plural,
  singular: kind.toLowerCase(),
  namespaced,
  statusSubresource: false,
  ...extra,
});

/** The built-in kinds the flows use, with kube-apiserver's names and short names. */
export const BUILTIN_KINDS: readonly KindInfo[] = [
  core('Namespace', 'namespaces', false, { shortNames: ['ns'], statusSubresource: true }),
  core('Secret', 'secrets', true),
  core('ConfigMap', 'configmaps', true, { shortNames: ['cm'] }),
  core('Service', 'services', true, { shortNames: ['svc'], statusSubresource: true }),
  core('Event', 'events', true, { shortNames: ['ev'] }),
  core('Node', 'nodes', false, { shortNames: ['no'], statusSubresource: true }),
  core('Pod', 'pods', true, { shortNames: ['po'], statusSubresource: true, logSubresource: true }),
  core('ServiceAccount', 'serviceaccounts', true, { shortNames: ['sa'] }),
  {
    group: 'apps',
    versions: ['v1'],
    kind: 'Deployment',
    plural: 'deployments',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    statusSubresource: true,
  },
  {
    group: 'apps',
    versions: ['v1'],
    kind: 'DaemonSet',
    plural: 'daemonsets',
    singular: 'daemonset',
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
    statusSubresource: true,
  },
  {
    group: 'apiextensions.k8s.io',
    versions: ['v1'],
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    singular: 'customresourcedefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    statusSubresource: true,
  },
];

const capi = (
  group: string,
  kind: string,
  versions: readonly string[],
  extra: Partial<KindInfo> & { file?: string } = {},
): KindInfo => {
  const { file, ...rest } = extra;
  return {
    group,
    versions,
    kind,
    plural: `${kind.toLowerCase()}s`,
    singular: kind.toLowerCase(),
    namespaced: true,
    categories: ['cluster-api'],
    statusSubresource: true,
    crd: file ? { file } : {},
    ...rest,
  };
};

/**
 * The Cluster API kinds (core v1.14, CAPG v1.12, CABPT v0.6.12, CACPPT v0.5.12, clusterctl's
 * inventory). Versions, plurals and short names are those of the CRD files in ../shared/schemas;
 * Machine, MachineSet, GCPMachine and Provider are not among them, so theirs come from
 * kubernetes-sigs/cluster-api core/config/crd/bases/cluster.x-k8s.io_machines.yaml (and
 * _machinesets.yaml), cluster-api-provider-gcp config/crd/bases/…_gcpmachines.yaml and
 * cluster-api cmd/clusterctl/config/crd/bases/clusterctl.cluster.x-k8s.io_providers.yaml, and
 * their schemas are open (preserve-unknown-fields).
 */
export const CAPI_KINDS: readonly KindInfo[] = [
  capi('cluster.x-k8s.io', 'Cluster', ['v1beta2', 'v1beta1'], {
    shortNames: ['cl'],
    file: 'cluster-api/v1.14.0/cluster.x-k8s.io_clusters.yaml',
  }),
  capi('cluster.x-k8s.io', 'Machine', ['v1beta2', 'v1beta1'], { shortNames: ['ma'] }),
  capi('cluster.x-k8s.io', 'MachineDeployment', ['v1beta2', 'v1beta1'], {
    shortNames: ['md'],
    file: 'cluster-api/v1.14.0/cluster.x-k8s.io_machinedeployments.yaml',
  }),
  capi('cluster.x-k8s.io', 'MachineSet', ['v1beta2', 'v1beta1'], { shortNames: ['ms'] }),
  capi('cluster.x-k8s.io', 'MachineHealthCheck', ['v1beta2', 'v1beta1'], {
    shortNames: ['mhc', 'mhcs'],
    file: 'cluster-api/v1.14.0/cluster.x-k8s.io_machinehealthchecks.yaml',
  }),
  capi('infrastructure.cluster.x-k8s.io', 'GCPCluster', ['v1beta1'], {
    file: 'cluster-api-provider-gcp/v1.12.0/infrastructure.cluster.x-k8s.io_gcpclusters.yaml',
  }),
  capi('infrastructure.cluster.x-k8s.io', 'GCPMachine', ['v1beta1']),
  capi('infrastructure.cluster.x-k8s.io', 'GCPMachineTemplate', ['v1beta1'], {
    statusSubresource: false,
    file: 'cluster-api-provider-gcp/v1.12.0/infrastructure.cluster.x-k8s.io_gcpmachinetemplates.yaml',
  }),
  capi('bootstrap.cluster.x-k8s.io', 'TalosConfig', ['v1alpha3', 'v1alpha2'], {
    file: 'cluster-api-bootstrap-provider-talos/v0.6.12/bootstrap.cluster.x-k8s.io_talosconfigs.yaml',
  }),
  capi('bootstrap.cluster.x-k8s.io', 'TalosConfigTemplate', ['v1alpha3', 'v1alpha2'], {
    file: 'cluster-api-bootstrap-provider-talos/v0.6.12/bootstrap.cluster.x-k8s.io_talosconfigtemplates.yaml',
  }),
  capi('controlplane.cluster.x-k8s.io', 'TalosControlPlane', ['v1alpha3'], {
    shortNames: ['tcp'],
    file: 'cluster-api-control-plane-provider-talos/v0.5.12/controlplane.cluster.x-k8s.io_taloscontrolplanes.yaml',
  }),
  capi('clusterctl.cluster.x-k8s.io', 'Provider', ['v1alpha3'], { statusSubresource: false }),
];

export const DEFAULT_KINDS: readonly KindInfo[] = [...BUILTIN_KINDS, ...CAPI_KINDS];

const OPEN_SCHEMA = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

interface CrdFile {
  spec: {
    group: string;
    names: { kind: string; plural: string; singular?: string; shortNames?: string[]; categories?: string[] };
    scope: 'Namespaced' | 'Cluster';
    versions: {
      name: string;
      served: boolean;
      storage: boolean;
      schema?: { openAPIV3Schema?: unknown };
      subresources?: { status?: unknown };
    }[];
  };
}

const crdFileCache = new Map<string, CrdFile>();

/** The upstream CRD of a kind, when ../shared/schemas has it and `useSchemas` allows. */
export function loadCrdFile(info: KindInfo, useSchemas: boolean): CrdFile | undefined {
  const file = info.crd?.file;
  if (!file || !useSchemas || !schemasAvailable) return undefined;
  const path = join(schemasDir, file);
  if (!existsSync(path)) return undefined;
  let crd = crdFileCache.get(path);
  if (!crd) {
    crd = parse(readFileSync(path, 'utf8')) as CrdFile;
    crdFileCache.set(path, crd);
  }
  return crd;
}

/**
 * The CustomResourceDefinition object a CRD kind is installed from: the upstream file's spec when
 * present, otherwise one built from the table with open schemas.
 */
export function crdObjectFor(info: KindInfo, useSchemas: boolean): Record<string, unknown> {
  const file = loadCrdFile(info, useSchemas);
  const spec = file
    ? structuredClone(file.spec)
    : {
        group: info.group,
        names: {
          kind: info.kind,
          listKind: `${info.kind}List`,
          plural: info.plural,
          singular: info.singular,
          ...(info.shortNames ? { shortNames: [...info.shortNames] } : {}),
          ...(info.categories ? { categories: [...info.categories] } : {}),
        },
        scope: info.namespaced ? 'Namespaced' : 'Cluster',
        versions: info.versions.map((name, i) => ({
          name,
          served: true,
          storage: i === 0,
          schema: { openAPIV3Schema: OPEN_SCHEMA },
          ...(info.statusSubresource ? { subresources: { status: {} } } : {}),
        })),
      };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${info.plural}.${info.group}` },
    spec,
  };
}

/** The KindInfo a CustomResourceDefinition's spec defines (as the apiextensions server derives it). */
export function kindFromCrd(spec: CrdFile['spec']): KindInfo {
  const served = spec.versions.filter((v) => v.served);
  const ordered = [...served.filter((v) => v.storage), ...served.filter((v) => !v.storage)];
  const schemas: Record<string, unknown> = {};
  for (const v of served) schemas[v.name] = v.schema?.openAPIV3Schema ?? OPEN_SCHEMA;
  return {
    group: spec.group,
    versions: ordered.map((v) => v.name),
    kind: spec.names.kind,
    plural: spec.names.plural,
    singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
    namespaced: spec.scope === 'Namespaced',
    ...(spec.names.shortNames ? { shortNames: spec.names.shortNames } : {}),
    ...(spec.names.categories ? { categories: spec.names.categories } : {}),
    statusSubresource: served.some((v) => v.subresources?.status !== undefined),
    crd: { schemas },
  };
}
