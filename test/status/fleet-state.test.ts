import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeStatusDocuments } from '../../src/core/status/merge.js';
import { parseStatusDocument } from '../../src/core/status/parse.js';
import { renderStatus } from '../../src/core/status/render.js';
import {
  CLUSTER_CONDITION_TYPES,
  CONDITION_STATUSES,
  FLEET_STAGES,
  type Condition,
  type StatusDocument,
} from '../../src/core/status/schema.js';
import { memoryStatusSink } from '../../src/core/status/sink.js';
import { clusterStateOf } from '../../src/core/status/state.js';
import {
  addError,
  setClusterCondition,
  setMeshPairs,
  setNetwork,
  setStage,
  updateCluster,
  withCondition,
} from '../../src/core/status/update.js';
import { UserError } from '../../src/core/user-error.js';
import { fileStatusSink, startStatusFile } from '../../src/runtime/status-file-sink.js';
import { repoRoot } from '../support/paths.js';
import { removeRunnerDir, runDist } from '../support/run-dist.js';

const examplesDir = join(repoRoot, 'examples/status');
const example = async (stage: string): Promise<StatusDocument> =>
  parseStatusDocument(JSON.parse(await readFile(join(examplesDir, `${stage}.json`), 'utf8')), stage).document;

const T0 = new Date('2026-11-24T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const cond = (type: Condition['type'], status: Condition['status'], reason = 'Observed'): Condition => ({
  type,
  status,
  reason,
  lastTransitionTime: '2026-11-24T10:00:00Z',
});

describe('clusterStateOf', () => {
  it('derives each state from the conditions, most final first', () => {
    const ready = [
      cond('InfrastructureReady', 'True'),
      cond('ControlPlaneReady', 'True'),
      cond('NodesReady', 'True'),
    ];
    expect(clusterStateOf([])).toBe('planned');
    expect(clusterStateOf([], 'ready')).toBe('ready');
    expect(clusterStateOf([cond('InfrastructureReady', 'False')])).toBe('provisioning');
    expect(clusterStateOf(ready.slice(0, 2))).toBe('provisioning');
    expect(clusterStateOf([...ready.slice(0, 2), cond('NodesReady', 'Unknown')])).toBe('provisioning');
    expect(clusterStateOf(ready)).toBe('ready');
    expect(clusterStateOf([...ready, cond('Stalled', 'True')])).toBe('failed');
    expect(clusterStateOf([...ready, cond('Stalled', 'False')])).toBe('ready');
    expect(clusterStateOf([cond('Stalled', 'True'), cond('Deleting', 'True')])).toBe('deleting');
    expect(clusterStateOf([cond('Deleting', 'True'), cond('Destroyed', 'True')])).toBe('destroyed');
  });

  it('is total over every combination of condition statuses (property)', () => {
    const conditions = fc.uniqueArray(
      fc.record({
        type: fc.constantFrom(...CLUSTER_CONDITION_TYPES),
        status: fc.constantFrom(...CONDITION_STATUSES),
      }),
      { selector: (c) => c.type },
    );
    fc.assert(
      fc.property(conditions, (list) => {
        const state = clusterStateOf(
          list.map((c) => ({ ...c, reason: 'X', lastTransitionTime: T0.toISOString() })),
        );
        const isTrue = (t: string) => list.some((c) => c.type === t && c.status === 'True');
        if (list.length === 0) expect(state).toBe('planned');
        else if (isTrue('Destroyed')) expect(state).toBe('destroyed');
        else expect(state).not.toBe('planned');
        if (state === 'ready') expect(isTrue('Stalled') || isTrue('Deleting')).toBe(false);
      }),
    );
  });
});

describe('update helpers', () => {
  it('setClusterCondition derives the state and moves lastTransitionTime only when the status changes', async () => {
    let doc = await example('planned');
    doc = setClusterCondition(
      doc,
      'mesh-eu',
      { type: 'InfrastructureReady', status: 'False', reason: 'Creating' },
      at(1),
    );
    expect(doc.clusters[0]?.state).toBe('provisioning');
    expect(doc.updatedAt).toBe('2026-11-24T10:01:00Z');
    doc = setClusterCondition(
      doc,
      'mesh-eu',
      { type: 'InfrastructureReady', status: 'False', reason: 'Creating', message: '2 of 3' },
      at(2),
    );
    expect(doc.clusters[0]?.conditions).toEqual([
      {
        type: 'InfrastructureReady',
        status: 'False',
        reason: 'Creating',
        message: '2 of 3',
        lastTransitionTime: '2026-11-24T10:01:00Z',
      },
    ]);
    for (const type of ['InfrastructureReady', 'ControlPlaneReady', 'NodesReady'] as const)
      doc = setClusterCondition(doc, 'mesh-eu', { type, status: 'True', reason: 'Ready' }, at(3));
    expect(doc.clusters[0]?.state).toBe('ready');
    expect(doc.clusters[0]?.conditions.map((c) => c.lastTransitionTime)).toEqual(
      Array(3).fill('2026-11-24T10:03:00Z'),
    );
    expect(doc.clusters.slice(1).map((c) => c.state)).toEqual(['planned', 'planned']);
    expect(() =>
      setClusterCondition(doc, 'nope', { type: 'Stalled', status: 'True', reason: 'X' }, at(4)),
    ).toThrow(/no cluster 'nope'/);
  });

  it('withCondition keeps one entry per type', () => {
    const once = withCondition([], { type: 'NodesReady', status: 'False', reason: 'Waiting' }, at(1));
    const twice = withCondition(once, { type: 'NodesReady', status: 'True', reason: 'Ready' }, at(2));
    expect(twice).toHaveLength(1);
    expect(twice[0]?.lastTransitionTime).toBe('2026-11-24T10:02:00Z');
  });

  it('setStage, setNetwork, setMeshPairs, updateCluster and addError stamp updatedAt and stay valid', async () => {
    let doc = await example('planned');
    doc = setStage(doc, 'network', at(1));
    doc = setNetwork(
      doc,
      {
        state: 'ready',
        counts: { created: 1, updated: 0, deleted: 0, unchanged: 0 },
        objects: [{ kind: 'network', name: 'n', action: 'create' }],
      },
      at(2),
    );
    doc = setMeshPairs(
      doc,
      [
        { from: 'mesh-eu', to: 'mesh-us', state: 'ready' },
        { from: 'x', to: 'y', state: 'pending' },
      ],
      at(3),
    );
    expect(doc.mesh.pairs).toHaveLength(7);
    expect(doc.mesh.pairs[0]).toEqual({ from: 'mesh-eu', to: 'mesh-us', state: 'ready' });
    doc = updateCluster(
      doc,
      'mesh-us',
      (c) => ({ ...c, machines: { desired: 3, created: 1, running: 0, items: [] } }),
      at(4),
    );
    expect(doc.clusters[1]?.machines?.created).toBe(1);
    doc = addError(doc, { step: 'cluster', cluster: 'mesh-us', message: 'quota' }, at(5));
    expect(doc.stage).toBe('failed');
    expect(doc.errors[0]?.at).toBe('2026-11-24T10:05:00Z');
    expect(doc.updatedAt).toBe('2026-11-24T10:05:00Z');
    expect(() => parseStatusDocument(doc, 'updated')).not.toThrow();
  });
});

describe('StatusSink', () => {
  it('memoryStatusSink applies concurrent updates one after another and rejects invalid ones', async () => {
    const sink = memoryStatusSink(await example('planned'));
    const names = ['mesh-eu', 'mesh-us', 'mesh-asia'];
    await Promise.all(
      names.map((name, i) =>
        sink.update((d) =>
          setClusterCondition(d, name, { type: 'InfrastructureReady', status: 'True', reason: 'Up' }, at(i)),
        ),
      ),
    );
    expect(sink.current.clusters.map((c) => c.conditions.length)).toEqual([1, 1, 1]);
    await expect(sink.update((d) => ({ ...d, stage: 'bogus' as 'ready' }))).rejects.toBeInstanceOf(UserError);
    await sink.update((d) => setStage(d, 'provisioning', at(9)));
    expect(sink.current.stage).toBe('provisioning');
  });

  it('fileStatusSink never loses an update of flows running side by side in one process', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tf-sink-'));
    try {
      const file = join(dir, 'status.json');
      const planned = await example('planned');
      await startStatusFile(file, planned);
      // Two sinks on the same path, as two flows in one process would hold.
      const sinks = [fileStatusSink(file), fileStatusSink(join(dir, '.', 'status.json'))];
      const updates = planned.clusters.flatMap((c, i) =>
        (['InfrastructureReady', 'ControlPlaneReady', 'NodesReady'] as const).map((type, j) =>
          sinks[(i + j) % 2]!.update((d) =>
            setClusterCondition(d, c.name, { type, status: 'True', reason: 'Ready' }, at(i + j)),
          ),
        ),
      );
      await Promise.all(updates);
      const final = JSON.parse(await readFile(file, 'utf8')) as StatusDocument;
      expect(final.clusters.map((c) => c.state)).toEqual(['ready', 'ready', 'ready']);
      expect(final.clusters.map((c) => c.conditions.length)).toEqual([3, 3, 3]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('mergeStatusDocuments (matrix jobs)', () => {
  async function matrixJobs() {
    const planned = await example('planned');
    const job = (name: string, minutes: number, ready: boolean) => {
      let d = setStage(planned, 'provisioning', at(minutes));
      for (const type of ['InfrastructureReady', 'ControlPlaneReady', 'NodesReady'] as const)
        d = setClusterCondition(
          d,
          name,
          { type, status: ready || type !== 'NodesReady' ? 'True' : 'False', reason: 'Seen' },
          at(minutes),
        );
      return ready ? setStage(d, 'ready', at(minutes)) : d;
    };
    return {
      planned,
      eu: job('mesh-eu', 5, true),
      us: job('mesh-us', 7, false),
      asia: job('mesh-asia', 6, true),
    };
  }

  it('takes each cluster from the job that observed it and the stage of the slowest job', async () => {
    const { eu, us, asia } = await matrixJobs();
    const { document } = mergeStatusDocuments([
      { document: eu, source: 'eu.json' },
      { document: us, source: 'us.json' },
      { document: asia, source: 'asia.json' },
    ]);
    expect(document.clusters.map((c) => `${c.name}:${c.state}`)).toEqual([
      'mesh-eu:ready',
      'mesh-us:provisioning',
      'mesh-asia:ready',
    ]);
    expect(document.stage).toBe('provisioning');
    expect(document.updatedAt).toBe('2026-11-24T10:07:00Z');
    expect(document.startedAt).toBe(eu.startedAt);
    expect(() => parseStatusDocument(document, 'merged')).not.toThrow();
  });

  it('is independent of the order of the files (property)', async () => {
    const { planned, eu, us, asia } = await matrixJobs();
    const inputs = [planned, eu, us, asia].map((document, i) => ({ document, source: `${i}.json` }));
    fc.assert(
      fc.property(fc.shuffledSubarray(inputs, { minLength: 4, maxLength: 4 }), (order) => {
        expect(mergeStatusDocuments(order).document).toEqual(mergeStatusDocuments(inputs).document);
      }),
      { numRuns: 30 },
    );
  });

  it('failed wins over progress, destroying over failed; errors are kept once', async () => {
    const { eu, us } = await matrixJobs();
    const failed = addError(
      us,
      { step: 'cluster', cluster: 'mesh-us', message: 'quota', at: '2026-11-24T10:08:00Z' },
      at(8),
    );
    const merged = mergeStatusDocuments([
      { document: eu, source: 'a' },
      { document: failed, source: 'b' },
      { document: failed, source: 'c' },
    ]).document;
    expect(merged.stage).toBe('failed');
    expect(merged.errors).toHaveLength(1);
    const destroying = setStage(eu, 'destroying', at(9));
    expect(
      mergeStatusDocuments([
        { document: failed, source: 'a' },
        { document: destroying, source: 'b' },
      ]).document.stage,
    ).toBe('destroying');
    const destroyed = setStage(eu, 'destroyed', at(9));
    expect(mergeStatusDocuments([{ document: destroyed, source: 'a' }]).document.stage).toBe('destroyed');
  });

  it('takes a mesh direction from the latest document that moved it past pending', async () => {
    const { eu, us } = await matrixJobs();
    const a = setMeshPairs(eu, [{ from: 'mesh-eu', to: 'mesh-us', state: 'ready' }], at(10));
    const b = setMeshPairs(
      us,
      [{ from: 'mesh-us', to: 'mesh-eu', state: 'failed', message: 'timeout' }],
      at(11),
    );
    const pairs = mergeStatusDocuments([
      { document: b, source: 'b' },
      { document: a, source: 'a' },
    ]).document.mesh.pairs;
    expect(pairs.find((p) => p.from === 'mesh-eu' && p.to === 'mesh-us')?.state).toBe('ready');
    expect(pairs.find((p) => p.from === 'mesh-us' && p.to === 'mesh-eu')?.state).toBe('failed');
    expect(pairs.filter((p) => p.state === 'pending')).toHaveLength(4);
  });

  it('refuses documents of two fleets, naming both files', async () => {
    const { eu, us } = await matrixJobs();
    expect(() =>
      mergeStatusDocuments([
        { document: eu, source: 'eu.json' },
        { document: { ...us, fleet: 'other' }, source: 'us.json' },
      ]),
    ).toThrow(/us\.json is for fleet 'other', eu\.json for fleet 'pr-1234-mesh'/);
    expect(() => mergeStatusDocuments([])).toThrow(UserError);
  });

  it('talos-fleet status merge writes and prints the merged report (dist/cli.js)', async () => {
    const { eu, us, asia } = await matrixJobs();
    const dir = await mkdtemp(join(tmpdir(), 'tf-merge-'));
    try {
      const files = { eu, us, asia };
      for (const [name, doc] of Object.entries(files))
        await writeFile(join(dir, `${name}.json`), JSON.stringify(doc));
      const r = await runDist('cli', {
        args: [
          'status',
          'merge',
          join(dir, 'eu.json'),
          join(dir, 'us.json'),
          join(dir, 'asia.json'),
          '--out',
          join(dir, 'merged.json'),
        ],
      });
      await removeRunnerDir(r.runnerDir);
      expect(r.stderr).toContain('merged 3 status documents');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Fleet pr-1234-mesh: provisioning');
      expect(r.stdout).toContain('#### Clusters (2/3 ready)');
      const merged = JSON.parse(await readFile(join(dir, 'merged.json'), 'utf8')) as StatusDocument;
      expect(merged.clusters.map((c) => c.state)).toEqual(['ready', 'provisioning', 'ready']);
      const bad = await runDist('cli', { args: ['status', 'merge'] });
      await removeRunnerDir(bad.runnerDir);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('needs at least one status document');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('rendering the new stages and sections', () => {
  it.each(FLEET_STAGES)('%s: the example renders its stage, network and conditions', async (stage) => {
    const doc = await example(stage);
    const md = renderStatus(doc).markdown;
    expect(md).toContain(`Fleet pr-1234-mesh: ${stage}`);
    if (doc.network) expect(md).toContain(`Network · ${doc.network.state}`);
  });

  it('lists what holds a cluster back and the machines', async () => {
    const md = renderStatus(await example('provisioning')).markdown;
    expect(md).toContain('- Machines: 3/3 created, 3 running');
    expect(md).toContain('- ⏳ NodesReady: False (WaitingForNodes): 2 of 3 nodes are Ready');
    expect(md).toContain('9 created · 0 updated · 0 deleted · 0 unchanged');
    const failed = renderStatus(await example('failed')).markdown;
    expect(failed).toContain('- ❌ Stalled: True (QuotaExceeded)');
  });
});
