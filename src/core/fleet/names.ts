import { shortenGceName } from '../gcp-names.js';

/**
 * Every name the plan gives or causes. All of them start with `<fleet>--`: fleet and cluster
 * names may not contain `--` (and a fleet name ends, a cluster name starts, alphanumeric), so the
 * first `--` marks where the fleet name ends, and fleet `pr` with cluster `42-eu` (`pr--42-eu`)
 * can never produce a name of fleet `pr-42` with cluster `eu` (`pr-42--eu`). Our own GCP
 * resources are hash-shortened when long (the fleet prefix survives: CAPG's limits below keep a
 * fleet name far shorter than the readable head). The CAPI cluster name is NOT shortened: CAPG
 * derives instance-group, firewall and machine names from it, so it must fit as is.
 */

export const GCE_MAX = 63;
export const FLEET_SEPARATOR = '--';

/** `<fleet>--<parts joined by ->`, GCE-valid and at most 63 characters. */
export function fleetScopedName(fleet: string, parts: readonly string[]): string {
  return shortenGceName(`${fleet}${FLEET_SEPARATOR}${parts.join('-')}`, GCE_MAX);
}

/** The Cluster API Cluster name, and CAPG's `<cluster>` in every name it derives. */
export function capiClusterName(fleet: string, cluster: string): string {
  return `${fleet}${FLEET_SEPARATOR}${cluster}`;
}

export function objectNames(capi: string) {
  return {
    cluster: capi,
    gcpCluster: capi,
    controlPlane: `${capi}-cp`,
    controlPlaneTemplate: `${capi}-cp`,
    workers: `${capi}-workers`,
    workersTemplate: `${capi}-workers`,
    workersConfig: `${capi}-workers`,
    healthCheck: `${capi}-workers`,
    /**
     * CAPG's global API-server health check, `<cluster>-apiserver` (cluster-api-provider-gcp
     * `cloud/scope/cluster.go` HealthCheckSpec with `infrav1.APIServerRoleTagValue`).
     */
    apiserverHealthCheck: `${capi}-apiserver`,
    /** Network tags CAPG puts on every instance (cloud/scope/machine.go). */
    tagControlPlane: `${capi}-control-plane`,
    tagNode: `${capi}-node`,
    tagCluster: capi,
  };
}

/**
 * The longest GCE names CAPG and CAPI will derive for this cluster, so a too-long fleet or
 * cluster name is refused at plan time rather than failing halfway through provisioning.
 * Machine names get random `-xxxxx` suffixes: one from the control plane, two (MachineSet and
 * Machine) under a MachineDeployment, whose name ends in its zone letter.
 */
export function derivedGceNames(capi: string, region: string): string[] {
  const n = objectNames(capi);
  return [
    `${capi}-apiserver-${region}-x`,
    `allow-${capi}-healthchecks`,
    `allow-${capi}-cluster`,
    `${n.controlPlane}-xxxxx`,
    // Worker MachineDeployments are `<workers>-<zone letter>` (planner.ts workerDeployments).
    `${n.workers}-x-xxxxx-xxxxx`,
    n.tagControlPlane,
  ];
}

export function networkName(fleet: string): string {
  return fleetScopedName(fleet, ['net']);
}
export function subnetName(fleet: string, cluster: string): string {
  return fleetScopedName(fleet, [cluster]);
}
export function routerName(fleet: string, region: string): string {
  return fleetScopedName(fleet, [region, 'router']);
}
export function natName(fleet: string, region: string): string {
  return fleetScopedName(fleet, [region, 'nat']);
}
export function firewallName(fleet: string, cluster: string, purpose: string): string {
  return fleetScopedName(fleet, [cluster, purpose]);
}

/**
 * What teardown and the janitor may match by name for a fleet: our own resources and everything
 * CAPG names after the Cluster API cluster start with `<fleet>--`; CAPG's firewall rules are
 * `allow-<fleet>--<cluster>-…`. Fleet names may not start with `allow-`, so neither prefix can
 * match another fleet's resources.
 */
export function fleetNamePrefixes(fleet: string): { own: string; capgFirewalls: string } {
  return { own: `${fleet}${FLEET_SEPARATOR}`, capgFirewalls: `allow-${fleet}${FLEET_SEPARATOR}` };
}
