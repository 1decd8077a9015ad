import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { CLUSTER_NAME, FLEET_NAME } from '../../src/core/fleet/schema.js';
import { isGceName } from '../../src/core/gcp-names.js';
import {
  capiClusterName,
  derivedGceNames,
  fleetNamePrefixes,
  fleetScopedName,
  objectNames,
} from '../../src/core/fleet/names.js';
import { mustPlan } from './helpers.js';

function fleetText(fleet: string, cluster: string): string {
  return stringify({
    apiVersion: 'talos-fleet.dev/v1alpha1',
    kind: 'Fleet',
    metadata: { name: fleet },
    spec: { gcp: { project: 'my-project' }, clusters: [{ name: cluster, region: 'europe-west1' }] },
  });
}

/** Every name a plan gives or makes CAPG give: GCP resources, network tags and Kubernetes objects. */
function allNames(fleet: string, cluster: string): string[] {
  const { plan, files } = mustPlan(fleetText(fleet, cluster));
  const net = plan.network;
  const c = plan.clusters[0]!;
  const kube = files
    .filter((f) => f.path.endsWith('cluster.yaml'))
    .flatMap((f) =>
      parseAllDocuments(f.content).map((d) => (d.toJS() as { metadata: { name: string } }).metadata.name),
    );
  return [
    net.name,
    ...net.subnetworks.map((s) => s.name!),
    ...net.routers.flatMap((r) => [r.router.name!, ...(r.router.nats ?? []).map((n) => n.name!)]),
    ...net.firewalls.map((f) => f.name!),
    c.capiName,
    ...Object.values(objectNames(c.capiName)),
    ...derivedGceNames(c.capiName, c.region),
    ...kube,
  ];
}

describe('names across fleets', () => {
  it("fleet 'pr' with cluster '42-eu' and fleet 'pr-42' with cluster 'eu' share no name", () => {
    const a = allNames('pr', '42-eu');
    const b = allNames('pr-42', 'eu');
    expect(a).toContain('pr--42-eu');
    expect(b).toContain('pr-42--eu');
    expect(a.filter((n) => b.includes(n))).toEqual([]);
    // What teardown matches for one fleet never matches the other's.
    const matches = (fleet: string, name: string) => {
      const p = fleetNamePrefixes(fleet);
      return name.startsWith(p.own) || name.startsWith(p.capgFirewalls);
    };
    for (const n of a) {
      expect(matches('pr', n), n).toBe(true);
      expect(matches('pr-42', n), n).toBe(false);
    }
    for (const n of b) {
      expect(matches('pr-42', n), n).toBe(true);
      expect(matches('pr', n), n).toBe(false);
    }
  });

  it('different (fleet, cluster) pairs never give the same prefixed name, and names stay GCE-valid', () => {
    const fleetArb = fc.stringMatching(/^[a-z](-?[a-z0-9]){0,10}$/).filter((f) => FLEET_NAME.test(f));
    const clusterArb = fc
      .stringMatching(/^[a-z0-9](-?[a-z0-9]){0,10}$/)
      .filter((c) => CLUSTER_NAME.test(c) && !c.includes('--'));
    fc.assert(
      fc.property(fleetArb, clusterArb, fleetArb, clusterArb, (f1, c1, f2, c2) => {
        fc.pre(f1 !== f2 || c1 !== c2);
        expect(capiClusterName(f1, c1)).not.toBe(capiClusterName(f2, c2));
        expect(fleetScopedName(f1, [c1, 'apid'])).not.toBe(fleetScopedName(f2, [c2, 'apid']));
        expect(isGceName(fleetScopedName(f1, [c1, 'trustd']))).toBe(true);
        if (f1 !== f2) expect(capiClusterName(f2, c2).startsWith(fleetNamePrefixes(f1).own)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('shortens long names with a hash but keeps the fleet prefix and stays within 63 characters', () => {
    const fleet = 'a'.repeat(40);
    const long = fleetScopedName(fleet, ['northamerica-northeast1', 'router']);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(isGceName(long)).toBe(true);
    expect(long.startsWith(`${fleet}--`)).toBe(true);
    expect(long).not.toBe(fleetScopedName(fleet, ['northamerica-northeast2', 'router']));
  });
});
