// janitor: a project of 20 fleets (5 expired) plus 2,000 resources of others, swept by the bundled
// janitor action (dist/janitor.js) in a dry run against the Compute fake. Measures, in one run and
// side by side: the list calls and wall time with the 2,000 others and without them (list calls
// must not grow with the project's size), and a real sweep of the 5 expired fleets.
// Goal (issue 13): list calls independent of the number of resources; dry run under 5 s.
// It prints and saves the figures; it never fails on a slow machine.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importTypeScript, median, repoRoot, runNode, runnerEnv, saveResults } from './stats.mjs';

const RUNS = Number(process.env.TALOS_FLEET_BENCH_RUNS ?? 3);
const OTHERS = 2000;
const [{ FakeCompute }, { seedFleet }] = await importTypeScript('janitor', [
  'test/fakes/compute/server.ts',
  'test/janitor/project-fixture.ts',
]);
const now = Math.floor(Date.now() / 1000);

async function project(others) {
  const compute = await new FakeCompute('bench-project').start();
  compute.operationMs = 5;
  for (let i = 0; i < 20; i++)
    await seedFleet(compute.engine, `f${i}`, i < 5 ? now - 3600 : now + 3600, [
      { name: 'a', region: 'europe-west1' },
      { name: 'b', region: 'us-central1' },
    ]);
  const kinds = ['disks', 'instances', 'firewalls', 'addresses'];
  compute.engine.seed('networks', 'global', { name: 'other-net', autoCreateSubnetworks: false });
  for (let i = 0; i < others; i++) {
    const collection = kinds[i % kinds.length];
    const name = `other-${i}`;
    if (collection === 'firewalls')
      compute.engine.seed('firewalls', 'global', {
        name,
        network: compute.engine.selfLink('networks', 'global', 'other-net'),
        allowed: [{ IPProtocol: 'tcp', ports: ['22'] }],
        description: 'someone else',
      });
    else if (collection === 'addresses')
      compute.engine.seed('addresses', 'regions/us-east1', { name, labels: { team: 'web' } });
    else compute.engine.seed(collection, 'zones/us-east1-b', { name, labels: { team: 'data' } });
  }
  return compute;
}

async function sweep(compute, dryRun) {
  const env = {
    ...runnerEnv(),
    INPUT_PROJECT: 'bench-project',
    'INPUT_DRY-RUN': String(dryRun),
    TALOS_FLEET_COMPUTE_ENDPOINT: compute.url,
    GOOGLE_OAUTH_ACCESS_TOKEN: 'ya29.bench',
    TALOS_FLEET_JANITOR_PASS_PAUSE_MS: '50',
  };
  const requests = compute.requests.length;
  const { ms } = await runNode([join(repoRoot, 'dist', 'janitor.js')], env);
  const outputs = readFileSync(env.GITHUB_OUTPUT, 'utf8');
  const report = JSON.parse(/report<<(\S+)\n([\s\S]*?)\n\1/.exec(outputs)?.[2] ?? '{}');
  return {
    ms,
    listCalls: report.listCalls,
    requests: compute.requests.length - requests,
    expired: report.expiredFleets?.length,
  };
}

const results = {};
for (const [label, others] of [
  ['20 fleets, no other resources', 0],
  [`20 fleets + ${OTHERS} other resources`, OTHERS],
]) {
  const compute = await project(others);
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await sweep(compute, true));
  results[label] = {
    dryRunMs: median(runs.map((r) => r.ms)),
    listCalls: runs[0].listCalls,
    requests: runs[0].requests,
    expiredFleets: runs[0].expired,
  };
  if (others) {
    const real = await sweep(compute, false);
    results[label].realSweepMs = real.ms;
    results[label].realSweepRequests = real.requests;
    results[label].leftOfExpired = compute.engine
      .all()
      .filter((r) => /^(allow-)?f[0-4]--/.test(r.name)).length;
  }
  await compute.close();
}
console.table(results);
const [a, b] = Object.values(results);
console.log(
  `list calls: ${a.listCalls} without the others, ${b.listCalls} with ${OTHERS} (goal: equal); dry run ${Math.round(b.dryRunMs)} ms (goal < 5000 ms)`,
);
saveResults('janitor', results);
