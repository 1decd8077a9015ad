import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { GCP_REGIONS } from '../../src/core/fleet/gcp-regions.js';
import { isGceName, labelProblems, parseLabelsDescription } from '../../src/core/gcp-names.js';
import { planFleet } from '../../src/core/plan/planner.js';
import { NOW } from './helpers.js';

const nameArb = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);

const fleetArb = fc.record({
  fleet: fc.stringMatching(/^[a-z](-?[a-z0-9]){0,8}$/),
  clusters: fc.uniqueArray(fc.record({ name: nameArb, region: fc.constantFrom(...GCP_REGIONS) }), {
    minLength: 2,
    maxLength: 30,
    selector: (c) => c.name,
  }),
  datapath: fc.constantFrom('vxlan', 'geneve'),
});

describe('plan properties over random fleets', () => {
  it('names are GCE-valid, unique per kind and prefixed; labels are valid; every ordered pair is meshed', () => {
    fc.assert(
      fc.property(fleetArb, ({ fleet, clusters, datapath }) => {
        const text = stringify({
          apiVersion: 'talos-fleet.dev/v1alpha1',
          kind: 'Fleet',
          metadata: { name: fleet },
          spec: { gcp: { project: 'my-project' }, clusters, mesh: { enabled: true, datapath } },
        });
        const result = planFleet(text, { now: NOW });
        if (!result.ok) {
          // Only name-length limits may refuse a random fleet of valid names.
          for (const e of result.errors) expect(e.message).toMatch(/too long/);
          return;
        }
        const net = result.plan.network;
        for (const group of [
          net.subnetworks,
          net.routers.map((r) => r.router),
          net.firewalls,
          net.healthChecks,
        ]) {
          const names = group.map((r) => r.name ?? '');
          expect(new Set(names).size).toBe(names.length);
          for (const n of names) {
            expect(isGceName(n), n).toBe(true);
            expect(n.startsWith(`${fleet}--`), n).toBe(true);
          }
          for (const r of group)
            expect(parseLabelsDescription(r.description ?? '')).toEqual(result.plan.fleet.labels);
        }
        expect(labelProblems(result.plan.fleet.labels)).toEqual([]);
        const tunnelPort = datapath === 'geneve' ? '6081' : '8472';
        for (const to of result.plan.clusters) {
          const rules = net.firewalls.filter((f) => f.targetTags?.includes(to.capiName));
          const sources = new Set(rules.flatMap((r) => r.sourceRanges ?? []));
          for (const from of result.plan.clusters.filter((c) => c !== to)) {
            expect(sources.has(from.nodeCidr) && !sources.has(from.podCidr)).toBe(true);
          }
          for (const r of rules) expect(r.allowed?.[0]).toEqual({ IPProtocol: 'udp', ports: [tunnelPort] });
        }
      }),
      { numRuns: 25 },
    );
  });
});
