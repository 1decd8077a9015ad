import { compute, type compute_v1 } from '@googleapis/compute';
import { OAuth2Client } from 'google-auth-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseFilter } from '../fakes/compute/filter.js';
import { computeCall, FakeCompute } from '../fakes/compute/server.js';

/** The generic Compute fake, driven by the real @googleapis/compute client. */

const P = 'acme-ci';
const NET = `projects/${P}/global/networks/f--net`;
const FULL = (partial: string) => `https://www.googleapis.com/compute/v1/${partial}`;

/** Matches the Google error body a gaxios error carries. */
function body(reason: string, message?: unknown): { response: unknown } {
  return {
    response: { data: { error: { errors: [{ reason, ...(message === undefined ? {} : { message }) }] } } },
  };
}

function auth(): OAuth2Client {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: 'ya29.test', expiry_date: Date.now() + 3_600_000 });
  return client;
}

let fake: FakeCompute;
let c: compute_v1.Compute;

beforeEach(async () => {
  fake = await new FakeCompute(P).start();
  fake.operationMs = 20;
  c = compute({ version: 'v1', rootUrl: `${fake.url}/`, auth: auth() as never, retry: false });
});
afterEach(() => fake.close());

async function waitGlobal(op: compute_v1.Schema$Operation): Promise<compute_v1.Schema$Operation> {
  return (await c.globalOperations.wait({ project: P, operation: op.name ?? '' })).data;
}
async function waitRegion(
  region: string,
  op: compute_v1.Schema$Operation,
): Promise<compute_v1.Schema$Operation> {
  return (await c.regionOperations.wait({ project: P, region, operation: op.name ?? '' })).data;
}

async function network(name = 'f--net'): Promise<void> {
  const op = (
    await c.networks.insert({
      project: P,
      requestBody: { name, autoCreateSubnetworks: false, description: 'x' },
    })
  ).data;
  await waitGlobal(op);
}

async function subnet(name: string, region: string, cidr: string): Promise<void> {
  const op = (
    await c.subnetworks.insert({ project: P, region, requestBody: { name, network: NET, ipCidrRange: cidr } })
  ).data;
  expect((await waitRegion(region, op)).error).toBeUndefined();
}

describe('operations', () => {
  it('go PENDING, RUNNING, DONE; the resource appears only when its insert is done', async () => {
    fake.engine.pendingMs = 30;
    fake.operationMs = 300;
    const op = (
      await c.networks.insert({ project: P, requestBody: { name: 'f--net', autoCreateSubnetworks: false } })
    ).data;
    expect(op).toMatchObject({ status: 'PENDING', operationType: 'insert', targetLink: FULL(NET) });
    await expect(c.networks.get({ project: P, network: 'f--net' })).rejects.toMatchObject({ status: 404 });
    await new Promise((r) => setTimeout(r, 40));
    expect((await c.globalOperations.get({ project: P, operation: op.name ?? '' })).data.status).toBe(
      'RUNNING',
    );
    expect(await waitGlobal(op)).toMatchObject({ status: 'DONE', progress: 100 });
    const net = (await c.networks.get({ project: P, network: 'f--net' })).data;
    expect(net).toMatchObject({
      kind: 'compute#network',
      selfLink: FULL(NET),
      mtu: 1460,
      routingConfig: { routingMode: 'REGIONAL' },
    });
    expect(net.id).toMatch(/^\d+$/);
  });

  it('regional operations live under their region; a failed one carries an error body', async () => {
    await network();
    fake.engine.failNext({
      collection: 'subnetworks',
      code: 'QUOTA_EXCEEDED',
      message: "Quota 'SUBNETWORKS' exceeded.  Limit: 1.0 globally.",
      httpStatus: 403,
    });
    const op = (
      await c.subnetworks.insert({
        project: P,
        region: 'us-central1',
        requestBody: { name: 'a', network: NET, ipCidrRange: '10.0.0.0/24' },
      })
    ).data;
    expect(op.region).toBe(FULL(`projects/${P}/regions/us-central1`));
    await expect(c.globalOperations.get({ project: P, operation: op.name ?? '' })).rejects.toMatchObject({
      status: 404,
    });
    const done = await waitRegion('us-central1', op);
    expect(done).toMatchObject({
      status: 'DONE',
      httpErrorStatusCode: 403,
      error: { errors: [{ code: 'QUOTA_EXCEEDED' }] },
    });
    await expect(
      c.subnetworks.get({ project: P, region: 'us-central1', subnetwork: 'a' }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('wait returns a still-running operation after its cap, as GCE does after two minutes', async () => {
    fake.operationMs = 300;
    fake.waitCapMs = 20;
    const op = (
      await c.networks.insert({ project: P, requestBody: { name: 'n', autoCreateSubnetworks: false } })
    ).data;
    expect((await waitGlobal(op)).status).toBe('RUNNING');
  });
});

describe('errors with the Google error body', () => {
  it('409 alreadyExists, 404 notFound, 400 invalid name, 401 without a token, 403 on another project', async () => {
    await network();
    const dup = c.networks.insert({ project: P, requestBody: { name: 'f--net' } });
    await expect(dup).rejects.toMatchObject({ status: 409, ...body('alreadyExists') });
    const missing = c.firewalls.get({ project: P, firewall: 'nope' });
    await expect(missing).rejects.toMatchObject({
      status: 404,
      ...body('notFound', `The resource 'projects/${P}/global/firewalls/nope' was not found`),
    });
    await expect(c.networks.insert({ project: P, requestBody: { name: 'Bad_Name' } })).rejects.toMatchObject({
      status: 400,
    });
    await expect(c.networks.get({ project: 'other-project', network: 'f--net' })).rejects.toMatchObject({
      status: 403,
    });
    const anonymous = await fetch(`${fake.url}/compute/v1/projects/${P}/global/networks/f--net`);
    expect(anonymous.status).toBe(401);
  });

  it('a reference to a missing network is 404; a subnet range that overlaps another is 400', async () => {
    await expect(
      c.firewalls.insert({
        project: P,
        requestBody: { name: 'fw', network: NET, allowed: [{ IPProtocol: 'tcp' }] },
      }),
    ).rejects.toMatchObject({ status: 404, message: `The resource '${NET}' was not found` });
    await network();
    await subnet('a', 'us-central1', '10.0.0.0/24');
    await expect(
      c.subnetworks.insert({
        project: P,
        region: 'europe-west1',
        requestBody: { name: 'b', network: NET, ipCidrRange: '10.0.0.128/25' },
      }),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("conflicts with existing subnetwork 'a'") as unknown,
    });
  });

  it('quota and permission refusals', async () => {
    fake.engine.quotas.set('firewalls', 0);
    await network();
    await expect(
      c.firewalls.insert({
        project: P,
        requestBody: { name: 'fw', network: NET, allowed: [{ IPProtocol: 'tcp' }] },
      }),
    ).rejects.toMatchObject({ status: 403, ...body('quotaExceeded') });
    fake.engine.denied.add('compute.routers.create');
    await expect(
      c.routers.insert({ project: P, region: 'us-central1', requestBody: { name: 'r', network: NET } }),
    ).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining("Required 'compute.routers.create' permission") as unknown,
    });
  });
});

describe('in-use refusals', () => {
  it('a network with subnets, routers or firewalls fails in its delete operation; a subnet used by an instance or NAT refuses in the request', async () => {
    await network();
    await subnet('a', 'us-central1', '10.0.0.0/24');
    const routerOp = (
      await c.routers.insert({
        project: P,
        region: 'us-central1',
        requestBody: {
          name: 'r',
          network: NET,
          nats: [
            {
              name: 'nat',
              natIpAllocateOption: 'AUTO_ONLY',
              sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS',
              subnetworks: [
                {
                  name: `projects/${P}/regions/us-central1/subnetworks/a`,
                  sourceIpRangesToNat: ['ALL_IP_RANGES'],
                },
              ],
            },
          ],
        },
      })
    ).data;
    await waitRegion('us-central1', routerOp);
    await expect(
      c.subnetworks.delete({ project: P, region: 'us-central1', subnetwork: 'a' }),
    ).rejects.toMatchObject({
      status: 400,
      ...body(
        'resourceInUseByAnotherResource',
        `The subnetwork resource 'projects/${P}/regions/us-central1/subnetworks/a' is already being used by 'projects/${P}/regions/us-central1/routers/r'`,
      ),
    });
    const del = await waitGlobal((await c.networks.delete({ project: P, network: 'f--net' })).data);
    expect(del.error?.errors?.[0]).toMatchObject({ code: 'RESOURCE_IN_USE_BY_ANOTHER_RESOURCE' });
    expect(del.error?.errors?.[0]?.message).toMatch(
      /is already being used by 'projects\/acme-ci\/regions\/us-central1\/(subnetworks\/a|routers\/r)'/,
    );
    await waitRegion(
      'us-central1',
      (await c.routers.delete({ project: P, region: 'us-central1', router: 'r' })).data,
    );
    await waitRegion(
      'us-central1',
      (await c.subnetworks.delete({ project: P, region: 'us-central1', subnetwork: 'a' })).data,
    );
    const fw = (
      await c.firewalls.insert({
        project: P,
        requestBody: { name: 'fw', network: NET, allowed: [{ IPProtocol: 'icmp' }] },
      })
    ).data;
    await waitGlobal(fw);
    expect(
      (await waitGlobal((await c.networks.delete({ project: P, network: 'f--net' })).data)).error?.errors?.[0]
        ?.message,
    ).toMatch(/firewalls\/fw/);
    await waitGlobal((await c.firewalls.delete({ project: P, firewall: 'fw' })).data);
    // Only the network's own default route is left, and it goes with the network.
    expect((await c.routes.list({ project: P })).data.items?.map((r) => r.description)).toEqual([
      'Default route to the Internet.',
    ]);
    expect(
      (await waitGlobal((await c.networks.delete({ project: P, network: 'f--net' })).data)).error,
    ).toBeUndefined();
    expect((await c.routes.list({ project: P })).data.items).toEqual([]);
  });

  it('instances hold their subnet and boot disk; a backend service holds its health check; the cluster simulator works in process', async () => {
    await network();
    await subnet('a', 'us-central1', '10.0.0.0/24');
    const e = fake.engine;
    const inst = await e.insertAndWait('instances', 'zones/us-central1-a', {
      name: 'cp-0',
      labels: { 'talos-fleet': 'f' },
      tags: { items: ['f--cp'] },
      networkInterfaces: [{ subnetwork: `projects/${P}/regions/us-central1/subnetworks/a` }],
      disks: [
        {
          boot: true,
          autoDelete: true,
          initializeParams: { diskSizeGb: '20', sourceImage: 'projects/acme-ci/global/images/talos' },
        },
      ],
    });
    expect(inst.body.networkInterfaces).toMatchObject([{ networkIP: '10.0.0.2', network: FULL(NET) }]);
    await expect(
      c.subnetworks.delete({ project: P, region: 'us-central1', subnetwork: 'a' }),
    ).rejects.toMatchObject({
      ...body(
        'resourceInUseByAnotherResource',
        expect.stringContaining('zones/us-central1-a/instances/cp-0') as unknown,
      ),
    });
    const disk = (await c.disks.get({ project: P, zone: 'us-central1-a', disk: 'cp-0' })).data;
    expect(disk.users).toEqual([FULL(`projects/${P}/zones/us-central1-a/instances/cp-0`)]);
    await expect(c.disks.delete({ project: P, zone: 'us-central1-a', disk: 'cp-0' })).rejects.toMatchObject({
      status: 400,
    });

    const hc = await e.insertAndWait('healthChecks', 'global', {
      name: 'f--apiserver',
      type: 'TCP',
      tcpHealthCheck: { port: 6443 },
    });
    await e.insertAndWait('instanceGroups', 'zones/us-central1-a', { name: 'ig' });
    await waitZone(
      (
        await c.instanceGroups.addInstances({
          project: P,
          zone: 'us-central1-a',
          instanceGroup: 'ig',
          requestBody: { instances: [{ instance: inst.body.selfLink as string }] },
        })
      ).data,
    );
    expect(
      (await c.instanceGroups.get({ project: P, zone: 'us-central1-a', instanceGroup: 'ig' })).data,
    ).toMatchObject({ size: 1, network: FULL(NET) });
    await e.insertAndWait('backendServices', 'global', {
      name: 'bs',
      healthChecks: [hc.body.selfLink],
      backends: [{ group: e.selfLink('instanceGroups', 'zones/us-central1-a', 'ig') }],
    });
    await e.insertAndWait('targetTcpProxies', 'global', { name: 'tp', service: 'global/backendServices/bs' });
    const addr = await e.insertAndWait('addresses', 'global', { name: 'ip', labels: { 'talos-fleet': 'f' } });
    await e.insertAndWait('forwardingRules', 'global', {
      name: 'fr',
      IPAddress: addr.body.selfLink,
      target: 'global/targetTcpProxies/tp',
      portRange: '443',
    });
    expect((await c.globalAddresses.get({ project: P, address: 'ip' })).data).toMatchObject({
      status: 'IN_USE',
      users: [FULL(`projects/${P}/global/forwardingRules/fr`)],
    });
    await expect(c.healthChecks.delete({ project: P, healthCheck: 'f--apiserver' })).rejects.toMatchObject({
      ...body(
        'resourceInUseByAnotherResource',
        expect.stringContaining('global/backendServices/bs') as unknown,
      ),
    });
    await expect(c.globalAddresses.delete({ project: P, address: 'ip' })).rejects.toMatchObject({
      status: 400,
    });
    for (const [col, name] of [
      ['forwardingRules', 'fr'],
      ['targetTcpProxies', 'tp'],
      ['backendServices', 'bs'],
      ['healthChecks', 'f--apiserver'],
      ['addresses', 'ip'],
    ] as const)
      await e.deleteAndWait(col, 'global', name);
    await e.deleteAndWait('instances', 'zones/us-central1-a', 'cp-0');
    // The boot disk was autoDelete; the instance left its group.
    expect(e.find('disks', 'zones/us-central1-a', 'cp-0')).toBeUndefined();
    expect(
      (await c.instanceGroups.get({ project: P, zone: 'us-central1-a', instanceGroup: 'ig' })).data.size,
    ).toBe(0);
  });
});

async function waitZone(op: compute_v1.Schema$Operation): Promise<void> {
  const done = (await c.zoneOperations.wait({ project: P, zone: 'us-central1-a', operation: op.name ?? '' }))
    .data;
  expect(done.error).toBeUndefined();
}

describe('PATCH as the real API', () => {
  it('firewalls take a JSON merge patch (lists replaced, null clears) and refuse a changed network', async () => {
    await network();
    await waitGlobal(
      (
        await c.firewalls.insert({
          project: P,
          requestBody: {
            name: 'fw',
            network: NET,
            targetTags: ['a', 'b'],
            allowed: [{ IPProtocol: 'tcp', ports: ['50000'] }],
          },
        })
      ).data,
    );
    const created = (await c.firewalls.get({ project: P, firewall: 'fw' })).data;
    expect(created).toMatchObject({
      network: FULL(NET),
      direction: 'INGRESS',
      priority: 1000,
      disabled: false,
      sourceRanges: ['0.0.0.0/0'],
    });
    // Long enough that the second write surely arrives while the first runs, on a loaded machine too.
    fake.operationMs = 1000;
    fake.waitCapMs = 5000;
    const op = (
      await c.firewalls.patch({
        project: P,
        firewall: 'fw',
        requestBody: { targetTags: ['c'], sourceRanges: ['10.0.0.0/8'], disabled: true },
      })
    ).data;
    expect(op.operationType).toBe('patch');
    // A second write while the first runs is refused, as GCE does.
    await expect(
      c.firewalls.patch({ project: P, firewall: 'fw', requestBody: { priority: 5 } }),
    ).rejects.toMatchObject({ ...body('resourceNotReady') });
    await waitGlobal(op);
    expect((await c.firewalls.get({ project: P, firewall: 'fw' })).data).toMatchObject({
      targetTags: ['c'],
      sourceRanges: ['10.0.0.0/8'],
      disabled: true,
      allowed: [{ IPProtocol: 'tcp', ports: ['50000'] }],
    });
    await expect(
      c.firewalls.patch({ project: P, firewall: 'fw', requestBody: { network: 'global/networks/other' } }),
    ).rejects.toMatchObject({ status: 400 });
    expect(fake.engine.writes.map((w) => `${w.operationType} ${w.collection}/${w.name}`)).toEqual([
      'insert networks/f--net',
      'insert firewalls/fw',
      'patch firewalls/fw',
    ]);
  });

  it('a subnet PATCH needs the current fingerprint (412 otherwise); a router PATCH replaces its NAT list and refills NAT defaults', async () => {
    await network();
    await subnet('a', 'us-central1', '10.0.0.0/24');
    const s = (await c.subnetworks.get({ project: P, region: 'us-central1', subnetwork: 'a' })).data;
    expect(s).toMatchObject({ gatewayAddress: '10.0.0.1', privateIpGoogleAccess: false, network: FULL(NET) });
    await expect(
      c.subnetworks.patch({
        project: P,
        region: 'us-central1',
        subnetwork: 'a',
        requestBody: { privateIpGoogleAccess: true },
      }),
    ).rejects.toMatchObject({ status: 412 });
    await waitRegion(
      'us-central1',
      (
        await c.subnetworks.patch({
          project: P,
          region: 'us-central1',
          subnetwork: 'a',
          requestBody: { privateIpGoogleAccess: true, fingerprint: s.fingerprint },
        })
      ).data,
    );
    const after = (await c.subnetworks.get({ project: P, region: 'us-central1', subnetwork: 'a' })).data;
    expect(after.privateIpGoogleAccess).toBe(true);
    expect(after.fingerprint).not.toBe(s.fingerprint);

    const nat = {
      name: 'nat',
      natIpAllocateOption: 'AUTO_ONLY',
      sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES',
    };
    await waitRegion(
      'us-central1',
      (
        await c.routers.insert({
          project: P,
          region: 'us-central1',
          requestBody: { name: 'r', network: NET, nats: [nat] },
        })
      ).data,
    );
    expect((await c.routers.get({ project: P, region: 'us-central1', router: 'r' })).data.nats).toEqual([
      {
        ...nat,
        endpointTypes: ['ENDPOINT_TYPE_VM'],
        enableEndpointIndependentMapping: false,
        type: 'PUBLIC',
      },
    ]);
    await waitRegion(
      'us-central1',
      (
        await c.routers.patch({
          project: P,
          region: 'us-central1',
          router: 'r',
          requestBody: { nats: [{ ...nat, udpIdleTimeoutSec: 60 }] },
        })
      ).data,
    );
    expect(
      (await c.routers.get({ project: P, region: 'us-central1', router: 'r' })).data.nats?.[0],
    ).toMatchObject({ udpIdleTimeoutSec: 60, endpointTypes: ['ENDPOINT_TYPE_VM'] });
  });

  it('setLabels needs the labelFingerprint and takes effect when its operation is done', async () => {
    const img = fake.addImage('talos', { a: 'b' });
    const fp = (await c.images.get({ project: P, image: 'talos' })).data.labelFingerprint ?? '';
    await expect(
      c.images.setLabels({
        project: P,
        resource: 'talos',
        requestBody: { labels: { a: 'c' }, labelFingerprint: 'stale' },
      }),
    ).rejects.toMatchObject({ status: 412 });
    await waitGlobal(
      (
        await c.images.setLabels({
          project: P,
          resource: 'talos',
          requestBody: { labels: { a: 'c' }, labelFingerprint: fp },
        })
      ).data,
    );
    expect(img.body.labels).toEqual({ a: 'c' });
    expect((await c.images.get({ project: P, image: 'talos' })).data.labelFingerprint).not.toBe(fp);
  });
});

describe('lists', () => {
  it('filter by labels, name (= and eq regex) and description; page with maxResults and pageToken', async () => {
    await network();
    for (let i = 0; i < 7; i++)
      await fake.engine.insertAndWait('firewalls', 'global', {
        name: `fw-${i}`,
        network: NET,
        description: i % 2 ? 'talos-fleet: talos-fleet=f managed-by=talos-fleet | rule' : 'someone else',
        allowed: [{ IPProtocol: 'tcp' }],
      });
    const names = async (filter?: string) =>
      (await c.firewalls.list({ project: P, ...(filter ? { filter } : {}) })).data.items?.map(
        (f) => f.name,
      ) ?? [];
    expect(await names('name = fw-3')).toEqual(['fw-3']);
    expect(await names('name eq "fw-[0-2]"')).toEqual(['fw-0', 'fw-1', 'fw-2']);
    expect(await names('description eq "talos-fleet: .*"')).toEqual(['fw-1', 'fw-3', 'fw-5']);
    expect(await names('(description eq "talos-fleet: .*") (name ne fw-1)')).toEqual(['fw-3', 'fw-5']);
    expect(await names('(name = fw-1) OR (name = fw-6)')).toEqual(['fw-1', 'fw-6']);
    await expect(names('(name eq fw-1) (name = fw-2)')).rejects.toMatchObject({ status: 400 });

    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const res = (await c.firewalls.list({ project: P, maxResults: 3, ...(pageToken ? { pageToken } : {}) }))
        .data;
      seen.push(...(res.items ?? []).map((f) => f.name ?? ''));
      pageToken = res.nextPageToken ?? undefined;
      pages++;
    } while (pageToken);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(7);
    fake.addImage('lab', { 'talos-fleet': 'pr-42' });
    fake.addImage('other', { 'talos-fleet': 'pr-7' });
    expect(
      (await c.images.list({ project: P, filter: 'labels.talos-fleet = pr-42' })).data.items?.map(
        (i) => i.name,
      ),
    ).toEqual(['lab']);
    expect((await c.images.list({ project: P, filter: 'labels.talos-fleet:*' })).data.items).toHaveLength(2);
  });

  it('aggregatedList groups regional kinds by scope, with NO_RESULTS_ON_PAGE warnings, and pages', async () => {
    await network();
    await subnet('a', 'us-central1', '10.0.0.0/24');
    await subnet('b', 'europe-west1', '10.0.1.0/24');
    await subnet('c', 'europe-west1', '10.0.2.0/24');
    const res = (await c.subnetworks.aggregatedList({ project: P })).data;
    expect(res.items?.['regions/europe-west1']?.subnetworks?.map((s) => s.name)).toEqual(['b', 'c']);
    expect(res.items?.['regions/us-central1']?.subnetworks?.map((s) => s.name)).toEqual(['a']);
    expect(res.items?.['regions/asia-east1']?.warning?.code).toBe('NO_RESULTS_ON_PAGE');
    const first = (await c.subnetworks.aggregatedList({ project: P, maxResults: 2 })).data;
    expect(first.nextPageToken).toBeTruthy();
    const second = (
      await c.subnetworks.aggregatedList({ project: P, maxResults: 2, pageToken: first.nextPageToken ?? '' })
    ).data;
    expect(second.items?.['regions/us-central1']?.subnetworks?.map((s) => s.name)).toEqual(['a']);
    expect(
      (await c.subnetworks.aggregatedList({ project: P, filter: 'name = c' })).data.items?.[
        'regions/europe-west1'
      ]?.subnetworks?.map((s) => s.name),
    ).toEqual(['c']);
  });

  it('filter grammar: AND binds tighter than OR, `:` is a substring, numbers compare', () => {
    const f = parseFilter('(name = a) AND (priority > 900) OR (name : zz)');
    expect(f({ name: 'a', priority: 1000 })).toBe(true);
    expect(f({ name: 'a', priority: 10 })).toBe(false);
    expect(f({ name: 'xzzx', priority: 1 })).toBe(true);
    expect(parseFilter('labels.k != v')({ labels: { k: 'w' } })).toBe(true);
  });
});

describe('fault injection through FakeServer', () => {
  it('5xx, 429, dropped connections and slow responses reach the client', async () => {
    fake.inject({ match: computeCall({ method: 'GET', collection: 'networks' }), status: 503 });
    await expect(c.networks.get({ project: P, network: 'x' })).rejects.toMatchObject({ status: 503 });
    fake.inject({ match: computeCall({ collection: 'networks' }), status: 429 });
    await expect(c.networks.list({ project: P })).rejects.toMatchObject({ status: 429 });
    fake.inject({ match: computeCall({ method: 'POST', collection: 'networks' }), drop: true });
    await expect(c.networks.insert({ project: P, requestBody: { name: 'n' } })).rejects.toThrow();
    fake.inject({ match: computeCall({ collection: 'networks' }), delayMs: 150 });
    const started = Date.now();
    await c.networks.list({ project: P });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(fake.engine.writes).toEqual([]);
  });
});
