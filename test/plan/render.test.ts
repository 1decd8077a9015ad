import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parseDocument } from 'yaml';
import { isGceName, labelProblems, parseLabelsDescription } from '../../src/core/gcp-names.js';
import { renderCiliumValues } from '../../src/core/plan/cilium-values.js';
import { MAX_SOURCE_RANGES } from '../../src/core/plan/network.js';
import { resolveFleet } from '../../src/core/plan/planner.js';
import { parseFleetSpec } from '../../src/core/fleet/parse.js';
import { renderTalosPatches } from '../../src/core/plan/talos-patches.js';
import { repoRoot, schemasAvailable, schemasMissingReason } from '../support/paths.js';
import {
  crdSchemaValidator,
  formatAjvErrors,
  jsonSchemaValidator,
  talosDocumentValidator,
  validateObjectMeta,
} from '../support/schemas.js';
import { clustermeshConfigProblems } from '../support/cilium-chart.js';
import { EXAMPLES, NOW, errorsOf, exampleText, mustPlan, specText } from './helpers.js';

const CRDS: Record<string, { file: string; version: string }> = {
  'cluster.x-k8s.io/v1beta2/Cluster': {
    file: 'cluster-api/v1.14.0/cluster.x-k8s.io_clusters.yaml',
    version: 'v1beta2',
  },
  'cluster.x-k8s.io/v1beta2/MachineDeployment': {
    file: 'cluster-api/v1.14.0/cluster.x-k8s.io_machinedeployments.yaml',
    version: 'v1beta2',
  },
  'cluster.x-k8s.io/v1beta2/MachineHealthCheck': {
    file: 'cluster-api/v1.14.0/cluster.x-k8s.io_machinehealthchecks.yaml',
    version: 'v1beta2',
  },
  'infrastructure.cluster.x-k8s.io/v1beta1/GCPCluster': {
    file: 'cluster-api-provider-gcp/v1.12.0/infrastructure.cluster.x-k8s.io_gcpclusters.yaml',
    version: 'v1beta1',
  },
  'infrastructure.cluster.x-k8s.io/v1beta1/GCPMachineTemplate': {
    file: 'cluster-api-provider-gcp/v1.12.0/infrastructure.cluster.x-k8s.io_gcpmachinetemplates.yaml',
    version: 'v1beta1',
  },
  'controlplane.cluster.x-k8s.io/v1alpha3/TalosControlPlane': {
    file: 'cluster-api-control-plane-provider-talos/v0.5.12/controlplane.cluster.x-k8s.io_taloscontrolplanes.yaml',
    version: 'v1alpha3',
  },
  'bootstrap.cluster.x-k8s.io/v1alpha3/TalosConfigTemplate': {
    file: 'cluster-api-bootstrap-provider-talos/v0.6.12/bootstrap.cluster.x-k8s.io_talosconfigtemplates.yaml',
    version: 'v1alpha3',
  },
};

function crdErrors(object: { apiVersion: string; kind: string; metadata: unknown }): string {
  const crd = CRDS[`${object.apiVersion}/${object.kind}`];
  if (!crd) return `no CRD for ${object.apiVersion} ${object.kind}`;
  const validate = crdSchemaValidator(crd.file, crd.version);
  const problems = validate(object) ? [] : [formatAjvErrors(validate)];
  return [...problems, ...validateObjectMeta(object.metadata)].join('\n');
}

/** A strategic patch is a partial document: `required` cannot apply, and `$patch` is a merge directive. */
function talosPatchErrors(patch: string, schemaVersion: string): string[] {
  const out: string[] = [];
  for (const doc of parseAllDocuments(patch)) {
    const value = doc.toJS() as Record<string, unknown>;
    delete value.$patch;
    const validate = talosDocumentValidator(schemaVersion, value);
    if (validate(value)) continue;
    const real = (validate.errors ?? []).filter((e) => e.keyword !== 'required');
    if (real.length)
      out.push(
        `${JSON.stringify(value)}: ${real.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`).join('; ')}`,
      );
  }
  return out;
}

const ciliumSchema = 'cilium/1.20.0-dev-0079af0/values.schema.json';

describe.skipIf(!schemasAvailable)('rendered artifacts validate against the upstream schemas', () => {
  for (const example of EXAMPLES) {
    it(`${example}: every Cluster API object passes its CRD, closed against unknown fields`, () => {
      const { files } = mustPlan(exampleText(example));
      const manifests = files.filter((f) => f.path.endsWith('/cluster.yaml'));
      expect(manifests.length).toBeGreaterThan(0);
      for (const f of manifests) {
        const docs = parseAllDocuments(f.content).map((d) => d.toJS());
        const zones = docs.filter((d) => d.kind === 'MachineDeployment').length;
        expect(zones).toBeGreaterThanOrEqual(2);
        expect(docs.map((d) => d.kind)).toEqual([
          'Cluster',
          'GCPCluster',
          'TalosControlPlane',
          'GCPMachineTemplate',
          ...Array.from({ length: zones }, () => 'MachineDeployment'),
          'GCPMachineTemplate',
          'TalosConfigTemplate',
          'MachineHealthCheck',
        ]);
        for (const d of docs) expect(crdErrors(d), `${f.path} ${d.kind}`).toBe('');
      }
    });

    it(`${example}: Cilium values pass the chart's values schema`, () => {
      const { files } = mustPlan(exampleText(example));
      const validate = jsonSchemaValidator(ciliumSchema);
      for (const f of files.filter((x) => x.path.endsWith('cilium-values.yaml'))) {
        const values = parseAllDocuments(f.content)[0]!.toJS();
        expect(validate(values), `${f.path}\n${formatAjvErrors(validate)}`).toBe(true);
      }
    });
  }

  it('a typo in a field name fails the closed CRD schema', () => {
    const { files } = mustPlan(exampleText('two-region-mesh'));
    const cluster = parseAllDocuments(files.find((f) => f.path === 'eu/cluster.yaml')!.content)[0]!.toJS();
    cluster.spec.clusterNetwork.pod = cluster.spec.clusterNetwork.pods;
    delete cluster.spec.clusterNetwork.pods;
    expect(crdErrors(cluster)).toMatch(/additionalProperties|must NOT have additional properties/);
  });

  it('Talos patches match the Talos 1.13 schema (classic) and the 1.14 schema (multi-document)', () => {
    const classic = renderTalosPatches('v1.13.9', 'v1.12.0');
    for (const p of [...classic.controlPlane, ...classic.workers])
      expect(talosPatchErrors(p, 'v1.13.9')).toEqual([]);
    expect(classic.controlPlane[0]).toContain('name: none');
    expect(classic.controlPlane[0]).toContain('disabled: true');
    const multi = renderTalosPatches('v1.14.0', 'v1.12.0');
    for (const p of [...multi.controlPlane, ...multi.workers])
      expect(talosPatchErrors(p, 'v1.14.0-rc.1')).toEqual([]);
    expect(multi.controlPlane[0]).toContain('kind: KubeFlannelCNIConfig\n$patch: delete');
    expect(multi.controlPlane[0]).toContain('kind: KubeProxyConfig\nenabled: false');
    // The classic form is refused by the 1.14 schema, which is why the form switches.
    expect(talosPatchErrors(classic.controlPlane[1]!, 'v1.14.0-rc.1')).not.toEqual([]);
  });

  it('a misspelt Talos key fails the patch check', () => {
    expect(talosPatchErrors('cluster:\n  network:\n    cnii: {name: none}\n', 'v1.13.9')).not.toEqual([]);
  });

  it('a Talos 1.14 fleet renders multi-document patches that validate inside the CRDs', () => {
    const { files } = mustPlan(
      specText((d) => {
        d.spec.versions.talos = 'v1.14.0';
        d.spec.versions.kubernetes = 'v1.36.1';
        d.spec.versions.cabpt = 'v0.6.12'; // Talos 1.14 needs an explicit bootstrap provider pin
      }),
    );
    const docs = parseAllDocuments(files.find((f) => f.path === 'eu/cluster.yaml')!.content).map((d) =>
      d.toJS(),
    );
    for (const d of docs) expect(crdErrors(d)).toBe('');
    const tcp = docs.find((d) => d.kind === 'TalosControlPlane');
    expect(tcp.spec.controlPlaneConfig.controlplane.talosVersion).toBe('v1.14');
    for (const p of tcp.spec.controlPlaneConfig.controlplane.strategicPatches)
      expect(talosPatchErrors(p, 'v1.14.0-rc.1')).toEqual([]);
  });
});

it.runIf(!schemasAvailable)('reports why the schema checks were skipped', () => {
  console.warn(`skipped upstream schema checks: ${schemasMissingReason}`);
});

/**
 * Fields a request body may set on a Compute API resource, read from the @googleapis/compute type
 * definitions: every field except those documented as output only or as not settable in the body
 * (taken from the request URL, like Router.region).
 */
function computeFields(schema: string): Set<string> {
  const dts = readFileSync(join(repoRoot, 'node_modules/@googleapis/compute/build/v1.d.ts'), 'utf8');
  const start = dts.indexOf(`interface Schema$${schema} {`);
  const end = dts.indexOf('\n    }\n', start);
  const body = dts.slice(start, end);
  const fields = [...body.matchAll(/^(?: {8}\/\*\*\n((?: {9}\*.*\n)*?) {9}\*\/\n)? {8}(\w+)\??:/gm)];
  expect(fields.length).toBe([...body.matchAll(/^ {8}(\w+)\??:/gm)].length);
  return new Set(
    fields
      .filter(
        (m) =>
          !/\[Output Only\]|not settable as a field in the request body/.test(
            (m[1] ?? '').replace(/\n\s*\* ?/g, ' '),
          ),
      )
      .map((m) => m[2]!),
  );
}

describe('GCP network plan', () => {
  const { plan } = mustPlan(exampleText('three-region-mesh'));
  const net = plan.network;

  it('uses only fields the Compute API knows, in its resource shapes', () => {
    const check = (schema: string, objects: object[]) => {
      const fields = computeFields(schema);
      expect(fields.size).toBeGreaterThan(5);
      for (const o of objects)
        for (const k of Object.keys(o)) expect(fields.has(k), `${schema}.${k}`).toBe(true);
    };
    check('Network', [net.network!]);
    check('Subnetwork', net.subnetworks);
    check(
      'Router',
      net.routers.map((r) => r.router),
    );
    check(
      'RouterNat',
      net.routers.flatMap((r) => r.router.nats ?? []),
    );
    check('Firewall', net.firewalls);
    check('HealthCheck', net.healthChecks);
    check(
      'TCPHealthCheck',
      net.healthChecks.map((h) => h.tcpHealthCheck!),
    );
    expect(computeFields('Router').has('region')).toBe(false);
    expect(computeFields('Subnetwork').has('region')).toBe(true);
    expect(computeFields('Firewall').has('selfLink')).toBe(false);
  });

  it('names every resource GCP-validly, with the fleet prefix, and describes it in parseable form', () => {
    const named = [
      net.network!,
      ...net.subnetworks,
      ...net.routers.map((r) => r.router),
      ...net.firewalls,
      ...net.healthChecks,
    ];
    for (const r of named) {
      expect(isGceName(r.name!), r.name!).toBe(true);
      expect(r.name!.startsWith('mesh3--')).toBe(true);
      expect(parseLabelsDescription(r.description!)).toEqual(plan.fleet.labels);
    }
  });

  it('opens only apid 50000 from the Talos API ranges to control planes, and leaves the in-cluster and 6443 traffic to CAPG', () => {
    const apid = net.firewalls.find((f) => f.name === 'mesh3--eu-apid')!;
    expect(apid).toMatchObject({
      direction: 'INGRESS',
      sourceRanges: ['198.51.100.0/24', '203.0.113.0/24'],
      targetTags: ['mesh3--eu-control-plane'],
      allowed: [{ IPProtocol: 'tcp', ports: ['50000'] }],
    });
    expect(apid.description).toContain('etcd and node health checks');
    // 6443 is reached through the load balancer (CAPG's allow-<cluster>-healthchecks opens it to
    // Google's ranges); trustd and all in-cluster traffic is CAPG's allow-<cluster>-cluster.
    const ports = net.firewalls.flatMap((f) => f.allowed ?? []).flatMap((a) => a.ports ?? []);
    expect(ports).not.toContain('6443');
    expect(ports).not.toContain('50001');
    expect(net.firewalls.map((f) => f.name)).not.toContain('mesh3--eu-trustd');
    expect(plan.warnings.join(' ')).not.toContain('0.0.0.0/0');
    expect(mustPlan(exampleText('two-region-mesh')).plan.warnings[0]).toContain('0.0.0.0/0');
  });

  it('still reads the deprecated bootstrapSourceRanges, with a warning, and refuses both names at once', () => {
    const old = mustPlan(
      specText((d) => {
        d.spec.access = { bootstrapSourceRanges: ['203.0.113.0/24'] };
      }),
    ).plan;
    expect(old.access.talosApiSourceRanges).toEqual(['203.0.113.0/24']);
    expect(old.network.firewalls.find((f) => f.name === 'pr-42--eu-apid')!.sourceRanges).toEqual([
      '203.0.113.0/24',
    ]);
    expect(old.warnings[0]).toMatch(
      /^access\.bootstrapSourceRanges is deprecated: rename it to access\.talosApiSourceRanges/,
    );
    expect(
      errorsOf(
        specText((d) => {
          d.spec.access = { bootstrapSourceRanges: ['203.0.113.0/24'], talosApiSourceRanges: ['10.0.0.0/8'] };
        }),
      ),
    ).toEqual([
      'access.bootstrapSourceRanges is the deprecated name of access.talosApiSourceRanges, which is also set; keep only talosApiSourceRanges',
    ]);
  });

  it('pre-creates the TCP API-server health check under the name CAPG reuses, for every cluster', () => {
    expect(net.healthChecks.map((h) => h.name)).toEqual(plan.clusters.map((c) => `${c.capiName}-apiserver`));
    for (const h of net.healthChecks) {
      // CAPG's own HTTPS GET /readyz gets 401 from Talos's kube-apiserver (anonymous-auth=false).
      expect(h).toMatchObject({
        type: 'TCP',
        tcpHealthCheck: { port: 6443, portSpecification: 'USE_FIXED_PORT' },
        checkIntervalSec: 5,
        timeoutSec: 5,
        healthyThreshold: 1,
        unhealthyThreshold: 6,
      });
      expect(h).not.toHaveProperty('httpsHealthCheck');
      expect(isGceName(h.name!)).toBe(true);
    }
    const files = mustPlan(exampleText('three-region-mesh')).files;
    const written = JSON.parse(files.find((f) => f.path === 'network.json')!.content) as typeof net;
    expect(written.healthChecks).toEqual(net.healthChecks);
  });

  it('lets every ordered pair of meshed clusters reach each other from node addresses only, as tunnel mode sends', () => {
    for (const from of plan.clusters)
      for (const to of plan.clusters.filter((c) => c !== from)) {
        const rules = net.firewalls.filter((f) => f.targetTags?.includes(to.capiName));
        const allowed = rules
          .filter((r) => r.sourceRanges?.includes(from.nodeCidr))
          .flatMap((r) => r.allowed ?? []);
        expect(allowed).toContainEqual({ IPProtocol: 'udp', ports: ['6081'] });
        expect(allowed).toContainEqual({ IPProtocol: 'tcp', ports: ['4240', '32379'] });
        expect(allowed).toContainEqual({ IPProtocol: 'icmp' });
        // Tunnel mode encapsulates pod traffic between node addresses: pod CIDRs are no sources.
        expect(rules.filter((r) => r.sourceRanges?.includes(from.podCidr))).toEqual([]);
      }
    for (const f of net.firewalls.filter((x) => x.name!.includes('-mesh')))
      expect(f.sourceRanges!.sort()).toEqual(
        plan.clusters
          .filter((c) => f.targetTags![0] !== c.capiName)
          .map((c) => c.nodeCidr)
          .sort(),
      );
  });

  it('uses VXLAN 8472 for the default datapath, and fits the largest mesh in one rule per cluster', () => {
    const vx = mustPlan(exampleText('two-region-mesh')).plan;
    expect(vx.network.firewalls.find((f) => f.name === 'pr-42--eu-mesh')!.allowed![0]).toEqual({
      IPProtocol: 'udp',
      ports: ['8472'],
    });
    const big = mustPlan(
      specText((d) => {
        d.spec.clusters = Array.from({ length: 255 }, (_, i) => ({ name: `c${i}`, region: 'us-east1' }));
      }),
    ).plan;
    const rules = big.network.firewalls.filter((f) => f.name?.startsWith('pr-42--c0-mesh'));
    expect(rules.map((r) => r.name)).toEqual(['pr-42--c0-mesh']);
    expect(rules[0]!.sourceRanges).toHaveLength(254);
    expect(254).toBeLessThanOrEqual(MAX_SOURCE_RANGES);
  });

  it('NATs only the fleet subnets, one router per region, and shares an existing network without creating it', () => {
    expect(net.routers).toHaveLength(3);
    expect(net.routers[0]!.router.nats![0]).toMatchObject({
      sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS',
    });
    // The region is in the insert URL only (Router.region is not settable in the body).
    expect(net.routers.map((r) => r.region)).toEqual(['asia-northeast1', 'europe-west4', 'us-east4']);
    for (const r of net.routers) expect(r.router).not.toHaveProperty('region');
    const shared = mustPlan(exampleText('single-cluster')).plan.network;
    expect(shared).toMatchObject({
      name: 'ci-shared',
      create: false,
      selfLink: 'projects/my-project/global/networks/ci-shared',
    });
    expect(shared.network).toBeUndefined();
  });
});

describe('labels and Cluster API specifics', () => {
  const { plan, files } = mustPlan(exampleText('two-region-mesh'));
  const docs = parseAllDocuments(files.find((f) => f.path === 'us/cluster.yaml')!.content).map((d) =>
    d.toJS(),
  );

  it('puts talos-fleet, managed-by and expires-at on everything CAPG creates, via additionalLabels', () => {
    const labelled = docs.filter((d) => d.kind === 'GCPCluster' || d.kind === 'GCPMachineTemplate');
    for (const d of labelled) {
      const labels =
        d.kind === 'GCPCluster' ? d.spec.additionalLabels : d.spec.template.spec.additionalLabels;
      expect(labels).toMatchObject({
        'talos-fleet': 'pr-42',
        'managed-by': 'talos-fleet',
        'expires-at': String(plan.fleet.expiresAt),
      });
      expect(labelProblems(labels)).toEqual([]);
    }
    expect(plan.fleet.expiresAt).toBe(1_795_521_600 + 6 * 3600);
  });

  it('boots the image action default, gives control planes a public IP, and uses a served MachineHealthCheck API', () => {
    const templates = docs.filter((d) => d.kind === 'GCPMachineTemplate');
    expect(templates.map((t) => [t.metadata.name, t.spec.template.spec.publicIP])).toEqual([
      ['pr-42--us-cp', true],
      ['pr-42--us-workers', false],
    ]);
    expect(templates[0].spec.template.spec.image).toBe(
      'projects/my-project/global/images/talos-v1-13-9-37656798-amd64',
    );
    expect(docs.find((d) => d.kind === 'MachineHealthCheck').apiVersion).toBe('cluster.x-k8s.io/v1beta2');
  });

  it('takes the image from the input over the spec, and understands families and self-links', () => {
    const image = (spec: string | undefined, input?: string) =>
      mustPlan(
        specText((d) => (d.spec.image = spec)),
        input ? { image: input } : {},
      ).plan.image;
    expect(image('family/talos', 'talos-v1-13-9-abcdef12-amd64')).toEqual({
      field: 'image',
      value: 'projects/my-project/global/images/talos-v1-13-9-abcdef12-amd64',
      source: 'input',
    });
    expect(image('family/talos')).toMatchObject({
      field: 'imageFamily',
      value: 'projects/my-project/global/images/family/talos',
    });
    expect(image('https://www.googleapis.com/compute/v1/projects/other/global/images/talos-x')).toMatchObject(
      {
        field: 'image',
        value: 'projects/other/global/images/talos-x',
      },
    );
  });

  it('installs a cloud controller manager and leaves kubelet cloud-provider external to Talos', () => {
    const tcp = docs.find((d) => d.kind === 'TalosControlPlane');
    const patches = tcp.spec.controlPlaneConfig.controlplane.strategicPatches.join('\n');
    expect(patches).toContain('externalCloudProvider:\n    enabled: true');
    expect(patches).toContain(
      'talos-cloud-controller-manager/v1.12.0/docs/deploy/cloud-controller-manager.yml',
    );
    expect(patches).toContain('kubernetesTalosAPIAccess');
    // Talos sets --cloud-provider=external itself when externalCloudProvider.enabled is set.
    const workers = docs.find((d) => d.kind === 'TalosConfigTemplate').spec.template.spec.strategicPatches;
    for (const p of [...tcp.spec.controlPlaneConfig.controlplane.strategicPatches, ...workers])
      expect(p).not.toMatch(/cloud-provider|KubeletConfig|kubelet:/);
    for (const p of [
      ...renderTalosPatches('v1.14.0', 'v1.12.0').controlPlane,
      ...renderTalosPatches('v1.14.0', 'v1.12.0').workers,
    ])
      expect(p).not.toMatch(/cloud-provider|KubeletConfig/);
  });

  it('runs every VM as the node service account with no scopes, and without IP forwarding in tunnel mode', () => {
    const templates = docs.filter((d) => d.kind === 'GCPMachineTemplate');
    expect(templates).toHaveLength(2);
    for (const t of templates) {
      // Without serviceAccounts CAPG attaches the default account with the cloud-platform scope.
      expect(t.spec.template.spec.serviceAccounts).toEqual({ email: 'default', scopes: [] });
      // CAPG enables IP forwarding by default; the vmCanIpForward policy refuses it.
      expect(t.spec.template.spec.ipForwarding).toBe('Disabled');
    }
    expect(plan.nodeServiceAccount).toEqual({ email: 'default', scopes: [] });
    const own = mustPlan(
      specText((d) => {
        d.spec.gcp.nodeServiceAccount = {
          email: 'talos-nodes@my-project.iam.gserviceaccount.com',
          scopes: ['https://www.googleapis.com/auth/devstorage.read_only'],
        };
      }),
    ).files.find((f) => f.path === 'eu/cluster.yaml')!.content;
    expect(own).toContain(
      'serviceAccounts:\n        email: talos-nodes@my-project.iam.gserviceaccount.com\n        scopes:\n          - https://www.googleapis.com/auth/devstorage.read_only\n',
    );
    expect(
      errorsOf(specText((d) => (d.spec.gcp.nodeServiceAccount = { email: 'nodes', scopes: ['compute'] }))),
    ).toEqual([
      "gcp.nodeServiceAccount.email 'nodes' is not a service account email (or 'default', the project's Compute Engine default account)",
      "gcp.nodeServiceAccount.scopes[0] 'compute' is not an OAuth scope URL like https://www.googleapis.com/auth/devstorage.read_only",
    ]);
  });

  it('spreads each worker pool over the zones, one MachineDeployment per zone, deterministically', () => {
    const mds = docs.filter((d) => d.kind === 'MachineDeployment');
    // us-central1 has zones a, b, c and f; us has 3 workers.
    expect(mds.map((m) => [m.metadata.name, m.spec.template.spec.failureDomain, m.spec.replicas])).toEqual([
      ['pr-42--us-workers-a', 'us-central1-a', 1],
      ['pr-42--us-workers-b', 'us-central1-b', 1],
      ['pr-42--us-workers-c', 'us-central1-c', 1],
      ['pr-42--us-workers-f', 'us-central1-f', 0],
    ]);
    for (const m of mds) {
      expect(m.spec.selector.matchLabels).toEqual(m.spec.template.metadata.labels);
      expect(m.spec.selector.matchLabels['talos-fleet.dev/zone']).toBe(m.spec.template.spec.failureDomain);
    }
    expect(plan.clusters.find((c) => c.name === 'us')!.workerDeployments).toHaveLength(4);
    const pinned = mustPlan(
      specText((d) => {
        d.spec.clusters[0].zones = ['europe-west1-d', 'europe-west1-b'];
        d.spec.clusters[0].workers = { replicas: 5 };
      }),
    ).plan.clusters[0]!.workerDeployments;
    expect(pinned).toEqual([
      { name: 'pr-42--eu-workers-d', zone: 'europe-west1-d', replicas: 3 },
      { name: 'pr-42--eu-workers-b', zone: 'europe-west1-b', replicas: 2 },
    ]);
    expect(errorsOf(specText((d) => (d.spec.clusters[0].zones = ['europe-west1-a'])))).toEqual([
      "clusters[0].zones[0] 'europe-west1-a' is not a zone of europe-west1, whose zones are europe-west1-b, europe-west1-c, europe-west1-d",
    ]);
  });

  it('lets a MachineHealthCheck of any pool size remediate one machine, keeping the 40% guard for large pools', () => {
    const limit = (replicas: number) =>
      parseAllDocuments(
        mustPlan(specText((d) => (d.spec.clusters[0].workers = { replicas }))).files.find(
          (f) => f.path === 'eu/cluster.yaml',
        )!.content,
      )
        .map((x) => x.toJS())
        .find((x) => x.kind === 'MachineHealthCheck').spec.remediation.triggerIf.unhealthyLessThanOrEqualTo;
    // CAPI scales percentages down: 40% of 1 or 2 would be 0, and nothing would be remediated.
    expect([1, 2, 3, 5, 10, 20].map(limit)).toEqual([1, 1, 1, 2, 4, 8]);
  });

  it('picks a boot disk type the machine series takes, and refuses one it does not, naming the fix', () => {
    const disk = (machineType: string, diskType?: string) =>
      mustPlan(
        specText((d) => (d.spec.defaults.workers = { machineType, ...(diskType ? { diskType } : {}) })),
      ).plan.clusters[0]!.workers.diskType;
    expect(disk('n2-standard-2')).toBe('pd-balanced');
    expect(disk('e2-medium')).toBe('pd-balanced');
    expect(disk('c3-standard-4')).toBe('pd-balanced');
    expect(disk('c4-standard-4')).toBe('hyperdisk-balanced');
    expect(disk('n4-standard-2')).toBe('hyperdisk-balanced');
    expect(disk('c4a-standard-4-lssd')).toBe('hyperdisk-balanced');
    expect(disk('custom-2-4096')).toBe('pd-balanced');
    expect(disk('n2-standard-2', 'pd-ssd')).toBe('pd-ssd');
    const templates = docs.filter((d) => d.kind === 'GCPMachineTemplate');
    for (const t of templates) expect(t.spec.template.spec.rootDeviceType).toBe('pd-balanced');
    expect(
      errorsOf(
        specText((d) => (d.spec.defaults.workers = { machineType: 'c4-standard-4', diskType: 'pd-ssd' })),
      ),
    ).toEqual([
      "defaults.workers.diskType 'pd-ssd' cannot boot c4-standard-4, whose series (c4) takes only Hyperdisk; set diskType: hyperdisk-balanced (or leave it out)",
    ]);
    expect(
      errorsOf(
        specText(
          (d) =>
            (d.spec.clusters[1].controlPlane = { machineType: 'c3-standard-4', diskType: 'pd-standard' }),
        ),
      ),
    ).toEqual([
      "clusters[1].controlPlane.diskType 'pd-standard' cannot boot c3-standard-4, whose series (c3) does not take it; set diskType: pd-balanced (or leave it out)",
    ]);
    expect(errorsOf(specText((d) => (d.spec.defaults.workers = { machineType: 'zz9-standard-4' })))).toEqual([
      "defaults.workers.machineType 'zz9-standard-4' is of a machine series (zz9) whose boot disk types are not known here; set diskType (pd-balanced, pd-ssd, pd-standard or hyperdisk-balanced) to one the series supports",
    ]);
    expect(disk('zz9-standard-4', 'hyperdisk-balanced')).toBe('hyperdisk-balanced');
  });

  it('leaves the peers to the mesh step and never puts the CA in the plan', () => {
    const values = parseAllDocuments(
      files.find((f) => f.path === 'eu/cilium-values.yaml')!.content,
    )[0]!.toJS();
    expect(values.cluster).toEqual({ name: 'eu', id: 1 });
    expect(values.clustermesh.config).toEqual({ enabled: true, domain: 'mesh.cilium.io', clusters: [] });
    expect(values.clustermesh.apiserver.service).toEqual({ type: 'NodePort', nodePort: 32379 });
    expect(plan.clusters.find((c) => c.name === 'eu')!.peers).toEqual(['us']);
    expect(values.tls).toBeUndefined();
    expect(files.map((f) => f.content).join('')).not.toMatch(
      /BEGIN [A-Z ]*PRIVATE KEY|ca\.key:|tls:\n\s+ca:/,
    );
  });
});

describe("the Cilium chart's clustermesh-config rule", () => {
  it('holds for every rendered values file, which installs as it is', () => {
    const plans = [
      ...EXAMPLES.map((e) => exampleText(e)),
      specText((d) => (d.spec.mesh = { enabled: true, datapath: 'geneve' })),
      specText((d) => (d.spec.mesh = { enabled: false })),
    ];
    let checked = 0;
    for (const text of plans)
      for (const f of mustPlan(text).files.filter((x) => x.path.endsWith('cilium-values.yaml'))) {
        expect(clustermeshConfigProblems(parseDocument(f.content).toJS()), f.path).toEqual([]);
        checked++;
      }
    expect(checked).toBeGreaterThan(6);
  });

  it('fails the peer form the plan used to write (empty ips, no address), as helm install does', () => {
    const old = {
      clustermesh: { config: { enabled: true, clusters: [{ name: 'us', port: 32379, ips: [] }] } },
    };
    expect(clustermeshConfigProblems(old)).toEqual([
      'us: missing clustermesh.apiserver.config.clusters.address',
    ]);
    const filled = {
      clustermesh: { config: { enabled: true, clusters: { us: { port: 32379, ips: ['10.0.0.2'] } } } },
    };
    expect(clustermeshConfigProblems(filled)).toEqual([]);
  });
});

describe('YAML emission', () => {
  it('Cilium values round-trip exactly, with names Helm would misread quoted (YAML 1.1)', () => {
    const text = specText((d) => {
      d.spec.clusters = ['no', '123', 'eu', 'on'].map((name) => ({ name, region: 'us-east1' }));
    });
    const { files } = mustPlan(text);
    const parsed = parseFleetSpec(text);
    const resolved = parsed.ok ? resolveFleet(parsed.spec, { now: NOW }) : undefined;
    if (!resolved?.ok) throw new Error('expected a resolved fleet');
    for (const c of resolved.fleet.clusters) {
      const yaml = files.find((f) => f.path === `${c.name}/cilium-values.yaml`)!.content;
      expect(parseDocument(yaml, { version: '1.1' }).toJS()).toEqual(renderCiliumValues(resolved.fleet, c));
    }
    expect(files.find((f) => f.path === 'no/cilium-values.yaml')!.content).toContain('  name: "no"\n');
    expect(files.find((f) => f.path === '123/cilium-values.yaml')!.content).toContain('  name: "123"\n');
  });
});
