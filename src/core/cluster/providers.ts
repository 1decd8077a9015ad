import type { Versions } from '../plan/versions.js';
import { UserError } from '../user-error.js';
import { field, type KubeObject } from './kube-object.js';

/**
 * The four providers a fleet needs, as clusterctl records them in its inventory
 * (`providers.clusterctl.cluster.x-k8s.io`): object name = clusterctl's ManifestLabel
 * (`bootstrap-talos`, `control-plane-talos`, `infrastructure-gcp`, `cluster-api`), `type` and
 * `providerName` fields (kubernetes-sigs/cluster-api cmd/clusterctl/api/v1alpha3/provider_type.go
 * and labels.go), in the namespaces of each provider's config/default/kustomization.yaml
 * (capi-system, capg-system, cabpt-system, cacppt-system).
 */

export interface RequiredProvider {
  /** clusterctl init flag: --core, --infrastructure, --bootstrap, --control-plane. */
  flag: 'core' | 'infrastructure' | 'bootstrap' | 'control-plane';
  type: 'CoreProvider' | 'InfrastructureProvider' | 'BootstrapProvider' | 'ControlPlaneProvider';
  providerName: string;
  inventoryName: string;
  namespace: string;
  /** The controller Deployment clusterctl installs (namePrefix + controller-manager). */
  deployment: string;
  version: string;
  /** Plan field the version comes from, for messages. */
  planField: keyof Versions;
}

export function requiredProviders(versions: Versions): RequiredProvider[] {
  return [
    {
      flag: 'core',
      type: 'CoreProvider',
      providerName: 'cluster-api',
      inventoryName: 'cluster-api',
      namespace: 'capi-system',
      deployment: 'capi-controller-manager',
      version: versions.capi,
      planField: 'capi',
    },
    {
      flag: 'infrastructure',
      type: 'InfrastructureProvider',
      providerName: 'gcp',
      inventoryName: 'infrastructure-gcp',
      namespace: 'capg-system',
      deployment: 'capg-controller-manager',
      version: versions.capg,
      planField: 'capg',
    },
    {
      flag: 'bootstrap',
      type: 'BootstrapProvider',
      providerName: 'talos',
      inventoryName: 'bootstrap-talos',
      namespace: 'cabpt-system',
      deployment: 'cabpt-controller-manager',
      version: versions.cabpt,
      planField: 'cabpt',
    },
    {
      flag: 'control-plane',
      type: 'ControlPlaneProvider',
      providerName: 'talos',
      inventoryName: 'control-plane-talos',
      namespace: 'cacppt-system',
      deployment: 'cacppt-controller-manager',
      version: versions.cacppt,
      planField: 'cacppt',
    },
  ];
}

export type ProviderDecision =
  { kind: 'installed' } | { kind: 'install'; missing: RequiredProvider[]; args: string[] };

/**
 * What to do with the inventory found: nothing, `clusterctl init` for the missing ones, or a
 * UserError when any is installed at another version (never upgraded silently).
 */
export function decideProviders(
  required: readonly RequiredProvider[],
  inventory: readonly KubeObject[],
): ProviderDecision {
  const mismatches: UserError[] = [];
  const missing: RequiredProvider[] = [];
  for (const want of required) {
    const found = inventory.find(
      (p) => field(p, 'type') === want.type && field(p, 'providerName') === want.providerName,
    );
    if (!found) {
      missing.push(want);
      continue;
    }
    const version = field(found, 'version');
    if (version !== want.version)
      mismatches.push(
        new UserError(
          `${want.inventoryName} is installed at ${typeof version === 'string' ? version : 'an unknown version'} in namespace ${found.metadata.namespace ?? '?'}, the plan pins ${want.version} (versions.${want.planField})`,
          {
            fix: `pin versions.${want.planField}: ${typeof version === 'string' ? version : '<installed version>'} in the fleet spec and re-plan, or upgrade the management cluster yourself with 'clusterctl upgrade apply --${want.flag} ${want.namespace}/${want.providerName}:${want.version}'`,
            title: 'Provider version mismatch',
          },
        ),
      );
  }
  const refused = UserError.combine(
    mismatches,
    'the management cluster runs other provider versions than the plan pins',
    'Provider version mismatch',
  );
  if (refused) throw refused;
  if (missing.length === 0) return { kind: 'installed' };
  return { kind: 'install', missing, args: clusterctlInitArgs(missing) };
}

/** `clusterctl init` arguments for these providers (kubernetes-sigs/cluster-api cmd/clusterctl/cmd/init.go flags). */
export function clusterctlInitArgs(providers: readonly RequiredProvider[]): string[] {
  const args = ['init'];
  for (const p of providers) args.push(`--${p.flag}`, `${p.providerName}:${p.version}`);
  args.push('--wait-providers');
  return args;
}
