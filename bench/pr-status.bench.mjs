// pr-status figures (issue 6): rendering a 50-cluster fleet (goal <= 50 ms) and the GitHub API
// calls needed to find the comment on a pull request with 1,000 comments (goal <= 11 at 100 per
// page); issue 10: a first run there (no comment yet: scan, create, re-check) in at most 12 calls
// in all. Measured against the loopback fake GitHub with the real Octokit. The TypeScript sources
// are bundled by esbuild (the project's bundler) so this measures the shipped code paths.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importTypeScript, median, repoRoot, saveResults } from './stats.mjs';

const [renderModule, parse, marker, commentsClient, stickyComment, fakeGithub] = await importTypeScript(
  'pr-status',
  [
    'src/core/status/render.ts',
    'src/core/status/parse.ts',
    'src/core/status/marker.ts',
    'src/adapters/github/comments-client.ts',
    'src/adapters/github/sticky-comment.ts',
    'test/fakes/github/fake-github.ts',
  ],
);
const m = { ...renderModule, ...parse, ...marker, ...commentsClient, ...stickyComment, ...fakeGithub };

// A fleet of N clusters, fully meshed, one failure with 20 KB of diagnostics.
function fleet(n) {
  const base = JSON.parse(readFileSync(join(repoRoot, 'examples/status/failed.json'), 'utf8'));
  const names = Array.from({ length: n }, (_, i) => `preview-${String(i).padStart(3, '0')}`);
  base.clusters = names.map((name, i) => ({
    ...base.clusters[i % base.clusters.length],
    name,
    region: ['europe-west1', 'us-central1', 'asia-east1'][i % 3],
  }));
  base.mesh.pairs = names.flatMap((from) =>
    names.filter((to) => to !== from).map((to) => ({ from, to, state: 'ready' })),
  );
  base.errors[0].diagnostics = 'x'.repeat(20_000);
  base.plan.clusters = n;
  return m.parseStatusDocument(base, `${n}-cluster fleet`).document;
}

function timeRender(n, runs) {
  const doc = fleet(n);
  const previous = m.parseDigest(m.renderStatus(doc).markdown);
  for (let i = 0; i < 5; i++) m.renderStatus(doc, { previous });
  const times = [];
  let length = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    length = m.renderStatus(doc, { previous }).markdown.length;
    times.push(performance.now() - t);
  }
  return {
    clusters: n,
    meshPairs: doc.mesh.pairs.length,
    medianMs: median(times),
    maxMs: Math.max(...times),
    chars: length,
  };
}

const render = [timeRender(50, 50), timeRender(255, 20)];
console.log('render (median of runs after warm-up; goal: 50 clusters <= 50 ms)');
console.table(render.map((r) => ({ ...r, medianMs: r.medianMs.toFixed(2), maxMs: r.maxMs.toFixed(2) })));

async function findOnBusyPr(total) {
  const fake = await new m.FakeGitHub().start();
  try {
    const fleetName = 'pr-1234-mesh';
    for (let i = 0; i < total - 1; i++) fake.seed(1234, `review comment ${i}`);
    // Ours is the last one: the worst case, every page read.
    fake.seed(1234, `${m.statusMarker(fleetName)}\n\nold`, 'github-actions[bot]', 'Bot');
    const api = await m.createCommentsClient({
      token: m.GITHUB_TOKEN,
      owner: 'acme',
      repo: 'platform',
      apiUrl: fake.url,
      graphqlUrl: `${fake.url}/graphql`,
    });
    const t = performance.now();
    let findCalls = 0;
    const result = await m.publishStickyComment(api, {
      issue: 1234,
      fleet: fleetName,
      mode: 'update',
      render: () => {
        findCalls = api.calls;
        return `${m.statusMarker(fleetName)}\n\nnew`;
      },
    });
    const ms = performance.now() - t;
    return { comments: total, findCalls, totalCalls: api.calls, outcome: result.outcome, ms };
  } finally {
    await fake.close();
  }
}

/** A first run: no comment of ours among `total`, so it scans, creates and re-checks. */
async function firstRunOnBusyPr(total) {
  const fake = await new m.FakeGitHub().start();
  try {
    const fleetName = 'pr-1234-mesh';
    for (let i = 0; i < total; i++) fake.seed(1234, `review comment ${i}`);
    const api = await m.createCommentsClient({
      token: m.GITHUB_TOKEN,
      owner: 'acme',
      repo: 'platform',
      apiUrl: fake.url,
      graphqlUrl: `${fake.url}/graphql`,
    });
    const t = performance.now();
    const result = await m.publishStickyComment(api, {
      issue: 1234,
      fleet: fleetName,
      mode: 'update',
      render: () => `${m.statusMarker(fleetName)}\n\nfirst`,
    });
    const ms = performance.now() - t;
    const gets = fake.calls.filter((c) => c.method === 'GET');
    return {
      comments: total,
      totalCalls: api.calls,
      graphql: fake.calls.filter((c) => c.graphql).length,
      listPages: gets.length,
      recheckPages: gets.filter((c) => c.search.includes('since=')).length,
      outcome: result.outcome,
      ms,
    };
  } finally {
    await fake.close();
  }
}

const runs = [];
for (let i = 0; i < 5; i++) runs.push(await findOnBusyPr(1000));
const { comments, findCalls, totalCalls, outcome } = runs[0];
const find = [{ comments, findCalls, totalCalls, outcome, medianMs: median(runs.map((r) => r.ms)) }];
console.log('finding the comment (goal: <= 11 API calls for 1,000 comments at 100 per page)');
console.table(find.map((r) => ({ ...r, medianMs: r.medianMs.toFixed(1) })));
const firstRuns = [];
for (let i = 0; i < 5; i++) firstRuns.push(await firstRunOnBusyPr(1000));
const first = [{ ...firstRuns[0], medianMs: median(firstRuns.map((r) => r.ms)) }];
delete first[0].ms;
console.log('first run among 1,000 comments: scan, create, re-check (goal: <= 12 API calls in all)');
console.table(first.map((r) => ({ ...r, medianMs: r.medianMs.toFixed(1) })));
saveResults('pr-status', { render, find, first });
