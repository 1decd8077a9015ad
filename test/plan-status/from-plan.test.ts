import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { plannedMeshPairs, statusFromPlan } from '../../src/core/status/from-plan.js';
import { parseStatusDocument } from '../../src/core/status/parse.js';
import { type StatusDocument, statusDocumentSchema } from '../../src/core/status/schema.js';
import { repoRoot } from '../support/paths.js';
import { exampleText, mustPlan, NOW } from '../plan/helpers.js';

const at = new Date(NOW * 1000);
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormatsPlugin.default(ajv);
const validateJsonSchema = ajv.compile(
  JSON.parse(readFileSync(join(repoRoot, 'schemas/status.schema.json'), 'utf8')),
);

/** Valid for zod (unchanged by parsing: no default filled in) and for the published JSON Schema. */
function expectValid(document: StatusDocument) {
  expect(statusDocumentSchema.parse(document)).toEqual(document);
  const json = JSON.parse(JSON.stringify(document));
  expect(validateJsonSchema(json), ajv.errorsText(validateJsonSchema.errors)).toBe(true);
  expect(parseStatusDocument(json, 'planned').removedSecrets).toEqual([]);
}

const plan = (name: string) => mustPlan(exampleText(name)).plan;

function example(stage: string): StatusDocument {
  const raw = JSON.parse(readFileSync(join(repoRoot, 'examples/status', `${stage}.json`), 'utf8'));
  return parseStatusDocument(raw, stage).document;
}

describe('statusFromPlan', () => {
  it('maps the two-region plan to a planned document that passes the status schema', () => {
    const result = mustPlan(exampleText('two-region-mesh'));
    const { document, notes } = statusFromPlan(result.plan, { now: at });
    expect(notes).toEqual([]);
    expectValid(document);
    expect(document).toEqual({
      schemaVersion: 1,
      fleet: 'pr-42',
      stage: 'planned',
      startedAt: '2026-11-24T12:00:00Z',
      updatedAt: '2026-11-24T12:00:00Z',
      source: {},
      ttl: { seconds: 6 * 3600, expiresAt: '2026-11-24T18:00:00Z' },
      clusters: [
        {
          name: 'eu',
          region: 'europe-west1',
          talosVersion: 'v1.13.9',
          kubernetesVersion: 'v1.35.4',
          nodes: { ready: 0, desired: 3 },
          conditions: [],
          state: 'planned',
          timings: {},
        },
        {
          name: 'us',
          region: 'us-central1',
          talosVersion: 'v1.13.9',
          kubernetesVersion: 'v1.35.4',
          nodes: { ready: 0, desired: 4 },
          conditions: [],
          state: 'planned',
          timings: {},
        },
      ],
      mesh: {
        enabled: true,
        pairs: [
          { from: 'eu', to: 'us', state: 'pending' },
          { from: 'us', to: 'eu', state: 'pending' },
        ],
      },
      errors: [],
      plan: {
        clusters: 2,
        controlPlaneNodes: 2,
        workerNodes: 5,
        regions: ['europe-west1', 'us-central1'],
        digest: `sha256:${createHash('sha256')
          .update(result.files[0]?.content ?? '')
          .digest('hex')}`,
      },
    });
    expect(result.files[0]?.path).toBe('plan.json');
  });

  it('lists every direction between meshed clusters, and none without a mesh', () => {
    const three = statusFromPlan(plan('three-region-mesh'), { now: at }).document;
    expectValid(three);
    expect(three.mesh.pairs.map((p) => `${p.from}>${p.to}`)).toEqual([
      'eu>us',
      'eu>asia',
      'us>eu',
      'us>asia',
      'asia>eu',
      'asia>us',
    ]);
    expect(three.ttl).toEqual({ seconds: 86_400, expiresAt: '2026-11-25T12:00:00Z' });

    const solo = statusFromPlan(plan('single-cluster'), { now: at }).document;
    expectValid(solo);
    expect(solo.mesh).toEqual({ enabled: false, pairs: [] });
    expect(solo.clusters).toMatchObject([
      { name: 'solo', region: 'us-east1', nodes: { ready: 0, desired: 4 } },
    ]);
    expect(solo.plan).toMatchObject({
      clusters: 1,
      controlPlaneNodes: 3,
      workerNodes: 1,
      regions: ['us-east1'],
    });
    expect(plannedMeshPairs(plan('single-cluster'))).toEqual([]);
  });

  it('carries the run context: the run link and what the fleet was built from', () => {
    const { document } = statusFromPlan(plan('two-region-mesh'), {
      now: at,
      source: { repository: 'acme/platform', branch: 'feature/x', sha: 'abc123', pullRequest: 7 },
      run: { url: 'https://github.com/acme/platform/actions/runs/9', id: 9, attempt: 2 },
    });
    expectValid(document);
    expect(document.source).toEqual({
      repository: 'acme/platform',
      branch: 'feature/x',
      sha: 'abc123',
      pullRequest: 7,
    });
    expect(document.run).toEqual({
      url: 'https://github.com/acme/platform/actions/runs/9',
      id: 9,
      attempt: 2,
    });
  });

  it('is pure: the same input gives the same document, and the previous document is not modified', () => {
    const previous = example('planned');
    const frozen = structuredClone(previous);
    const p = plan('three-region-mesh');
    const a = statusFromPlan(p, { now: at, previous });
    const b = statusFromPlan(p, { now: at, previous });
    expect(a).toEqual(b);
    expect(previous).toEqual(frozen);
  });

  it('the digest names the plan: same spec and time, same digest; any change, another', () => {
    const digest = (text: string, now = NOW) =>
      statusFromPlan(mustPlan(text, { now }).plan, { now: at }).document.plan?.digest;
    const two = exampleText('two-region-mesh');
    expect(digest(two)).toBe(digest(two));
    expect(digest(two)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(digest(two.replace('replicas: 3', 'replicas: 4'))).not.toBe(digest(two));
    expect(digest(two, NOW + 1)).not.toBe(digest(two));
  });
});

describe('statusFromPlan over an existing document', () => {
  const later = new Date((NOW + 3600) * 1000);

  it('re-planning a live fleet keeps startedAt, source and clusters that may still exist; resets the rest', () => {
    const previous: StatusDocument = {
      ...example('ready'),
      fleet: 'mesh3',
      startedAt: '2026-11-24T11:00:00Z',
      source: { repository: 'acme/platform', branch: 'main', pullRequest: 12 },
      clusters: [
        ...['eu', 'us'].map((name) => ({
          name,
          region: name === 'eu' ? 'europe-west1' : 'us-central1',
          talosVersion: 'v1.13.8',
          kubernetesVersion: 'v1.35.1',
          nodes: { ready: 3, desired: 3 },
          controlPlaneEndpoint: 'https://203.0.113.10:6443',
          conditions: [],
          state: 'ready' as const,
          timings: { startedAt: '2026-11-24T11:01:00Z', readyAt: '2026-11-24T11:07:00Z' },
        })),
        {
          name: 'gone',
          region: 'europe-west4',
          talosVersion: 'v1.13.8',
          kubernetesVersion: 'v1.35.1',
          nodes: { ready: 2, desired: 3 },
          conditions: [],
          state: 'failed',
          timings: { startedAt: '2026-11-24T11:01:00Z' },
        },
        {
          name: 'never-built',
          region: 'europe-west4',
          talosVersion: 'v1.13.8',
          kubernetesVersion: 'v1.35.1',
          nodes: { ready: 0, desired: 3 },
          conditions: [],
          state: 'planned',
          timings: {},
        },
      ],
      errors: [{ step: 'provision', cluster: 'gone', message: 'quota exceeded' }],
    };
    const { document, notes } = statusFromPlan(plan('three-region-mesh'), {
      now: later,
      previous,
      source: { sha: 'def456' },
    });
    expectValid(document);
    expect(document.stage).toBe('planned');
    expect(document.startedAt).toBe('2026-11-24T11:00:00Z');
    expect(document.updatedAt).toBe('2026-11-24T13:00:00Z');
    expect(document.source).toEqual({
      repository: 'acme/platform',
      branch: 'main',
      pullRequest: 12,
      sha: 'def456',
    });
    // The run link is this run's only: an older run's link would point at the wrong logs.
    expect(document.run).toBeUndefined();
    expect(document.clusters.map((c) => `${c.name}:${c.state}:${c.nodes.ready}/${c.nodes.desired}`)).toEqual([
      'eu:planned:0/3',
      'us:planned:0/3',
      'asia:planned:0/3',
      'gone:failed:2/3',
    ]);
    expect(document.clusters[0]).not.toHaveProperty('controlPlaneEndpoint');
    expect(document.clusters[0]?.talosVersion).toBe('v1.13.9');
    expect(document.mesh.pairs.every((p) => p.state === 'pending' && p.from !== 'gone')).toBe(true);
    expect(document.errors).toEqual([]);
    expect(document.plan?.clusters).toBe(3);
    expect(notes).toEqual([
      "kept startedAt 2026-11-24T11:00:00Z of fleet 'mesh3' (was ready)",
      "kept cluster 'gone' (failed): it left the plan but may still have cloud resources until teardown",
      'cleared 1 error(s) of the previous attempt',
    ]);
  });

  it("starts afresh over another fleet's document, and over a destroyed fleet", () => {
    const other = statusFromPlan(plan('two-region-mesh'), { now: later, previous: example('ready') });
    expect(other.notes).toEqual([
      "replaced the status of fleet 'pr-1234-mesh': this plan is for fleet 'pr-42'",
    ]);
    expect(other.document.startedAt).toBe(other.document.updatedAt);
    expect(other.document.source).toEqual({});
    expect(other.document.clusters.map((c) => c.name)).toEqual(['eu', 'us']);

    const destroyed = { ...example('destroyed'), fleet: 'pr-42' };
    const again = statusFromPlan(plan('two-region-mesh'), { now: later, previous: destroyed });
    expectValid(again.document);
    expect(again.notes).toEqual(["fleet 'pr-42' was destroyed; this plan starts a new status"]);
    expect(again.document.startedAt).toBe('2026-11-24T13:00:00Z');
    expect(again.document.clusters.every((c) => c.state === 'planned')).toBe(true);
  });
});
