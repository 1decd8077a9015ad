import { gceName } from '../gcp-names.js';

/**
 * Every name the plan gives or causes. Our own GCP resources go through gceName (fleet prefix,
 * hash-shortened when long). The CAPI cluster name is NOT shortened: CAPG derives instance-group,
 * firewall and machine names from it and truncates them itself, so it must fit as is.
 */

export const GCE_MAX = 63;

/** The Cluster API Cluster name, and CAPG's `<cluster>` in every name it derives. */
export function capiClusterName(fleet: string, cluster: string): string {
  return `${fleet}-${cluster}`;
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
 * Machine) under a MachineDeployment.
 */
export function derivedGceNames(capi: string, region: string): string[] {
  const n = objectNames(capi);
  return [
    `${capi}-apiserver-${region}-x`,
    `allow-${capi}-healthchecks`,
    `allow-${capi}-cluster`,
    `${n.controlPlane}-xxxxx`,
    `${n.workers}-xxxxx-xxxxx`,
    n.tagControlPlane,
  ];
}

export function networkName(fleet: string): string {
  return gceName([fleet, 'net']);
}
export function subnetName(fleet: string, cluster: string): string {
  return gceName([fleet, cluster]);
}
export function routerName(fleet: string, region: string): string {
  return gceName([fleet, region, 'router']);
}
export function natName(fleet: string, region: string): string {
  return gceName([fleet, region, 'nat']);
}
export function firewallName(fleet: string, cluster: string, purpose: string): string {
  return gceName([fleet, cluster, purpose]);
}
