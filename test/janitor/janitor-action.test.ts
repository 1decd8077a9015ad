import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fleetLabels } from '../../src/core/gcp-names.js';
import type { JanitorResult } from '../../src/core/janitor/report.js';
import { FakeCompute } from '../fakes/compute/server.js';
import { FakeGcs } from '../fakes/gcs/server.js';
import { runDist } from '../support/run-dist.js';
import { seedFleet, seedForeign } from './project-fixture.js';

const NOW = Math.floor(Date.now() / 1000);
const CLUSTERS = [
  { name: 'eu', region: 'europe-west1' },
  { name: 'us', region: 'us-central1' },
];

let compute: FakeCompute;
let gcs: FakeGcs;

beforeEach(async () => {
  compute = await new FakeCompute('acme-ci').start();
  compute.operationMs = 5;
  gcs = await new FakeGcs().start();
});
afterEach(async () => {
  await compute.close();
  await gcs.close();
});

function janitor(inputs: Record<string, string>) {
  return runDist('janitor', {
    inputs: { project: 'acme-ci', ...inputs },
    env: {
      TALOS_FLEET_COMPUTE_ENDPOINT: compute.url,
      TALOS_FLEET_GCS_ENDPOINT: gcs.url,
      GOOGLE_OAUTH_ACCESS_TOKEN: 'ya29.test-token',
      TALOS_FLEET_RETRY_BASE_MS: '5',
      TALOS_FLEET_RETRY_MAX_MS: '20',
      TALOS_FLEET_JANITOR_PASS_PAUSE_MS: '20',
    },
  });
}

const names = (collection: string) =>
  compute.engine
    .all(collection)
    .map((r) => r.name)
    .sort();
const everything = () =>
  compute.engine
    .all()
    .map((r) => `${r.collection}/${r.name}`)
    .sort();

describe('janitor action', () => {
  beforeEach(async () => {
    await seedFleet(compute.engine, 'pr-1', NOW - 3600, CLUSTERS);
    await seedFleet(compute.engine, 'pr-2', NOW + 3600, [{ name: 'eu', region: 'europe-west1' }]);
    await seedForeign(compute.engine);
  });

  it('in a dry run writes nothing and reports exactly what a real run then deletes', async () => {
    const before = everything();
    const writes = compute.engine.writes.length;
    const dry = await janitor({});
    expect(dry.code, dry.stderr + dry.stdout).toBe(0);
    expect(compute.engine.writes.length).toBe(writes);
    expect(everything()).toEqual(before);
    const planned = JSON.parse(dry.outputs.report ?? '{}') as JanitorResult;
    expect(JSON.parse(dry.outputs['expired-fleets'] ?? '[]')).toEqual(['pr-1']);
    const wouldDelete = planned.fleets.find((f) => f.fleet === 'pr-1')?.deleted ?? [];
    expect(wouldDelete.length).toBeGreaterThan(20);
    expect(dry.summary).toContain('would sweep');

    const real = await janitor({ 'dry-run': 'false' });
    expect(real.code, real.stderr + real.stdout).toBe(0);
    const done = JSON.parse(real.outputs.report ?? '{}') as JanitorResult;
    expect(done.fleets.find((f) => f.fleet === 'pr-1')?.deleted.sort()).toEqual([...wouldDelete].sort());
    expect(everything().filter((id) => id.includes('pr-1--'))).toEqual([
      'firewalls/pr-1--net-ssh',
      'healthChecks/pr-1--eu-apiserver-x',
    ]);
    expect(names('firewalls')).toContain('allow-pr-1-eu-cluster');
    expect(names('images')).toEqual(['talos-v1-13-9-37656798-amd64']);
    // The live fleet is whole.
    expect(everything().filter((id) => id.includes('pr-2--')).length).toBe(
      before.filter((id) => id.includes('pr-2--')).length,
    );
  });

  it('lists with a fixed number of filtered calls, whatever else the project holds', async () => {
    const small = JSON.parse((await janitor({})).outputs.report ?? '{}') as JanitorResult;
    await seedForeign(compute.engine, 600).catch(() => undefined);
    for (let i = 0; i < 600; i++)
      compute.engine.seed('disks', 'zones/europe-west1-c', {
        name: `more-${String(i)}`,
        labels: { team: 'ml' },
      });
    const large = JSON.parse((await janitor({})).outputs.report ?? '{}') as JanitorResult;
    expect(large.listCalls).toBe(small.listCalls);
    expect(small.listCalls).toBeLessThanOrEqual(18);
  });

  it('retries an in-use refusal in a later pass, and names what still holds a resource', async () => {
    compute.engine.failNext({
      collection: 'networks',
      name: 'pr-1--net',
      operationType: 'delete',
      code: 'RESOURCE_IN_USE_BY_ANOTHER_RESOURCE',
      message:
        "The network resource 'projects/acme-ci/global/networks/pr-1--net' is already being used by 'projects/acme-ci/global/routes/x'",
    });
    const r = await janitor({ 'dry-run': 'false', fleet: 'pr-1' });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const report = JSON.parse(r.outputs.report ?? '{}') as JanitorResult;
    expect(report.passes).toBe(2);
    expect(names('networks')).not.toContain('pr-1--net');
  });

  it('fails naming the leftover and what uses it when a foreign instance holds a subnet', async () => {
    await compute.engine.insertAndWait('instances', 'zones/europe-west1-c', {
      name: 'someone-elses-vm',
      networkInterfaces: [
        {
          network: compute.engine.selfLink('networks', 'global', 'pr-1--net'),
          subnetwork: compute.engine.selfLink('subnetworks', 'regions/europe-west1', 'pr-1--eu'),
        },
      ],
    });
    const r = await janitor({ 'dry-run': 'false', fleet: 'pr-*' });
    expect(r.code).toBe(1);
    const error = r.annotations.find((a) => a.level === 'error')?.message ?? '';
    expect(error).toMatch(/left 2 resource\(s\) behind/);
    expect(error).toMatch(/subnetwork\/europe-west1\/pr-1--eu: .*someone-elses-vm/);
    expect(names('instances')).toContain('someone-elses-vm');
    expect(names('instances')).toContain('pr-2--eu-cp-abcde');
  });

  it('sweeps the expired fleets state objects and keeps the live one', async () => {
    const bucket = 'acme-ci-talos-fleet-abc123';
    gcs.buckets.set(bucket, { project: 'acme-ci', location: 'US', labels: {}, uniform: true });
    const data = Buffer.from('{}');
    gcs.addObject(bucket, 'talos-fleet/pr-1/mesh-ca.json', data, fleetLabels('pr-1', NOW - 3600));
    gcs.addObject(bucket, 'talos-fleet/pr-2/mesh-ca.json', data, fleetLabels('pr-2', NOW + 3600));
    gcs.addObject(bucket, 'talos-fleet/pr-9/management.kubeconfig', data, fleetLabels('pr-9', NOW - 60));
    gcs.addObject(bucket, 'talos-fleet/pr-8/unmarked.json', data, {});
    const r = await janitor({ 'dry-run': 'false', 'state-bucket': bucket });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect([...gcs.objects.values()].map((o) => o.name).sort()).toEqual([
      'talos-fleet/pr-2/mesh-ca.json',
      'talos-fleet/pr-8/unmarked.json',
    ]);
    expect(JSON.parse(r.outputs['expired-fleets'] ?? '[]')).toEqual(['pr-1', 'pr-9']);
  });

  it('refuses bad input before any cloud call, naming each input', async () => {
    const r = await janitor({ project: 'Not A Project', grace: 'soon', 'dry-run': 'maybe' });
    expect(r.code).toBe(1);
    const message = r.annotations.map((a) => a.message).join('\n');
    expect(message).toMatch(/project/);
    expect(message).toMatch(/grace/);
    expect(message).toMatch(/dry-run/);
    expect(compute.requests).toHaveLength(0);
  });
});
