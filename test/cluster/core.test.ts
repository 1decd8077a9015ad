import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { inputsSchema } from '../../src/actions/cluster/inputs.js';
import {
  checkGoogleCredentials,
  kubeconfigServer,
  redact,
  secretsIn,
} from '../../src/core/cluster/credentials.js';
import type { KubeObject } from '../../src/core/cluster/kube-object.js';
import { manifestObjects } from '../../src/core/cluster/manifests.js';
import { parseClusterPlan, selectClusters } from '../../src/core/cluster/plan-input.js';
import { clusterProgress, phaseDeadlineMs, progressLine } from '../../src/core/cluster/progress.js';
import { clusterctlInitArgs, decideProviders, requiredProviders } from '../../src/core/cluster/providers.js';
import { recordFailure, recordProgress, startProvisioning } from '../../src/core/cluster/status.js';
import { DEFAULT_VERSIONS } from '../../src/core/plan/versions.js';
import type { FleetPlan } from '../../src/core/plan/planner.js';
import { statusFromPlan } from '../../src/core/status/from-plan.js';
import { statusDocumentSchema } from '../../src/core/status/schema.js';
import { UserError } from '../../src/core/user-error.js';
import { repoRoot } from '../support/paths.js';

const golden = join(repoRoot, 'test/golden/plan/two-region-mesh');
const planText = readFileSync(join(golden, 'plan.json'), 'utf8');
const plan = parseClusterPlan(planText, 'plan.json');

const provider = (
  name: string,
  type: string,
  providerName: string,
  version: string,
  namespace: string,
): KubeObject => ({
  apiVersion: 'clusterctl.cluster.x-k8s.io/v1alpha3',
  kind: 'Provider',
  metadata: { name, namespace },
  type,
  providerName,
  version,
});

describe('providers', () => {
  const required = requiredProviders(DEFAULT_VERSIONS);
  const all = required.map((p) => provider(p.inventoryName, p.type, p.providerName, p.version, p.namespace));

  it('installs the four providers at the plan versions when the inventory is empty', () => {
    const d = decideProviders(required, []);
    expect(d.kind).toBe('install');
    expect(d.kind === 'install' && d.args).toEqual([
      'init',
      '--core',
      'cluster-api:v1.14.0',
      '--infrastructure',
      'gcp:v1.12.0',
      '--bootstrap',
      'talos:v0.6.12',
      '--control-plane',
      'talos:v0.5.13',
      '--wait-providers',
    ]);
  });

  it('finds them installed at the same versions', () => {
    expect(decideProviders(required, all)).toEqual({ kind: 'installed' });
  });

  it('installs only the missing ones', () => {
    const d = decideProviders(required, all.slice(0, 1));
    expect(d.kind === 'install' && d.missing.map((p) => p.inventoryName)).toEqual([
      'infrastructure-gcp',
      'bootstrap-talos',
      'control-plane-talos',
    ]);
    expect(clusterctlInitArgs(required.slice(1, 2))).toEqual([
      'init',
      '--infrastructure',
      'gcp:v1.12.0',
      '--wait-providers',
    ]);
  });

  it('refuses other versions, naming both and the fix, never upgrading', () => {
    const other = all.map((p) =>
      p.metadata.name === 'infrastructure-gcp' ? { ...p, version: 'v1.11.0' } : p,
    );
    const run = () => decideProviders(required, other);
    expect(run).toThrow(UserError);
    expect(run).toThrow(
      /infrastructure-gcp is installed at v1\.11\.0 in namespace capg-system, the plan pins v1\.12\.0/,
    );
    try {
      run();
    } catch (e) {
      expect((e as UserError).fix).toMatch(
        /versions\.capg: v1\.11\.0.*clusterctl upgrade apply --infrastructure capg-system\/gcp:v1\.12\.0/,
      );
    }
  });

  it('reports every mismatch at once', () => {
    const other = all.map((p) => ({ ...p, version: 'v0.0.1' }));
    try {
      decideProviders(required, other);
      expect.unreachable();
    } catch (e) {
      expect((e as UserError).details).toHaveLength(4);
    }
  });
});

const cond = (type: string, status: 'True' | 'False', reason = 'R', message = '') => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime: '2026-12-04T00:00:00Z',
});
const clusterObj = (status: Record<string, unknown>): KubeObject => ({
  apiVersion: 'cluster.x-k8s.io/v1beta2',
  kind: 'Cluster',
  metadata: { name: 'pr-42--us' },
  spec: {
    infrastructureRef: { name: 'pr-42--us' },
    controlPlaneRef: { name: 'pr-42--us-cp' },
    controlPlaneEndpoint: { host: '203.0.113.10', port: 443 },
  },
  status,
});
const machine = (name: string, cp: boolean, ip?: string): KubeObject => ({
  apiVersion: 'cluster.x-k8s.io/v1beta2',
  kind: 'Machine',
  metadata: { name, labels: cp ? { 'cluster.x-k8s.io/control-plane': '' } : {} },
  spec: ip ? { providerID: `gce://p/z/${name}` } : {},
  status: ip
    ? {
        addresses: [{ type: 'InternalIP', address: ip }],
        initialization: { infrastructureProvisioned: true },
        phase: 'Provisioned',
      }
    : {
        phase: 'Provisioning',
        conditions: [cond('InfrastructureReady', 'False', 'NotReady', 'GCPMachine status.ready is false')],
      },
});
const none = { kubeconfig: false, talosconfig: false };
const both = { kubeconfig: true, talosconfig: true };

describe('cluster progress', () => {
  it('waits for the infrastructure first, with the condition as evidence', () => {
    const p = clusterProgress(
      {
        cluster: clusterObj({
          conditions: [cond('InfrastructureReady', 'False', 'NotReady', 'GCPCluster status.ready is false')],
        }),
        controlPlane: undefined,
        machineDeployments: [],
        machines: [],
        secrets: none,
      },
      2,
    );
    expect(p.phase).toBe('infrastructure');
    expect(p.evidence).toEqual([
      'Cluster pr-42--us: InfrastructureReady=False (NotReady): GCPCluster status.ready is false',
    ]);
    expect(p.culprits[0]).toEqual({ kind: 'GCPCluster', name: 'pr-42--us' });
  });

  it('then for ControlPlaneInitialized, with the TalosControlPlane conditions that are False', () => {
    const tcp: KubeObject = {
      apiVersion: 'controlplane.cluster.x-k8s.io/v1alpha3',
      kind: 'TalosControlPlane',
      metadata: { name: 'pr-42--us-cp' },
      status: {
        conditions: [
          cond(
            'MachinesBootstrapped',
            'False',
            'WaitingForTalosBoot',
            'dial tcp 10.0.0.2:50000: i/o timeout',
          ),
        ],
      },
    };
    const p = clusterProgress(
      {
        cluster: clusterObj({
          initialization: { infrastructureProvisioned: true },
          conditions: [
            cond('ControlPlaneInitialized', 'False', 'NotInitialized', 'Control plane not yet initialized'),
          ],
        }),
        controlPlane: tcp,
        machineDeployments: [],
        machines: [machine('pr-42--us-cp-abcde', true, '10.0.0.2')],
        secrets: none,
      },
      2,
    );
    expect(p.phase).toBe('control-plane');
    expect(p.evidence).toContain(
      'TalosControlPlane pr-42--us-cp: MachinesBootstrapped=False (WaitingForTalosBoot): dial tcp 10.0.0.2:50000: i/o timeout',
    );
    expect(p.endpoint).toBe('https://203.0.113.10:443');
  });

  const initialised = clusterObj({
    initialization: { infrastructureProvisioned: true, controlPlaneInitialized: true },
  });

  it('then for both secrets', () => {
    const p = clusterProgress(
      {
        cluster: initialised,
        controlPlane: undefined,
        machineDeployments: [],
        machines: [],
        secrets: { kubeconfig: true, talosconfig: false },
      },
      1,
    );
    expect(p.phase).toBe('secrets');
    expect(p.evidence[0]).toMatch(/pr-42--us-talosconfig/);
  });

  it('then for every machine to have an InternalIP, naming the ones without', () => {
    const machines = [
      machine('cp', true, '10.0.0.2'),
      machine('w1', false, '10.0.0.3'),
      machine('w2', false),
    ];
    const p = clusterProgress(
      { cluster: initialised, controlPlane: undefined, machineDeployments: [], machines, secrets: both },
      3,
    );
    expect(p.phase).toBe('addresses');
    expect(p.machines).toEqual({ desired: 3, created: 3, running: 2, withAddresses: 2 });
    expect(p.evidence.join('\n')).toMatch(
      /Machine w2: no InternalIP yet \(phase Provisioning; no providerID; InfrastructureReady=False \(NotReady\): GCPMachine status.ready is false\)/,
    );
    expect(progressLine('us', p)).toBe(
      'us: waiting for every machine with an InternalIP · machines 3/3 created, 2 running, 2 with addresses',
    );
  });

  it('counts machines not yet created', () => {
    const p = clusterProgress(
      {
        cluster: initialised,
        controlPlane: undefined,
        machineDeployments: [],
        machines: [machine('cp', true, '10.0.0.2')],
        secrets: both,
      },
      3,
    );
    expect(p.phase).toBe('addresses');
    expect(p.evidence[0]).toBe('1 of 3 machines created');
  });

  it('is done when every gate passed', () => {
    const p = clusterProgress(
      {
        cluster: initialised,
        controlPlane: undefined,
        machineDeployments: [],
        machines: [machine('cp', true, '10.0.0.2')],
        secrets: both,
      },
      1,
    );
    expect(p.phase).toBeUndefined();
    expect(progressLine('us', p)).toMatch(/^us: ready/);
  });

  it('gives each phase a growing share of the timeout', () => {
    expect([
      phaseDeadlineMs('infrastructure', 1000),
      phaseDeadlineMs('control-plane', 1000),
      phaseDeadlineMs('secrets', 1000),
      phaseDeadlineMs('addresses', 1000),
    ]).toEqual([250, 750, 800, 1000]);
  });
});

describe('credentials', () => {
  const kubeconfig = `apiVersion: v1
kind: Config
current-context: a
contexts: [{name: a, context: {cluster: c, user: u}}]
clusters: [{name: c, cluster: {server: 'https://10.1.2.3:6443', certificate-authority-data: Q0EK}}]
users: [{name: u, user: {token: sekret-token-123456, client-key-data: ${Buffer.from('-----BEGIN EC PRIVATE KEY-----\nabc\n-----END EC PRIVATE KEY-----\n').toString('base64')}}}]
`;
  it('finds the secrets of a kubeconfig, base64 ones decoded too', () => {
    const s = secretsIn(kubeconfig);
    expect(s).toContain('sekret-token-123456');
    expect(s.some((x) => x.includes('BEGIN EC PRIVATE KEY'))).toBe(true);
    expect(kubeconfigServer(kubeconfig)).toBe('https://10.1.2.3:6443');
  });

  it('finds the keys of a talosconfig and of a service-account key', () => {
    expect(
      secretsIn('context: a\ncontexts:\n  a:\n    ca: Y2FjYWNh\n    crt: Y3J0Y3J0\n    key: a2V5a2V5\n'),
    ).toEqual(expect.arrayContaining(['Y3J0Y3J0', 'a2V5a2V5']));
    expect(
      secretsIn(
        JSON.stringify({
          type: 'service_account',
          private_key: '-----BEGIN PRIVATE KEY-----\nx\n',
          private_key_id: 'abcdef0123',
        }),
      ),
    ).toEqual(expect.arrayContaining(['abcdef0123']));
  });

  it('redacts known secrets and secret-looking text', () => {
    expect(redact('token=sekret-token-123456 and more', ['sekret-token-123456'])).not.toContain('sekret');
    expect(redact('-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----', [])).toBe(
      '[redacted]',
    );
  });

  it('accepts service-account and external_account files, refuses others', () => {
    expect(checkGoogleCredentials('{"type":"external_account"}', 'c.json').type).toBe('external_account');
    expect(() => checkGoogleCredentials('{"type":"authorized_user"}', 'c.json')).toThrow(
      /type 'authorized_user'/,
    );
    expect(() => checkGoogleCredentials('nope', 'c.json')).toThrow(/not JSON/);
  });
});

describe('plan and manifests', () => {
  it('reads the plan and every object of a cluster.yaml into the plan namespace', () => {
    expect(plan.clusters.map((c) => c.name)).toEqual(['eu', 'us']);
    const objects = manifestObjects(
      readFileSync(join(golden, 'us/cluster.yaml'), 'utf8'),
      'us/cluster.yaml',
      'default',
    );
    const kinds = objects.map((o) => o.kind);
    expect(kinds.slice(0, 3)).toEqual(['Cluster', 'GCPCluster', 'TalosControlPlane']);
    expect(new Set(kinds)).toEqual(
      new Set([
        'Cluster',
        'GCPCluster',
        'TalosControlPlane',
        'GCPMachineTemplate',
        'MachineDeployment',
        'TalosConfigTemplate',
        'MachineHealthCheck',
      ]),
    );
    expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(new Set(['default']));
  });

  it('selects a subset and names an unknown cluster with a suggestion', () => {
    expect(selectClusters(plan, ['us']).map((c) => c.name)).toEqual(['us']);
    expect(() => selectClusters(plan, ['uss'])).toThrow(/'uss' is not a cluster of fleet pr-42/);
    try {
      selectClusters(plan, ['uss']);
    } catch (e) {
      expect((e as UserError).fix).toMatch(/did you mean 'us'/);
    }
  });

  it('refuses a file that is not a plan', () => {
    expect(() => parseClusterPlan('{"kind":"Other"}', 'x.json')).toThrow(UserError);
    expect(() => parseClusterPlan('{', 'x.json')).toThrow(/not JSON/);
  });
});

describe('inputs', () => {
  const action = parse(readFileSync(join(repoRoot, 'cluster/action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  it('has a schema key for every action.yml input, defaults agreeing', () => {
    expect(Object.keys(inputsSchema.shape).sort()).toEqual(Object.keys(action.inputs).sort());
    const parsed = inputsSchema.parse({});
    expect(parsed.plan).toBe(action.inputs.plan?.default);
    expect(parsed.management).toBe(action.inputs.management?.default);
    expect(parsed.timeout).toBe(30 * 60_000);
    expect(parsed['out-dir']).toBe(action.inputs['out-dir']?.default);
    expect(parsed['status-file']).toBe(action.inputs['status-file']?.default);
  });
  it('refuses a bad timeout and management mode', () => {
    expect(inputsSchema.safeParse({ timeout: 'soon' }).success).toBe(false);
    expect(inputsSchema.safeParse({ management: 'gke' }).success).toBe(false);
  });
});

describe('status changes', () => {
  const { document: doc } = statusFromPlan(JSON.parse(planText) as FleetPlan, {
    now: new Date('2026-12-04T10:00:00Z'),
  });
  const [eu] = plan.clusters;
  const at = (t: string) => new Date(`2026-12-04T${t}Z`);
  it('moves clusters to provisioning with conditions and machines, then a failure with diagnostics', () => {
    let d = startProvisioning(doc, plan.clusters, at('10:01:00'));
    expect(d.stage).toBe('provisioning');
    expect(d.clusters[0]?.timings.startedAt).toBe('2026-12-04T10:01:00Z');
    d = recordProgress(
      d,
      eu!,
      {
        phase: 'addresses',
        machines: { desired: 3, created: 3, running: 1, withAddresses: 1 },
        items: [
          {
            name: 'pr-42--eu-cp-abcde',
            role: 'control-plane',
            zone: 'europe-west1-b',
            internalIp: '192.168.1.2',
          },
        ],
        endpoint: 'https://203.0.113.10:443',
        evidence: ['1 of 3 machines created'],
        culprits: [],
      },
      at('10:02:00'),
    );
    const eu1 = d.clusters[0];
    expect(eu1?.controlPlaneEndpoint).toBe('https://203.0.113.10:443');
    expect(eu1?.state).toBe('provisioning');
    expect(eu1?.machines).toMatchObject({
      desired: 3,
      created: 3,
      running: 1,
      items: [{ internalIp: '192.168.1.2' }],
    });
    expect(eu1?.conditions.map((c) => `${c.type}=${c.status}/${c.reason}`)).toEqual([
      'InfrastructureReady=True/Provisioned',
      'ControlPlaneReady=True/Initialized',
      'NodesReady=False/WaitingForMachines',
    ]);
    d = recordFailure(d, eu!, { message: 'eu timed out', diagnostics: 'describe…' }, at('10:03:00'));
    expect(d.stage).toBe('failed');
    expect(d.clusters[0]?.state).toBe('failed');
    expect(d.errors[0]).toMatchObject({
      step: 'cluster',
      cluster: 'eu',
      message: 'eu timed out',
      diagnostics: 'describe…',
    });
    expect(statusDocumentSchema.safeParse(d).success).toBe(true);
    // A re-run clears this step's old errors and the Stalled condition for the clusters it runs.
    const again = startProvisioning(d, [eu!], at('10:04:00'));
    expect(again.errors).toEqual([]);
    expect(again.clusters[0]?.state).toBe('provisioning');
  });
});
