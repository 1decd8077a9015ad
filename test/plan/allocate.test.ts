import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrFromInt, overlaps, parseCidr, type Cidr } from '../../src/core/fleet/cidr.js';
import {
  allocate,
  MAX_CLUSTERS,
  type ClusterAllocation,
  type ClusterRequest,
} from '../../src/core/fleet/allocate.js';

const cidr = (t: string): Cidr => {
  const r = parseCidr(t);
  if (!r.ok) throw new Error(r.problem);
  return r.cidr;
};

/** Requests with some pinned IDs and /16 pod ranges, as a user might write them. */
const requestsArb = (max: number) =>
  fc
    .array(
      fc.record({
        id: fc.option(fc.integer({ min: 1, max: 255 }), { nil: undefined, freq: 4 }),
        pod: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined, freq: 4 }),
      }),
      { minLength: 1, maxLength: max },
    )
    .map((items) =>
      items.map((item, index): ClusterRequest => {
        const r: ClusterRequest = { index };
        if (item.id !== undefined) r.id = item.id;
        if (item.pod !== undefined) r.podCidr = cidrFromInt(cidr('10.0.0.0/8').start + item.pod * 65_536, 16);
        return r;
      }),
    );

const usedArb = fc.array(
  fc.integer({ min: 0, max: 255 }).map((k) => cidrFromInt(cidr('192.168.0.0/16').start + k * 256, 24)),
  { maxLength: 5 },
);

function assertDisjoint(clusters: ClusterAllocation[], used: Cidr[]) {
  const all = clusters.flatMap((c) => [c.podCidr, c.serviceCidr, c.nodeCidr]);
  for (let i = 0; i < all.length; i++) {
    for (const u of used) expect(overlaps(all[i]!, u), `${all[i]!.text} vs used ${u.text}`).toBe(false);
    for (let j = i + 1; j < all.length; j++)
      expect(overlaps(all[i]!, all[j]!), `${all[i]!.text} vs ${all[j]!.text}`).toBe(false);
  }
  const ids = clusters.map((c) => c.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id >= 1 && id <= 255).toBe(true);
}

describe('allocation', () => {
  it('gives readable defaults: pods 10.<id>.0.0/16', () => {
    const { clusters, errors } = allocate([{ index: 0 }, { index: 1 }]);
    expect(errors).toEqual([]);
    expect(clusters.map((c) => [c.id, c.podCidr.text, c.serviceCidr.text, c.nodeCidr.text])).toEqual([
      [1, '10.1.0.0/16', '172.16.16.0/20', '192.168.1.0/24'],
      [2, '10.2.0.0/16', '172.16.32.0/20', '192.168.2.0/24'],
    ]);
  });

  it('leaves room for 255 clusters, all disjoint, and refuses a 256th', () => {
    const requests = Array.from({ length: MAX_CLUSTERS }, (_, index) => ({ index }));
    const { clusters, errors } = allocate(requests);
    expect(errors).toEqual([]);
    expect(clusters).toHaveLength(255);
    assertDisjoint(clusters, []);
    expect(allocate([...requests, { index: 255 }]).errors[0]?.message).toMatch(/at most 255 clusters/);
  });

  it('allocates around ranges already used in a shared network', () => {
    const used = [cidr('10.1.0.0/16'), cidr('192.168.1.0/24'), cidr('172.16.0.0/14')];
    const { clusters } = allocate([{ index: 0 }], used);
    expect(clusters[0]).toMatchObject({ id: 1 });
    expect([clusters[0]!.podCidr.text, clusters[0]!.serviceCidr.text, clusters[0]!.nodeCidr.text]).toEqual([
      '10.2.0.0/16',
      '172.20.0.0/20',
      '192.168.2.0/24',
    ]);
  });

  it('refuses a pinned value that collides with an earlier allocation instead of moving it', () => {
    const { errors } = allocate([{ index: 0 }, { index: 1, podCidr: cidr('10.1.0.0/16') }]);
    expect(errors).toEqual([
      {
        index: 1,
        field: 'podCidr',
        message:
          "10.1.0.0/16 overlaps clusters[0].podCidr (allocated) 10.1.0.0/16; choose another range or pin the earlier cluster's value",
      },
    ]);
  });

  it('property: any valid set of up to 255 clusters has no overlaps and unique IDs', () => {
    fc.assert(
      fc.property(requestsArb(255), usedArb, (requests, used) => {
        const { clusters, errors } = allocate(requests, used);
        // Every request is either allocated or explained.
        expect(clusters.length + new Set(errors.map((e) => e.index)).size).toBe(requests.length);
        assertDisjoint(clusters, used);
        for (const c of clusters) {
          const r = requests[c.index]!;
          if (r.id !== undefined) expect(c.id).toBe(r.id);
          if (r.podCidr) expect(c.podCidr.text).toBe(r.podCidr.text);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('property: appending a cluster changes nothing that already existed', () => {
    fc.assert(
      fc.property(
        requestsArb(254),
        fc.record({
          id: fc.option(fc.integer({ min: 1, max: 255 }), { nil: undefined }),
          pod: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
        }),
        usedArb,
        (requests, extra, used) => {
          const before = allocate(requests, used);
          const appended: ClusterRequest = { index: requests.length };
          if (extra.id !== undefined) appended.id = extra.id;
          if (extra.pod !== undefined)
            appended.podCidr = cidrFromInt(cidr('10.0.0.0/8').start + extra.pod * 65_536, 16);
          const after = allocate([...requests, appended], used);
          expect(after.clusters.filter((c) => c.index < requests.length)).toEqual(before.clusters);
          expect(after.errors.filter((e) => e.index < requests.length)).toEqual(before.errors);
        },
      ),
      { numRuns: 60 },
    );
  });
});
