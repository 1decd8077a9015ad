import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sameEndpoint } from '../../src/core/mesh/kubeconfig-check.js';
import { buildMatrix, matrixOk, matrixSummary, OK, unreachableReason } from '../../src/core/mesh/matrix.js';
import { describeNodeReport, nodeReport, nodeViews, UNINITIALIZED_TAINT } from '../../src/core/mesh/nodes.js';
import { CLUSTER_NAME_LABEL, clusterEndpoints, machineViews, peersOf } from '../../src/core/mesh/peers.js';
import { lastLine, redactOutput } from '../../src/core/mesh/redact.js';
import { connectingPairs, finalPairs } from '../../src/core/mesh/status.js';
import {
  assertChartPeers,
  canonical,
  changedPaths,
  chartCa,
  chartPeerProblems,
  clusterValues,
  REDACTED,
  redactValues,
} from '../../src/core/mesh/values.js';
import {
  namespace,
  probeAnswers,
  verificationObjects,
  GLOBAL_ANNOTATION,
} from '../../src/core/mesh/verify.js';
import { caFromJson, caToJson } from '../../src/core/mesh/ca.js';
import { repoRoot, schemasAvailable } from '../support/paths.js';
import { formatAjvErrors, jsonSchemaValidator } from '../support/schemas.js';

const machine = (name: string, cluster: string, ips: string[], extra: Record<string, unknown> = {}) => ({
  apiVersion: 'cluster.x-k8s.io/v1beta2',
  kind: 'Machine',
  metadata: { name, namespace: 'default', labels: { [CLUSTER_NAME_LABEL]: cluster }, ...extra },
  status: {
    addresses: [
      ...ips.map((address) => ({ type: 'InternalIP', address })),
      { type: 'ExternalIP', address: '203.0.113.9' },
      { type: 'InternalDNS', address: `${name}.c.project.internal` },
    ],
  },
});

const plan = [
  { name: 'eu', capiName: 'f--eu', peers: ['us', 'asia'] },
  { name: 'us', capiName: 'f--us', peers: ['eu', 'asia'] },
  { name: 'asia', capiName: 'f--asia', peers: ['eu', 'us'] },
];

describe('peers from Machines', () => {
  const machines = machineViews([
    machine('eu-cp-1', 'f--eu', ['192.168.1.10']),
    machine('eu-w-2', 'f--eu', ['192.168.1.9']),
    machine('eu-w-1', 'f--eu', ['192.168.1.11', '192.168.1.10']),
    machine('us-cp-1', 'f--us', ['192.168.2.10']),
    machine('us-old', 'f--us', ['192.168.2.99'], { deletionTimestamp: '2026-12-04T18:00:00Z' }),
    machine('asia-cp-1', 'f--asia', ['192.168.3.10']),
  ]);

  it('lists every InternalIP of each cluster (sorted, once), leaving out ExternalIPs and Machines being deleted', () => {
    const endpoints = clusterEndpoints(plan, machines, 32379);
    expect(endpoints.get('eu')).toEqual({
      name: 'eu',
      port: 32379,
      ips: ['192.168.1.9', '192.168.1.10', '192.168.1.11'],
    });
    expect(endpoints.get('us')?.ips).toEqual(['192.168.2.10']);
    expect(peersOf(plan[0] as (typeof plan)[0], endpoints).map((p) => p.name)).toEqual(['us', 'asia']);
  });

  it('fails naming every cluster without an address, before anything is installed', () => {
    const partial = machineViews([
      machine('eu-cp-1', 'f--eu', ['192.168.1.10']),
      machine('us-cp-1', 'f--us', []),
    ]);
    expect(() => clusterEndpoints(plan, partial, 32379)).toThrow(/2 clusters have no Machine addresses yet/);
    try {
      clusterEndpoints(plan, partial, 32379);
    } catch (error) {
      const text = (error as { describe(): string }).describe();
      expect(text).toContain("cluster 'us' has no Machine with an InternalIP");
      expect(text).toContain("cluster 'asia'");
      expect(text).not.toContain("cluster 'eu'");
    }
  });
});

describe('values for one cluster', () => {
  const base = {
    cluster: { name: 'eu', id: 1 },
    ipam: { mode: 'kubernetes' },
    clustermesh: { useAPIServer: true, config: { enabled: true, domain: 'mesh.cilium.io', clusters: [] } },
  };
  const peers = [
    { name: 'us', port: 32379, ips: ['192.168.2.10'] },
    { name: 'asia', port: 32379, ips: ['192.168.3.10'] },
  ];
  const ca = chartCa({
    certPem: '-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n',
    keyPem: '-----BEGIN PRIVATE KEY-----\nBBB\n-----END PRIVATE KEY-----\n',
  });

  it('adds the peers with their addresses and the CA as base64 PEM, leaving the plan untouched', () => {
    const values = clusterValues(base, { meshEnabled: true, peers, ca });
    expect(values.clustermesh).toEqual({
      useAPIServer: true,
      config: { enabled: true, domain: 'mesh.cilium.io', clusters: peers },
    });
    expect(Buffer.from((values.tls as { ca: { cert: string } }).ca.cert, 'base64').toString()).toContain(
      'BEGIN CERTIFICATE',
    );
    expect(base.clustermesh.config.clusters).toEqual([]);
    expect(chartPeerProblems(values)).toEqual([]);
    expect(redactValues(values)).toMatchObject({ tls: { ca: { key: REDACTED } } });
  });

  it('replaces whatever peers the plan wrote (the old ips: [] form included)', () => {
    const old = {
      ...base,
      clustermesh: { config: { enabled: true, clusters: [{ name: 'us', port: 1, ips: [] }] } },
    };
    expect(chartPeerProblems(old)).toEqual(["peer 'us' has neither ips nor address"]);
    expect(chartPeerProblems(clusterValues(old, { meshEnabled: true, peers, ca: undefined }))).toEqual([]);
  });

  it('without the mesh, installs the plan values as they are', () => {
    expect(clusterValues(base, { meshEnabled: false, peers, ca })).toEqual(base);
  });

  it("applies the chart's rule to the list and the map form, skipping disabled peers", () => {
    const values = (clusters: unknown) => ({ clustermesh: { config: { enabled: true, clusters } } });
    expect(
      chartPeerProblems(
        values([
          { name: 'a', port: 1, address: 'a.example' },
          { name: 'b', ips: ['1.2.3.4'] },
        ]),
      ),
    ).toEqual([]);
    expect(chartPeerProblems(values({ a: { port: 1 }, b: { enabled: false }, c: { address: 'c' } }))).toEqual(
      ["peer 'a' has neither ips nor address"],
    );
    expect(
      chartPeerProblems({ clustermesh: { config: { enabled: false, clusters: [{ name: 'x' }] } } }),
    ).toEqual([]);
    expect(() => assertChartPeers('eu', values([{ name: 'us', ips: [''] }]))).toThrow(
      /cluster 'eu' would not render: peer 'us'/,
    );
  });

  it('names only the peer list when a cluster is added, and nothing on a re-run', () => {
    const before = clusterValues(base, { meshEnabled: true, peers: peers.slice(0, 1), ca });
    const after = clusterValues(base, { meshEnabled: true, peers, ca });
    expect(changedPaths(before, after)).toEqual(['clustermesh.config.clusters']);
    expect(changedPaths(after, structuredClone(after))).toEqual([]);
    expect(canonical({ b: 1, a: { d: 2, c: 3 } })).toBe(canonical({ a: { c: 3, d: 2 }, b: 1 }));
  });

  it('changedPaths is empty exactly when the canonical forms are equal', () => {
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom('a', 'b'),
        fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
        fc.dictionary(fc.constantFrom('x', 'y', 'z'), tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(
        tree,
        tree,
        (a, b) => (changedPaths(a, b).length === 0) === (canonical(a) === canonical(b)),
      ),
    );
  });
});

describe('the matrix', () => {
  const names = ['eu', 'us', 'asia'];
  it('has every ordered pair of distinct clusters', () => {
    const m = buildMatrix(names, () => undefined);
    expect(Object.keys(m)).toEqual(names);
    expect(m.eu).toEqual({ us: OK, asia: OK });
    expect(matrixOk(m)).toBe(true);
    expect(matrixSummary(m)).toBe('all 6 pairs ok');
    expect(connectingPairs(names)).toHaveLength(6);
    expect(finalPairs(m).every((p) => p.state === 'ready')).toBe(true);
  });

  it('names a failed cluster in its row and in every pair towards it', () => {
    const failed = new Map([['us', 'agents not connected']]);
    const m = buildMatrix(names, (f, t) => unreachableReason(failed, f, t));
    expect(m.us).toEqual({ eu: 'us: agents not connected', asia: 'us: agents not connected' });
    expect(m.eu?.us).toBe('us: agents not connected');
    expect(m.eu?.asia).toBe(OK);
    expect(matrixOk(m)).toBe(false);
    expect(matrixSummary(m)).toMatch(/^4 of 6 pairs failed: eu→us/);
    expect(finalPairs(m).find((p) => p.from === 'us')).toMatchObject({
      state: 'failed',
      message: 'us: agents not connected',
    });
  });
});

describe('nodes and the cloud controller manager', () => {
  const node = (name: string, ready: boolean, providerID?: string, tainted = false) => ({
    metadata: { name },
    spec: {
      ...(providerID ? { providerID } : {}),
      ...(tainted ? { taints: [{ key: UNINITIALIZED_TAINT, effect: 'NoSchedule' }] } : {}),
    },
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  });
  it('is done only when every expected node is Ready, has a providerID and lost the taint', () => {
    const r = nodeReport(
      nodeViews([
        node('a', true, 'gce://p/z/a'),
        node('b', true, undefined, true),
        node('c', false, 'gce://p/z/c'),
      ]),
      4,
    );
    expect(r).toMatchObject({ done: false, notReady: ['c'], uninitialized: ['b'], ready: 2 });
    expect(describeNodeReport(r, 4)).toBe(
      '2/4 nodes Ready; 1 not registered yet; not Ready: c; not initialised by the cloud controller manager: b',
    );
    expect(nodeReport(nodeViews([node('a', true, 'gce://p/z/a')]), 1).done).toBe(true);
  });
});

describe('verification objects', () => {
  it('answer with the cluster name behind a global Service, in a restricted namespace', () => {
    const objects = verificationObjects('eu');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the objects freely
    const [ns, echo, service, probe] = objects as Record<string, any>[];
    expect(ns?.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(JSON.stringify(echo)).toContain('-text=eu');
    expect(service?.metadata.annotations[GLOBAL_ANNOTATION]).toBe('true');
    for (const d of [echo, probe]) {
      const c = d?.spec.template.spec.containers[0];
      expect(c.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        runAsNonRoot: true,
        capabilities: { drop: ['ALL'] },
      });
    }
    expect(namespace('x', 'privileged').metadata).toMatchObject({
      labels: { 'pod-security.kubernetes.io/enforce': 'privileged' },
    });
    expect([...probeAnswers('answered-by=us\nnoise\n  answered-by=asia\nanswered-by=us\n')]).toEqual([
      'us',
      'asia',
    ]);
  });
});

describe('endpoints, redaction and the CA record', () => {
  it('compares endpoints by scheme, host and port', () => {
    expect(sameEndpoint('https://API.example:6443', 'https://api.example:6443/')).toBe(true);
    expect(sameEndpoint('https://api.example', 'https://api.example:443')).toBe(true);
    expect(sameEndpoint('https://10.0.0.1:6443', 'https://10.0.0.2:6443')).toBe(false);
    expect(sameEndpoint('not a url ::', 'https://x')).toBe(false);
  });

  it('removes secrets, colours and workflow commands from tool output', () => {
    const out = redactOutput(
      '\u001b[31mok\u001b[0m\n::error::boom\nkey SECRETSECRET here\n-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----',
      ['SECRETSECRET'],
    );
    expect(out).toBe('| ok\n| ::error::boom\n| key [redacted] here\n| [redacted]');
    expect(out.split('\n').every((l) => !l.trimStart().startsWith('::'))).toBe(true);
    expect(lastLine('a\nError: it failed SECRETSECRET\n\n', ['SECRETSECRET'])).toBe(
      'Error: it failed [redacted]',
    );
    expect(redactOutput(Array.from({ length: 100 }, (_, i) => String(i)).join('\n'), [], 3)).toBe(
      '| … 97 earlier lines left out\n| 97\n| 98\n| 99',
    );
  });

  it('reads back only its own CA record', () => {
    const ca = { certPem: 'c', keyPem: 'k' };
    expect(caFromJson(caToJson(ca))).toEqual(ca);
    expect(caFromJson('{"cert":"c","key":"k"}')).toBeUndefined();
    expect(caFromJson('nope')).toBeUndefined();
  });
});

describe('values from every golden plan', () => {
  it.skipIf(!schemasAvailable)(
    "pass the chart's values.schema.json and its peer rule once peers and the CA are added",
    async () => {
      const validate = jsonSchemaValidator('cilium/1.20.0-dev-0079af0/values.schema.json');
      const ca = chartCa({ certPem: 'c', keyPem: 'k' });
      for (const dir of ['single-cluster', 'two-region-mesh', 'three-region-mesh']) {
        const planJson = JSON.parse(
          readFileSync(join(repoRoot, 'test/golden/plan', dir, 'plan.json'), 'utf8'),
        );
        for (const c of planJson.clusters as {
          name: string;
          peers: string[];
          files: { ciliumValues: string };
        }[]) {
          const base = parse(
            readFileSync(join(repoRoot, 'test/golden/plan', dir, c.files.ciliumValues), 'utf8'),
          );
          const peers = c.peers.map((name, i) => ({ name, port: 32379, ips: [`192.168.${i}.10`] }));
          const values = clusterValues(base, { meshEnabled: planJson.mesh.enabled, peers, ca });
          expect(validate(values), `${dir}/${c.name}: ${formatAjvErrors(validate)}`).toBe(true);
          expect(chartPeerProblems(values)).toEqual([]);
        }
      }
    },
  );
});
