import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideSweep } from '../../src/core/janitor/decide.js';
import { clusterNamesOf, markOf } from '../../src/core/janitor/ownership.js';
import {
  type CloudResource,
  DELETION_ORDER,
  inDeletionOrder,
  resourceId,
} from '../../src/core/janitor/resources.js';
import { fleetLabels, labelsDescription } from '../../src/core/gcp-names.js';

const P = 'acme-ci';
const NOW = 2_000_000_000;

function fleetResources(fleet: string, expiresAt: number, clusters: readonly string[]): CloudResource[] {
  const labels = fleetLabels(fleet, expiresAt);
  const description = labelsDescription(labels, 'x');
  const out: CloudResource[] = [
    { kind: 'network', name: `${fleet}--net`, project: P, description },
    {
      kind: 'router',
      name: `${fleet}--europe-west1-router`,
      project: P,
      location: 'europe-west1',
      description,
    },
  ];
  for (const c of clusters) {
    const capi = `${fleet}--${c}`;
    const clusterLabels = { ...labels, 'talos-fleet-cluster': c, [`capg-cluster-${capi}`]: 'owned' };
    out.push(
      { kind: 'subnetwork', name: capi, project: P, location: 'europe-west1', description },
      { kind: 'firewall', name: `${capi}-apid`, project: P, description },
      {
        kind: 'instance',
        name: `${capi}-cp-abcde`,
        project: P,
        location: 'europe-west1-b',
        labels: clusterLabels,
      },
      {
        kind: 'disk',
        name: `${capi}-cp-abcde`,
        project: P,
        location: 'europe-west1-b',
        labels,
        users: ['i'],
      },
      { kind: 'globalForwardingRule', name: `${capi}-apiserver`, project: P, labels },
      // CAPG's unlabelled pieces, found by name only.
      { kind: 'targetTcpProxy', name: `${capi}-apiserver`, project: P },
      { kind: 'backendService', name: `${capi}-apiserver`, project: P },
      { kind: 'healthCheck', name: `${capi}-apiserver`, project: P, description },
      { kind: 'globalAddress', name: `${capi}-apiserver`, project: P },
      {
        kind: 'instanceGroup',
        name: `${capi}-apiserver-europe-west1-b`,
        project: P,
        location: 'europe-west1-b',
      },
      { kind: 'firewall', name: `allow-${capi}-healthchecks`, project: P },
      { kind: 'firewall', name: `allow-${capi}-cluster`, project: P },
    );
  }
  return out;
}

describe('decideSweep', () => {
  const expired = fleetResources('pr-1', NOW - 3600, ['eu', 'us']);
  const live = fleetResources('pr-2', NOW + 3600, ['eu']);
  const foreign: CloudResource[] = [
    // Look-alikes without a marker: similar names, no derived name of a known cluster.
    { kind: 'healthCheck', name: 'pr-1--eu-apiserver-x', project: P },
    { kind: 'firewall', name: 'allow-pr-1-eu-cluster', project: P },
    {
      kind: 'instance',
      name: 'pr-1--eu-cp-zzzzz',
      project: P,
      location: 'europe-west1-b',
      labels: { team: 'x' },
    },
    {
      kind: 'network',
      name: 'pr-1--net2',
      project: P,
      description: 'talos-fleet: talos-fleet=pr-1 | not managed',
    },
    // The shared image cache: managed-by without a fleet.
    {
      kind: 'image',
      name: 'talos-v1-13-9-37656798-amd64',
      project: P,
      labels: { 'managed-by': 'talos-fleet', 'talos-version': 'v1-13-9' },
    },
    // Another project's copy of an expired fleet.
    {
      kind: 'instance',
      name: 'pr-1--eu-cp-abcde',
      project: 'other',
      location: 'europe-west1-b',
      labels: fleetLabels('pr-1', 1),
    },
  ];
  const inventory = [...live, ...foreign, ...expired];

  it('sweeps only the expired fleet, with CAPG derived pieces, in deletion order', () => {
    const sweeps = decideSweep(inventory, { project: P, now: NOW, graceSeconds: 0 });
    expect(sweeps.map((s) => [s.fleet, s.expired])).toEqual([
      ['pr-1', true],
      ['pr-2', false],
    ]);
    const [pr1, pr2] = sweeps;
    expect(pr1?.toDelete.map(resourceId).sort()).toEqual(expired.map(resourceId).sort());
    expect(pr1?.toDelete).toEqual(inDeletionOrder(pr1?.toDelete ?? []));
    expect(pr1?.toDelete[0]?.kind).toBe('globalForwardingRule');
    expect(pr1?.toDelete.at(-1)?.kind).toBe('network');
    expect(pr1?.reason).toBe('expired 60 min ago');
    expect(pr2?.toDelete).toEqual([]);
    expect(pr2?.kept.every((k) => k.why === 'not expired: 60 min left')).toBe(true);
    expect(pr2?.found).toHaveLength(live.length);
  });

  it('counts a resource listed twice (by label and by derived name) once', () => {
    const [sweep] = decideSweep([...expired, ...expired], { project: P, now: NOW, graceSeconds: 0 });
    expect(sweep?.toDelete).toHaveLength(expired.length);
  });

  it('honours the grace period and the fleet filter, and teardown ignores the expiry', () => {
    const graced = decideSweep(inventory, { project: P, now: NOW, graceSeconds: 7200 });
    expect(graced.every((s) => !s.expired)).toBe(true);
    const filtered = decideSweep(inventory, {
      project: P,
      now: NOW,
      graceSeconds: 0,
      matches: (f) => f === 'pr-2',
    });
    expect(filtered.map((s) => s.fleet)).toEqual(['pr-2']);
    const teardown = decideSweep(inventory, {
      project: P,
      now: NOW,
      graceSeconds: 0,
      matches: (f) => f === 'pr-2',
      ignoreExpiry: true,
    });
    expect(teardown[0]?.toDelete).toHaveLength(live.length);
  });

  it('keeps a fleet alive while any resource states a later expiry, and one with no expiry at all', () => {
    const renewed = [
      ...expired,
      {
        ...(expired[0] as CloudResource),
        name: 'pr-1--net-b',
        description: labelsDescription(fleetLabels('pr-1', NOW + 60)),
      },
    ];
    expect(decideSweep(renewed, { project: P, now: NOW, graceSeconds: 0 })[0]?.expired).toBe(false);
    const noExpiry: CloudResource = {
      kind: 'network',
      name: 'pr-9--net',
      project: P,
      description: 'talos-fleet: talos-fleet=pr-9 managed-by=talos-fleet',
    };
    const [sweep] = decideSweep([noExpiry], { project: P, now: NOW, graceSeconds: 0 });
    expect(sweep?.expired).toBe(false);
    expect(sweep?.reason).toMatch(/lifetime is unknown/);
  });

  it('never attributes a resource that has neither a marker nor a name CAPG derives for a known cluster', () => {
    const kinds = fc.constantFrom(...DELETION_ORDER);
    const unmarked = fc.record({
      kind: kinds,
      name: fc.stringMatching(/^[a-z][-a-z0-9]{0,40}$/),
      project: fc.constant(P),
    });
    fc.assert(
      fc.property(fc.array(unmarked, { maxLength: 30 }), (extra) => {
        const sweeps = decideSweep([...expired, ...extra], { project: P, now: NOW, graceSeconds: 0 });
        const clusters = [...clusterNamesOf('pr-1', expired)];
        const derivedNames = new Set(
          clusters.flatMap((c) => [
            `${c}-apiserver`,
            `${c}-api-internal`,
            `${c}-apiserver-europe-west1-b`,
            `allow-${c}-healthchecks`,
            `allow-${c}-cluster`,
          ]),
        );
        for (const r of sweeps.flatMap((s) => s.toDelete)) {
          if (!markOf(r)) expect(derivedNames.has(r.name)).toBe(true);
        }
      }),
    );
  });
});
