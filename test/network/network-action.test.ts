import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FleetPlan } from '../../src/core/plan/planner.js';
import { statusFromPlan } from '../../src/core/status/from-plan.js';
import { computeCall } from '../fakes/compute/server.js';
import { changes, goldenPlan, PROJECT, startWorld, type World } from './harness.js';

/** The bundled network action (dist/network.js) and CLI against the Compute fake, as a runner runs them. */

const FULL = (partial: string) => `https://www.googleapis.com/compute/v1/${partial}`;
const NET = `projects/${PROJECT}/global/networks/pr-42--net`;
const ALL = [
  'network/pr-42--net',
  'subnetwork/pr-42--eu',
  'subnetwork/pr-42--us',
  'router/pr-42--europe-west1-router',
  'router/pr-42--us-central1-router',
  'firewall/pr-42--eu-apid',
  'firewall/pr-42--eu-mesh',
  'firewall/pr-42--us-apid',
  'firewall/pr-42--us-mesh',
  'healthCheck/pr-42--eu-apiserver',
  'healthCheck/pr-42--us-apiserver',
];

let w: World;
beforeEach(async () => {
  w = await startWorld();
});
afterEach(() => w.close());

const names = (collection: string) =>
  w.compute.engine
    .all(collection)
    .map((r) => r.name)
    .filter((n) => !n.startsWith('default-route-'))
    .sort();

async function writeStatus(): Promise<string> {
  const plan = JSON.parse(await readFile(w.planPath, 'utf8')) as FleetPlan;
  const { document } = statusFromPlan(plan, { now: new Date('2026-11-24T12:00:00Z') });
  const path = join(w.dir, 'status.json');
  await writeFile(path, JSON.stringify(document));
  return path;
}

function expectOk(r: { code: number | null; stdout: string; stderr: string }): void {
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
}

describe('network up', () => {
  it('creates the fleet network in dependency order, outputs its selfLink and changes, writes the summary and status', async () => {
    const statusPath = await writeStatus();
    const r = await w.run({ 'status-file': 'status.json' });
    expectOk(r);
    expect(r.outputs.network).toBe(FULL(NET));
    expect(changes(r)).toEqual({ created: ALL, updated: [], deleted: [], unchanged: [] });
    expect(r.stdout.split('\n')[0]).toBe('talos-fleet network: making the GCP network match the plan');
    expect(r.summary).toMatch(/<th>Object<\/th><th>Where<\/th><th>Action<\/th>/);
    expect(r.summary).toMatch(/firewall\/pr-42--eu-apid<\/td><td>global<\/td><td>created/);
    // The Talos fix: apid on TCP 50000 for the control planes.
    const apid = w.compute.engine.get('firewalls', 'global', 'pr-42--eu-apid');
    expect(apid).toMatchObject({ network: FULL(NET), targetTags: ['pr-42--eu-control-plane'] });
    expect(JSON.stringify(apid.allowed)).toContain('"50000"');
    // Order: the network first; each subnet before the router whose NAT serves it.
    const order = w.compute.engine.writes.map((x) => `${x.collection}/${x.name}`);
    expect(order[0]).toBe('networks/pr-42--net');
    expect(order.indexOf('subnetworks/pr-42--eu')).toBeLessThan(
      order.indexOf('routers/pr-42--europe-west1-router'),
    );
    const status = JSON.parse(await readFile(statusPath, 'utf8')) as {
      stage: string;
      network: { state: string; vpcSelfLink: string; counts: Record<string, number>; objects: unknown[] };
    };
    expect(status.stage).toBe('network');
    expect(status.network).toMatchObject({
      state: 'ready',
      vpcSelfLink: FULL(NET),
      counts: { created: 11, updated: 0, deleted: 0, unchanged: 0 },
    });
    expect(status.network.objects).toHaveLength(11);
  });

  it('a second up makes zero writes', async () => {
    expectOk(await w.run());
    const before = w.compute.engine.writes.length;
    const r = await w.run();
    expectOk(r);
    expect(w.compute.engine.writes.length).toBe(before);
    expect(w.compute.requests.filter((q) => q.method !== 'GET')).toHaveLength(before * 2); // each insert + its wait
    expect(changes(r)).toEqual({ created: [], updated: [], deleted: [], unchanged: ALL });
    expect(r.stdout).toMatch(/Nothing to change: GCP matches the plan/);
  });

  it('repairs drift: firewall ports, ranges, tags, priority, disabled and an added source tag; NAT settings', async () => {
    expectOk(await w.run());
    const e = w.compute.engine;
    const fw = e.find('firewalls', 'global', 'pr-42--eu-apid');
    const mesh = e.find('firewalls', 'global', 'pr-42--us-mesh');
    const router = e.find('routers', 'regions/us-central1', 'pr-42--us-central1-router');
    if (!fw || !mesh || !router) throw new Error('missing');
    Object.assign(fw.body, {
      allowed: [{ IPProtocol: 'tcp', ports: ['22'] }],
      sourceRanges: ['10.0.0.0/8'],
      disabled: true,
      priority: 10,
      sourceTags: ['ssh'],
    });
    Object.assign(mesh.body, { targetTags: ['someone-else'] });
    const nats = router.body.nats as Record<string, unknown>[];
    router.body.nats = [{ ...nats[0], natIpAllocateOption: 'MANUAL_ONLY', natIps: [] }];
    const r = await w.run();
    expectOk(r);
    expect(changes(r).updated.sort()).toEqual([
      'firewall/pr-42--eu-apid',
      'firewall/pr-42--us-mesh',
      'router/pr-42--us-central1-router',
    ]);
    expect(r.summary).toMatch(
      /firewall\/pr-42--eu-apid<\/td><td>global<\/td><td>updated<\/td><td>priority, disabled, allowed, sourceRanges, sourceTags/,
    );
    expect(e.get('firewalls', 'global', 'pr-42--eu-apid')).toMatchObject({
      allowed: [{ IPProtocol: 'tcp', ports: ['50000'] }],
      sourceRanges: ['0.0.0.0/0'],
      disabled: false,
      priority: 1000,
    });
    expect(e.get('firewalls', 'global', 'pr-42--eu-apid').sourceTags).toBeUndefined();
    expect(e.get('firewalls', 'global', 'pr-42--us-mesh').targetTags).toEqual(['pr-42--us']);
    expect(
      (e.get('routers', 'regions/us-central1', 'pr-42--us-central1-router').nats as unknown[])[0],
    ).toMatchObject({
      natIpAllocateOption: 'AUTO_ONLY',
    });
    const again = await w.run();
    expect(changes(again).unchanged).toHaveLength(11);
  });

  it('deletes its own objects the plan no longer holds, after the router stops NATing them', async () => {
    expectOk(await w.run());
    const plan = await goldenPlan();
    plan.network.subnetworks = plan.network.subnetworks.filter((s) => s.name !== 'pr-42--us');
    plan.network.routers = plan.network.routers.filter((x) => x.region !== 'us-central1');
    plan.network.firewalls = plan.network.firewalls.filter((f) => !String(f.name).startsWith('pr-42--us-'));
    plan.network.healthChecks = plan.network.healthChecks?.filter((h) => h.name !== 'pr-42--us-apiserver');
    await w.writePlan(plan);
    const r = await w.run();
    expectOk(r);
    expect(changes(r).deleted.sort()).toEqual([
      'firewall/pr-42--us-apid',
      'firewall/pr-42--us-mesh',
      'healthCheck/pr-42--us-apiserver',
      'router/pr-42--us-central1-router',
      'subnetwork/pr-42--us',
    ]);
    expect(names('subnetworks')).toEqual(['pr-42--eu']);
  });

  it('leaves a foreign rule in the same network alone, and reports a same-name object without our marker', async () => {
    expectOk(await w.run({ mode: 'up' }));
    const e = w.compute.engine;
    await e.insertAndWait('firewalls', 'global', {
      name: 'allow-ssh-from-office',
      network: NET,
      allowed: [{ IPProtocol: 'tcp', ports: ['22'] }],
    });
    // A rule with our prefix but no marker: someone's hand-made rule, never ours to delete.
    await e.insertAndWait('firewalls', 'global', {
      name: 'pr-42--debug',
      network: NET,
      description: 'made by hand',
      allowed: [{ IPProtocol: 'tcp', ports: ['8080'] }],
    });
    await e.deleteAndWait('firewalls', 'global', 'pr-42--eu-apid');
    await e.insertAndWait('firewalls', 'global', {
      name: 'pr-42--eu-apid',
      network: NET,
      description: 'someone else',
      allowed: [{ IPProtocol: 'tcp', ports: ['1'] }],
    });
    const writes = e.writes.length;
    const r = await w.run();
    expect(r.code).toBe(1);
    const conflict = r.annotations.find((a) => a.level === 'error');
    expect(conflict?.message).toMatch(/pr-42--eu-apid exists but is not fleet pr-42's/);
    expect(
      r.annotations.some((a) => a.level === 'warning' && a.message.includes('firewall/pr-42--eu-apid')),
    ).toBe(true);
    expect(r.summary).toMatch(/firewall\/pr-42--eu-apid<\/td><td>global<\/td><td>conflict/);
    expect(e.writes.length).toBe(writes);
    expect(e.get('firewalls', 'global', 'pr-42--eu-apid').description).toBe('someone else');
    expect(names('firewalls')).toContain('allow-ssh-from-office');
    expect(names('firewalls')).toContain('pr-42--debug');
  });

  it('reuses a shared network (create: false) without touching it, and down leaves it', async () => {
    const e = w.compute.engine;
    await e.insertAndWait('networks', 'global', {
      name: 'shared-vpc',
      autoCreateSubnetworks: false,
      description: 'the platform team',
    });
    const plan = await goldenPlan();
    const shared = `projects/${PROJECT}/global/networks/shared-vpc`;
    plan.network = {
      ...plan.network,
      name: 'shared-vpc',
      selfLink: shared,
      create: false,
      subnetworks: plan.network.subnetworks.map((s) => ({ ...s, network: shared })),
      routers: plan.network.routers.map((x) => ({ ...x, router: { ...x.router, network: shared } })),
      firewalls: plan.network.firewalls.map((f) => ({ ...f, network: shared })),
    };
    delete plan.network.network;
    await w.writePlan(plan);
    const up = await w.run();
    expectOk(up);
    expect(up.outputs.network).toBe(FULL(shared));
    expect(changes(up).created).not.toContain('network/shared-vpc');
    expect(changes(up).created).toHaveLength(10);
    expect(e.writes.filter((x) => x.collection === 'networks').map((x) => x.operationType)).toEqual([
      'insert',
    ]);
    const down = await w.run({ mode: 'down' });
    expectOk(down);
    expect(changes(down).deleted).toHaveLength(10);
    expect(names('networks')).toEqual(['shared-vpc']);
    expect(names('subnetworks')).toEqual([]);
  });

  it("pre-creates each cluster's API-server health check; down waits for CAPG's backend service, and a check CAPG already deleted is done", async () => {
    const r = await w.run();
    expectOk(r);
    const e = w.compute.engine;
    expect(e.get('healthChecks', 'global', 'pr-42--eu-apiserver')).toMatchObject({
      type: 'TCP',
      tcpHealthCheck: { port: 6443, portSpecification: 'USE_FIXED_PORT' },
      healthyThreshold: 1,
      unhealthyThreshold: 6,
    });
    // CAPG reuses the check in its backend service; the cluster is still up.
    await e.insertAndWait('backendServices', 'global', {
      name: 'pr-42--eu-apiserver',
      healthChecks: [e.selfLink('healthChecks', 'global', 'pr-42--eu-apiserver')],
    });
    const blocked = await w.run({ mode: 'down' });
    expect(blocked.code).toBe(1);
    expect(blocked.annotations.find((a) => a.level === 'error')?.message).toMatch(
      /Cannot delete healthCheck\/pr-42--eu-apiserver: .*global\/backendServices\/pr-42--eu-apiserver/,
    );
    // CAPG deletes the cluster: its backend service and, itself, the health check.
    await e.deleteAndWait('backendServices', 'global', 'pr-42--eu-apiserver');
    await e.deleteAndWait('healthChecks', 'global', 'pr-42--eu-apiserver');
    expectOk(await w.run({ mode: 'down' }));
    expect(e.all()).toEqual([]);
  });
});

describe('network diff', () => {
  it('prints what up would change, sets changes, and writes nothing', async () => {
    const statusPath = await writeStatus();
    const before = await readFile(statusPath, 'utf8');
    const r = await w.run({ mode: 'diff', 'status-file': 'status.json' });
    expectOk(r);
    expect(changes(r).created).toEqual(ALL);
    expect(w.compute.engine.writes).toEqual([]);
    expect(w.compute.requests.every((q) => q.method === 'GET')).toBe(true);
    expect(r.stdout).toMatch(/firewall\/pr-42--eu-apid\s+global\s+would create/);
    expect(r.summary).toMatch(/would create/);
    expect(await readFile(statusPath, 'utf8')).toBe(before);
    expectOk(await w.run());
    const fw = w.compute.engine.find('firewalls', 'global', 'pr-42--us-apid');
    if (fw) fw.body.sourceRanges = ['10.0.0.0/8'];
    const drifted = await w.run({ mode: 'diff' });
    expect(changes(drifted).updated).toEqual(['firewall/pr-42--us-apid']);
    expect(drifted.stdout).toMatch(/firewall\/pr-42--us-apid\s+global\s+would update\s+sourceRanges/);
  });

  it('the CLI runs the same flow: talos-fleet network diff <plan.json>', async () => {
    const r = await w.cli(['diff', 'plan.json']);
    expectOk(r);
    const out = JSON.parse(r.stdout) as { network: string; changes: string };
    expect(out.network).toBe(FULL(NET));
    expect((JSON.parse(out.changes) as { created: string[] }).created).toEqual(ALL);
    expect(r.stderr).toMatch(/would create/);
    expectOk(await w.cli(['up', 'plan.json']));
    expect(names('firewalls')).toHaveLength(4);
    const bad = await w.cli(['sideways', 'plan.json']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/mode: must be 'up', 'diff' or 'down'/);
  });
});

describe('network down', () => {
  it('after a half-failed up (a quota error in one operation), deletes everything that was made', async () => {
    w.compute.engine.failNext({
      collection: 'routers',
      code: 'QUOTA_EXCEEDED',
      message: "Quota 'ROUTERS' exceeded.  Limit: 1.0 in region us-central1.",
      httpStatus: 403,
    });
    const up = await w.run();
    expect(up.code).toBe(1);
    expect(up.annotations.find((a) => a.level === 'error')?.message).toMatch(
      /quota exceeded[\s\S]*ROUTERS[\s\S]*Fix: raise the ROUTERS quota/,
    );
    expect(up.summary).toMatch(/failed/);
    const made = w.compute.engine.all().filter((r) => !r.name.startsWith('default-route-')).length;
    expect(made).toBeGreaterThan(0);
    expect(made).toBeLessThan(11);
    const down = await w.run({ mode: 'down' });
    expectOk(down);
    expect(changes(down).deleted).toHaveLength(made);
    expect(w.compute.engine.all()).toEqual([]);
    // A re-run of down finds nothing left and writes nothing.
    const writes = w.compute.engine.writes.length;
    expectOk(await w.run({ mode: 'down' }));
    expect(w.compute.engine.writes.length).toBe(writes);
  });

  it('retries a subnet still used by an instance, then fails naming the instance', async () => {
    expectOk(await w.run());
    await w.compute.engine.insertAndWait('instances', 'zones/europe-west1-b', {
      name: 'pr-42--eu-cp-abcde',
      networkInterfaces: [{ subnetwork: `projects/${PROJECT}/regions/europe-west1/subnetworks/pr-42--eu` }],
    });
    const r = await w.run({ mode: 'down' });
    expect(r.code).toBe(1);
    const error = r.annotations.find((a) => a.level === 'error')?.message ?? '';
    expect(error).toMatch(
      /Cannot delete subnetwork\/pr-42--eu: .*already being used by 'projects\/my-project\/zones\/europe-west1-b\/instances\/pr-42--eu-cp-abcde'/,
    );
    expect(error).toMatch(/Fix: delete what still uses it first/);
    expect(r.stdout).toMatch(/still in use after/);
    // The network waits for its subnet, so it is kept (skipped), and what could go went.
    expect(names('networks')).toEqual(['pr-42--net']);
    expect(names('firewalls')).toEqual([]);
    expect(r.summary).toMatch(/network\/pr-42--net<\/td><td>global<\/td><td>skipped/);
  });

  it('a foreign firewall in our network keeps it: the delete operation is retried, then fails naming the rule', async () => {
    expectOk(await w.run());
    await w.compute.engine.insertAndWait('firewalls', 'global', {
      name: 'allow-ssh',
      network: NET,
      allowed: [{ IPProtocol: 'tcp', ports: ['22'] }],
    });
    const r = await w.run({ mode: 'down' });
    expect(r.code).toBe(1);
    expect(r.annotations.find((a) => a.level === 'error')?.message).toMatch(
      /Cannot delete network\/pr-42--net: .*global\/firewalls\/allow-ssh/,
    );
    expect(names('firewalls')).toEqual(['allow-ssh']);
  });
});

describe('faults', () => {
  it('retries 5xx, 429 and dropped connections; a create whose answer was lost re-reads on 409', async () => {
    const e = w.compute.engine;
    const apid = (await goldenPlan()).network.firewalls[0] ?? {};
    w.compute.inject({ match: computeCall({ method: 'GET', collection: 'firewalls' }), status: 503 });
    w.compute.inject({ match: computeCall({ collection: 'subnetworks' }), status: 429, times: 2 });
    w.compute.inject({ match: computeCall({ method: 'POST', collection: 'routers' }), drop: true });
    w.compute.inject({ match: computeCall({ verb: 'wait' }), status: 500 });
    // The insert happens, then the connection drops before the answer: the retry meets 409.
    w.compute.inject({
      match: (q) => {
        if (!computeCall({ method: 'POST', collection: 'firewalls' })(q)) return false;
        e.seed('firewalls', 'global', apid);
        return true;
      },
      drop: true,
    });
    const r = await w.run();
    expectOk(r);
    expect(r.stdout).toMatch(/attempt 1 failed/);
    expect(changes(r).created).toHaveLength(10);
    expect(changes(r).unchanged).toEqual(['firewall/pr-42--eu-apid']);
    expect(names('firewalls')).toHaveLength(4);
  });

  it('a quota refusal fails at once, naming the quota and the fix', async () => {
    w.compute.engine.quotas.set('firewalls', 2);
    const r = await w.run();
    expect(r.code).toBe(1);
    const message = r.annotations.find((a) => a.level === 'error')?.message ?? '';
    expect(message).toMatch(/2 network objects failed[\s\S]*quota exceeded: Quota 'FIREWALLS' exceeded/);
    expect(message).toMatch(/raise the FIREWALLS quota of project my-project/);
    // Not retried: one refused insert per failed rule.
    expect(
      w.compute.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/global/firewalls')),
    ).toHaveLength(4);
  });

  it('a permission refusal fails at once, naming the permission', async () => {
    w.compute.engine.denied.add('compute.routers.create');
    const r = await w.run();
    expect(r.code).toBe(1);
    expect(r.annotations.find((a) => a.level === 'error')?.message).toMatch(
      /Compute Engine refused insert router\/pr-42--europe-west1-router: Required 'compute.routers.create' permission[\s\S]*Fix: grant compute.routers.create/,
    );
    expect(w.compute.requests.filter((q) => q.method === 'POST' && q.path.includes('/routers'))).toHaveLength(
      2,
    );
  });
});

describe('credentials and waits', () => {
  it('sends the access-token input (masked first) and only to the Compute endpoint', async () => {
    const token = 'ya29.input-token-123';
    const r = await w.run(
      { 'access-token': token, mode: 'diff' },
      { env: { GOOGLE_OAUTH_ACCESS_TOKEN: undefined } },
    );
    expectOk(r);
    expect(r.stdout.indexOf(`::add-mask::${token}`)).toBeGreaterThan(-1);
    expect(r.stdout.indexOf(`::add-mask::${token}`)).toBeLessThan(r.stdout.indexOf('::group::'));
    expect(w.compute.requests.every((q) => q.headers.authorization === `Bearer ${token}`)).toBe(true);
    expect(r.summary).not.toContain(token);
  });

  it('an operation that does not finish in time fails naming it', async () => {
    w.compute.operationMs = 5000;
    w.compute.waitCapMs = 30;
    const r = await w.run({}, { env: { TALOS_FLEET_NETWORK_TIMEOUT_MS: '300' } });
    expect(r.code).toBe(1);
    expect(r.annotations.find((a) => a.level === 'error')?.message).toMatch(
      /timed out after \d+ s waiting for create network\/pr-42--net \(operation operation-[^)]+\)[\s\S]*gcloud compute operations describe/,
    );
    expect(r.stdout).toMatch(/create network\/pr-42--net: RUNNING 0% after/);
  });
});

describe('bad input fails before any write, naming the field', () => {
  const noWrites = () => expect(w.compute.engine.writes).toEqual([]);

  it('a missing plan', async () => {
    const r = await w.run({ plan: 'nope/plan.json' });
    expect(r.code).toBe(1);
    expect(r.annotations[0]?.message).toMatch(
      /Cannot read the plan nope\/plan.json: ENOENT[\s\S]*Fix: run the plan step first/,
    );
    expect(w.compute.requests).toEqual([]);
  });

  it('a plan that is not JSON, or not a plan', async () => {
    await writeFile(w.planPath, '{ nope');
    const r = await w.run();
    expect(r.code).toBe(1);
    expect(r.annotations[0]?.message).toMatch(/plan.json is not JSON/);
    await writeFile(
      w.planPath,
      JSON.stringify({ apiVersion: 'talos-fleet.dev/v1alpha1', kind: 'FleetPlan' }),
    );
    const r2 = await w.run();
    expect(r2.annotations[0]?.message).toMatch(/plan.json: fleet: .*\n[\s\S]*plan.json: network: /);
    expect(w.compute.requests).toEqual([]);
  });

  it('a plan from another format version', async () => {
    const plan = await goldenPlan();
    plan.apiVersion = 'talos-fleet.dev/v2';
    await w.writePlan(plan);
    const r = await w.run();
    expect(r.code).toBe(1);
    expect(r.annotations[0]?.message).toMatch(/plan.json: apiVersion: must be talos-fleet.dev\/v1alpha1/);
    expect(w.compute.requests).toEqual([]);
  });

  it('a bad field inside the network section', async () => {
    const plan = await goldenPlan();
    (plan.network.firewalls[1] as { name: string }).name = 'Not_A_Name';
    await w.writePlan(plan);
    const r = await w.run();
    expect(r.annotations[0]?.message).toMatch(/plan.json: network.firewalls\[1\].name: must be a GCE name/);
    expect(w.compute.requests).toEqual([]);
  });

  it('an invalid mode', async () => {
    const r = await w.run({ mode: 'apply' });
    expect(r.code).toBe(1);
    expect(r.annotations[0]?.message).toMatch(/input 'mode': must be 'up', 'diff' or 'down'/);
  });

  it('a project the credentials cannot use', async () => {
    const plan = await goldenPlan();
    plan.fleet.project = 'someone-elses';
    await w.writePlan(plan);
    const r = await w.run();
    expect(r.code).toBe(1);
    expect(r.annotations[0]?.message).toMatch(
      /Compute Engine refused .*projects\/someone-elses[\s\S]*plan.json fleet.project is the project these credentials are for/,
    );
    noWrites();
  });

  it('a shared network that does not exist', async () => {
    const plan = await goldenPlan();
    plan.network.create = false;
    delete plan.network.network;
    await w.writePlan(plan);
    const r = await w.run();
    expect(r.code).toBe(1);
    expect(r.annotations[0]?.message).toMatch(
      /The shared network pr-42--net \(plan.json network.name, create: false\) does not exist/,
    );
    noWrites();
  });

  it('a network of our name that is not ours', async () => {
    await w.compute.engine.insertAndWait('networks', 'global', {
      name: 'pr-42--net',
      autoCreateSubnetworks: false,
    });
    const writes = w.compute.engine.writes.length;
    const r = await w.run();
    expect(r.code).toBe(1);
    expect(r.annotations[0]?.message).toMatch(
      /Network pr-42--net exists in project my-project but is not fleet pr-42's/,
    );
    expect(w.compute.engine.writes.length).toBe(writes);
  });
});
