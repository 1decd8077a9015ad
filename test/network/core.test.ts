import { describe, expect, it } from 'vitest';
import { decideDown, decideUp, isOurs, stepDependencies } from '../../src/core/network/decide.js';
import { drift, matches } from '../../src/core/network/drift.js';
import { desiredObjects, type NetworkObject } from '../../src/core/network/objects.js';
import { parseNetworkPlan } from '../../src/core/network/plan-input.js';
import { outcomeError, type NetworkResult } from '../../src/core/network/summary.js';
import { runGraph } from '../../src/core/run-graph.js';
import { UserError } from '../../src/core/user-error.js';
import { goldenPlan } from './harness.js';

const P = 'my-project';
const fleet = { name: 'pr-42', project: P };
const MARK = 'talos-fleet: talos-fleet=pr-42 managed-by=talos-fleet expires-at=1 | x';

describe('drift', () => {
  it('matches references in any form, string lists as sets, and object lists as multisets with server extras', () => {
    expect(
      matches(
        'projects/p/global/networks/n',
        'https://www.googleapis.com/compute/v1/projects/p/global/networks/n',
        P,
      ),
    ).toBe(true);
    expect(matches(['b', 'a'], ['a', 'b'], P)).toBe(true);
    expect(matches(['a'], ['a', 'b'], P)).toBe(false);
    expect(
      matches(
        [{ IPProtocol: 'icmp' }, { IPProtocol: 'tcp', ports: ['1'] }],
        [{ IPProtocol: 'tcp', ports: ['1'] }, { IPProtocol: 'icmp' }],
        P,
      ),
    ).toBe(true);
    expect(matches({ name: 'nat' }, { name: 'nat', endpointTypes: ['ENDPOINT_TYPE_VM'] }, P)).toBe(true);
    expect(matches(false, undefined, P)).toBe(true);
    expect(matches([], undefined, P)).toBe(true);
  });

  it('patches only mutable fields, clears firewall sets the plan lacks, and reports immutable ones', () => {
    const d = drift(
      'firewall',
      {
        network: 'projects/my-project/global/networks/n',
        sourceRanges: ['0.0.0.0/0'],
        allowed: [{ IPProtocol: 'tcp', ports: ['50000'] }],
      },
      {
        network: 'https://www.googleapis.com/compute/v1/projects/my-project/global/networks/other',
        sourceRanges: ['0.0.0.0/0'],
        sourceTags: ['x'],
        allowed: [{ IPProtocol: 'tcp', ports: ['50000'] }],
        disabled: true,
        priority: 1000,
        direction: 'INGRESS',
      },
      P,
    );
    expect(d.fields).toEqual(['disabled', 'sourceTags']);
    expect(d.patch).toEqual({ disabled: false, sourceTags: null });
    expect(d.immutable).toEqual(['network']);
    // A subnet's description is set at creation only: never drift.
    expect(
      drift(
        'subnetwork',
        { description: 'a', ipCidrRange: '10.0.0.0/24' },
        { description: 'b', ipCidrRange: '10.0.0.0/24', privateIpGoogleAccess: false },
        P,
      ).fields,
    ).toEqual([]);
  });
});

describe('decisions', () => {
  const live = (
    kind: NetworkObject['kind'],
    name: string,
    body: Record<string, unknown> = {},
    scope = 'global',
  ): NetworkObject => ({
    kind,
    name,
    scope,
    body: { name, description: MARK, ...body },
  });

  it('ours needs the prefix and this fleet in the marker', () => {
    expect(isOurs(fleet, live('firewall', 'pr-42--a'))).toBe(true);
    expect(isOurs(fleet, live('firewall', 'pr-4--a'))).toBe(false);
    expect(
      isOurs(fleet, {
        ...live('firewall', 'pr-42--a'),
        body: { description: MARK.replace('pr-42', 'pr-7') },
      }),
    ).toBe(false);
    expect(isOurs(fleet, { ...live('firewall', 'pr-42--a'), body: {} })).toBe(false);
  });

  it('up deletes only our objects the plan lacks; down keeps a shared network and reports foreign same-name objects', async () => {
    const plan = parseNetworkPlan(JSON.stringify(await goldenPlan()), 'plan.json');
    const desired = desiredObjects(plan);
    const extra = [
      live('firewall', 'pr-42--old'),
      { ...live('firewall', 'pr-42--foreign'), body: { description: 'x' } },
    ];
    const up = decideUp(fleet, desired, extra);
    expect(up.filter((s) => s.action === 'delete').map((s) => s.object.name)).toEqual(['pr-42--old']);
    expect(up.filter((s) => s.action === 'create')).toHaveLength(11);
    const foreignApid = { ...live('firewall', 'pr-42--eu-apid'), body: { description: 'hand-made' } };
    const down = decideDown(fleet, desired, [live('network', 'pr-42--net'), foreignApid], false);
    expect(down.map((s) => s.action)).toEqual(['conflict']);
  });

  it('orders a subnet after its network, a router after its subnets, and a subnet delete after the router update that drops it', async () => {
    const plan = parseNetworkPlan(JSON.stringify(await goldenPlan()), 'plan.json');
    const steps = decideUp(fleet, desiredObjects(plan), []);
    const deps = stepDependencies(steps, [], P);
    const at = (name: string) => steps.findIndex((s) => s.object.name === name);
    expect(deps[at('pr-42--eu')]).toEqual([at('pr-42--net')]);
    expect(deps[at('pr-42--europe-west1-router')]?.sort()).toEqual(
      [at('pr-42--net'), at('pr-42--eu')].sort(),
    );
    expect(deps[at('pr-42--eu-apid')]).toEqual([at('pr-42--net')]);
  });
});

describe('runGraph', () => {
  it('runs independent tasks in parallel, dependents after, and skips the dependents of a failure', async () => {
    const log: string[] = [];
    const task = (name: string, deps: number[], fail = false) => ({
      deps,
      run: async () => {
        log.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, 5));
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
      },
    });
    const outcomes = await runGraph(
      [task('a', []), task('b', [0]), task('c', [0], true), task('d', [2]), task('e', [3])],
      8,
    );
    expect(outcomes.map((o) => o.status)).toEqual(['done', 'done', 'failed', 'skipped', 'skipped']);
    expect(log.indexOf('end a')).toBeLessThan(log.indexOf('start b'));
    expect(log.filter((l) => l.startsWith('start')).sort()).toEqual(['start a', 'start b', 'start c']);
  });

  it('never runs more than the concurrency at once', async () => {
    let now = 0;
    let peak = 0;
    const tasks = Array.from({ length: 20 }, () => ({
      deps: [],
      run: async () => {
        peak = Math.max(peak, ++now);
        await new Promise((r) => setTimeout(r, 2));
        now--;
      },
    }));
    await runGraph(tasks, 3);
    expect(peak).toBe(3);
  });
});

describe('outcome', () => {
  const result = (failures: NetworkResult['failures']): NetworkResult => ({
    mode: 'up',
    network: 'n',
    rows: [],
    writes: 0,
    failures,
  });
  it('one failure is itself; several user errors combine; a bug stays a bug', () => {
    const a = new UserError('a failed');
    expect(outcomeError(result([{ id: 'x', error: a }]))).toBe(a);
    expect(
      outcomeError(
        result([
          { id: 'x', error: a },
          { id: 'y', error: new UserError('b failed') },
        ]),
      )?.message,
    ).toBe('2 network objects failed:');
    const bug = new TypeError('oops');
    expect(
      outcomeError(
        result([
          { id: 'x', error: a },
          { id: 'y', error: bug },
        ]),
      ),
    ).toBe(bug);
    expect(outcomeError(result([]))).toBeUndefined();
  });
});
