import { describe, expect, it } from 'vitest';
import { formatSpecError } from '../../src/core/fleet/spec-error.js';
import { parseFleetSpec } from '../../src/core/fleet/parse.js';
import {
  DEFAULT_VERSIONS,
  TALOS_SUPPORT,
  ciliumKubernetesWarning,
  compatibilityProblems,
} from '../../src/core/fleet/versions.js';
import { errorsOf, exampleText, flowSpec, mustPlan, specText } from './helpers.js';

describe('fleet spec validation', () => {
  it('accepts every example', () => {
    for (const name of ['two-region-mesh', 'single-cluster', 'three-region-mesh']) {
      expect(parseFleetSpec(exampleText(name)).ok, name).toBe(true);
    }
  });

  it('reports every error at once, each at its spec path and line, with did-you-mean for unknown keys', () => {
    const text = `apiVersion: talos-fleet.dev/v1alpha1
kind: Fleet
metadata:
  name: pr-42
spec:
  ttl: 6hours
  gcp:
    project: my-project
    netwrok: auto
  versions: {talos: 1.13.9}
  clusters:
    - name: eu
      region: europe-west1
      podCidr: 10.0.0.0/8
    - name: eu
      region: europe-wst1
      podCIDR: 10.1.0.0/16
    - name: us
      region: us-central1
      podCidr: 10.1.0.0/16
      id: 300
      controlPlane: {replicas: 2, machineType: big}
  mesh: {enabled: true, datapth: vxlan}
`;
    const result = parseFleetSpec(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = result.errors.map(formatSpecError);
    expect(lines).toEqual([
      "ttl '6hours' is not a duration like 90m, 6h, 1h30m or 2d (line 6)",
      "gcp.netwrok: unknown key 'netwrok'; did you mean 'network'? (allowed: project, network, nodeServiceAccount, usedRanges) (line 9)",
      "versions.talos '1.13.9' is not a version like v1.13.9; did you mean 'v1.13.9'? (line 10)",
      "clusters[1].name 'eu' duplicates clusters[0].name (line 15)",
      "clusters[1].region: unknown GCP region 'europe-wst1'; did you mean 'europe-west1'? (line 16)",
      "clusters[1].podCIDR: unknown key 'podCIDR'; did you mean 'podCidr'? (allowed: name, region, zones, id, podCidr, serviceCidr, nodeCidr, controlPlane, workers) (line 17)",
      'clusters[2].podCidr 10.1.0.0/16 overlaps clusters[0].podCidr 10.0.0.0/8 (line 20)',
      'clusters[2].id must be 1-255 (Cilium cluster.id) (line 21)',
      'clusters[2].controlPlane.replicas: control-plane replicas must be odd (1, 3, 5 or 7) for etcd quorum (line 22)',
      "clusters[2].controlPlane.machineType 'big' is not a GCE machine type like n2-standard-2 (line 22)",
      "mesh.datapth: unknown key 'datapth'; did you mean 'datapath'? (allowed: enabled, datapath, apiserverNodePort) (line 23)",
    ]);
  });

  it('points an overlap at both clusters, in the form clusters[1].podCidr X overlaps clusters[0].podCidr', () => {
    const errors = errorsOf(
      specText((d) => {
        d.spec.clusters[0].podCidr = '10.1.0.0/16';
        d.spec.clusters[1].podCidr = '10.1.0.0/16';
      }),
    );
    expect(errors).toEqual(['clusters[1].podCidr 10.1.0.0/16 overlaps clusters[0].podCidr 10.1.0.0/16']);
  });

  it('rejects overlaps of any kind: pod vs node, inside one cluster, and with used ranges', () => {
    const errors = errorsOf(
      specText((d) => {
        d.spec.gcp.usedRanges = ['192.168.0.0/20'];
        d.spec.clusters[0].podCidr = '10.8.0.0/16';
        d.spec.clusters[0].nodeCidr = '10.8.1.0/24';
        d.spec.clusters[1].serviceCidr = '192.168.4.0/24';
      }),
    );
    expect(errors).toEqual([
      'clusters[0].nodeCidr 10.8.1.0/24 overlaps clusters[0].podCidr 10.8.0.0/16',
      'clusters[1].serviceCidr 192.168.4.0/24 overlaps gcp.usedRanges[0] 192.168.0.0/20',
    ]);
  });

  it('rejects duplicate and out-of-range IDs', () => {
    expect(
      errorsOf(
        specText((d) => {
          d.spec.clusters[0].id = 7;
          d.spec.clusters[1].id = 7;
        }),
      ),
    ).toEqual(['clusters[1].id 7 duplicates clusters[0].id']);
    expect(errorsOf(specText((d) => (d.spec.clusters[0].id = 0)))).toEqual([
      'clusters[0].id must be 1-255 (Cilium cluster.id)',
    ]);
  });

  it("applies Cilium's cluster-name rules", () => {
    expect(errorsOf(specText((d) => (d.spec.clusters[0].name = 'EU_1')))[0]).toMatch(
      /^clusters\[0\]\.name must be lowercase alphanumerics/,
    );
    expect(errorsOf(specText((d) => (d.spec.clusters[0].name = 'a'.repeat(33))))[0]).toMatch(/at most 32/);
    expect(errorsOf(specText((d) => (d.spec.clusters[0].name = 'default')))[0]).toMatch(/reserved by Cilium/);
    expect(errorsOf(specText((d) => (d.spec.clusters[0].name = 'a--b')))[0]).toMatch(/must not contain --/);
    expect(errorsOf(specText((d) => (d.metadata.name = 'pr--42')))[0]).toMatch(
      /^metadata\.name must be lowercase/,
    );
  });

  it('refuses a cluster name that would share a CAPG network tag with another cluster', () => {
    expect(errorsOf(specText((d) => (d.spec.clusters[1].name = 'eu-node')))).toEqual([
      "clusters[1].name 'eu-node' collides with the 'node' network tag CAPG gives clusters[0] ('eu'); rename it",
    ]);
  });

  it('checks GCP name lengths after prefixing, against the names CAPG derives', () => {
    const errors = errorsOf(
      specText((d) => {
        d.metadata.name = 'preview-for-pull-request';
        d.spec.clusters[0].region = 'northamerica-northeast1';
        d.spec.clusters[0].name = 'montreal-1';
      }),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(
      "clusters[0].name makes the Cluster API name 'preview-for-pull-request--montreal-1' too long: CAPG would derive 'preview-for-pull-request--montreal-1-apiserver-northamerica-northeast1-x' (72 > 63 characters); shorten metadata.name or this cluster's name to at most 25 characters together",
    );
  });

  it('rejects zones outside the region, a mesh of one, bad TTLs and malformed versions', () => {
    expect(errorsOf(specText((d) => (d.spec.clusters[0].zones = ['us-east1-b'])))).toEqual([
      "clusters[0].zones[0] 'us-east1-b' is not a zone of europe-west1",
    ]);
    expect(errorsOf(specText((d) => d.spec.clusters.pop()))).toEqual([
      'mesh.enabled needs at least two clusters to mesh; the spec has 1. Add a cluster or set mesh.enabled: false',
    ]);
    expect(errorsOf(specText((d) => (d.spec.ttl = '40d')))).toEqual([
      "ttl '40d' is longer than the 30d maximum",
    ]);
    expect(errorsOf(specText((d) => (d.spec.versions.cilium = 'v1.18.4')))).toEqual([
      "versions.cilium 'v1.18.4' is not a Cilium chart version like 1.19.8; did you mean '1.18.4'?",
    ]);
    expect(errorsOf(specText((d) => (d.spec.versions.kubernetes = 'v1.35')))[0]).toMatch(
      /^versions\.kubernetes 'v1\.35' is not a version/,
    );
  });

  it('rejects version combinations known not to work', () => {
    expect(errorsOf(specText((d) => (d.spec.versions.kubernetes = 'v1.37.0')))).toEqual([
      'versions.kubernetes: Kubernetes v1.37.0 does not run on Talos 1.13 (supports 1.31-1.36)',
    ]);
    expect(errorsOf(specText((d) => (d.spec.versions.cacppt = 'v0.5.12')))).toEqual([
      'versions.cacppt: Talos 1.13 needs CACPPT >= v0.5.13, got v0.5.12',
    ]);
    expect(errorsOf(specText((d) => (d.spec.versions.capi = 'v1.16.0')))[0]).toMatch(/v1beta1 contract/);
    expect(errorsOf(specText((d) => (d.spec.versions.talos = 'v1.9.0')))[0]).toMatch(
      /not in the compatibility table/,
    );
  });

  it('reports YAML syntax errors and duplicate keys with their line', () => {
    expect(errorsOf('apiVersion: x\nkind: [unclosed\n')[0]).toMatch(/^YAML: /);
    const dup = parseFleetSpec('apiVersion: a\napiVersion: b\n');
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect(formatSpecError(dup.errors[0]!)).toMatch(/YAML: Map keys must be unique \(line 2\)/);
  });

  it('names missing required keys', () => {
    const errors = errorsOf(
      'apiVersion: talos-fleet.dev/v1alpha1\nkind: Fleet\nmetadata: {name: x}\nspec: {clusters: []}\n',
    );
    expect(errors).toEqual(['gcp is required (object)', 'clusters: list at least one cluster']);
  });

  it('validates the used-ranges input like the spec', () => {
    expect(errorsOf(exampleText('two-region-mesh'), { usedRanges: ['10.1.0.0/16', 'nope'] })).toEqual([
      "used-ranges[1] 'nope' is not an IPv4 CIDR like 10.1.0.0/16",
    ]);
  });

  it('refuses CIDRs with host bits, suggesting the network', () => {
    expect(errorsOf(specText((d) => (d.spec.clusters[0].podCidr = '10.1.2.0/16')))).toEqual([
      "clusters[0].podCidr '10.1.2.0/16' has host bits set; did you mean 10.1.0.0/16?",
    ]);
  });

  it('plans the minimal spec with every default', () => {
    const { plan } = mustPlan(
      'apiVersion: talos-fleet.dev/v1alpha1\nkind: Fleet\nmetadata: {name: min}\nspec:\n  gcp: {project: my-project}\n  clusters: [{name: a, region: us-east1}]\n',
    );
    expect(plan.fleet.ttl).toBe('6h');
    expect(plan.clusters[0]).toMatchObject({
      id: 1,
      podCidr: '10.1.0.0/16',
      controlPlane: { replicas: 1, machineType: 'n2-standard-2', diskSizeGb: 30 },
      workers: { replicas: 2 },
    });
    expect(plan.mesh.enabled).toBe(false);
    expect(plan.access.talosApiSourceRanges).toEqual(['0.0.0.0/0']);
  });

  it('reports allocation conflicts together with every other error', () => {
    // eu is allocated id 1 and 10.1.0.0/16; us pins both; the third cluster repeats a name.
    const text = flowSpec([
      '{name: eu, region: europe-west1}',
      '{name: us, region: us-central1, id: 1, podCidr: 10.1.0.0/16}',
      '{name: us, region: us-east1}',
    ]);
    expect(errorsOf(text)).toEqual([
      "clusters[1].id 1 duplicates clusters[0].id (allocated); pin that cluster's id or choose another",
      "clusters[1].podCidr 10.1.0.0/16 overlaps clusters[0].podCidr (allocated) 10.1.0.0/16; choose another range or pin the earlier cluster's value",
      "clusters[2].name 'us' duplicates clusters[1].name",
    ]);
  });

  it('does not repeat a conflict the range and ID checks already reported', () => {
    const errors = errorsOf(
      specText((d) => {
        d.spec.clusters[0].id = 7;
        d.spec.clusters[0].podCidr = '10.50.0.0/16';
        d.spec.clusters[1].id = 7;
        d.spec.clusters[1].podCidr = '10.50.0.0/16';
      }),
    );
    expect(errors).toEqual([
      'clusters[1].id 7 duplicates clusters[0].id',
      'clusters[1].podCidr 10.50.0.0/16 overlaps clusters[0].podCidr 10.50.0.0/16',
    ]);
  });

  it('accepts real GCE machine type shapes and refuses malformed ones', () => {
    for (const machineType of [
      'e2-medium',
      'n2-standard-2',
      'a2-highgpu-1g',
      'a3-highgpu-8g',
      'c4-standard-8-lssd',
      'c3d-highmem-360-metal',
      'e2-custom-4-8192',
      'e2-custom-medium-4096',
      'n2-custom-4-16384-ext',
      'custom-2-4096',
      'ct5lp-hightpu-4t',
    ])
      expect(
        mustPlan(
          specText((d) => {
            d.spec.defaults.workers.machineType = machineType;
            // A series whose boot disks are not in the table needs diskType (see render.test.ts).
            if (machineType.startsWith('ct5lp')) d.spec.defaults.workers.diskType = 'hyperdisk-balanced';
          }),
        ).plan.clusters[0]!.workers.machineType,
      ).toBe(machineType);
    for (const machineType of [
      'big',
      'N2-standard-2',
      'n2_standard_2',
      'n2-standard-2-',
      'n2standard2',
      'e2-custom-4',
    ])
      expect(errorsOf(specText((d) => (d.spec.defaults.workers.machineType = machineType)))).toEqual([
        `defaults.workers.machineType '${machineType}' is not a GCE machine type like n2-standard-2`,
      ]);
  });

  it('refuses versions with build metadata, which no release tag or image carries', () => {
    expect(errorsOf(specText((d) => (d.spec.versions.talos = 'v1.13.9+build1')))).toEqual([
      "versions.talos 'v1.13.9+build1' has build metadata ('+...'), which no release tag carries; use the release tag, e.g. 'v1.13.9'",
    ]);
    // A pre-release is a real Talos tag; its default image name is the image action's, GCE-valid.
    const { plan } = mustPlan(specText((d) => (d.spec.versions.talos = 'v1.13.0-beta.1')));
    expect(plan.image.value).toBe('projects/my-project/global/images/talos-v1-13-0-beta-1-37656798-amd64');
  });

  it('refuses Talos 1.14 with the default bootstrap provider, and warns about the risk when it is pinned', () => {
    const talos14 = (d: { spec: { versions: Record<string, string> } }) => {
      d.spec.versions.talos = 'v1.14.0';
      d.spec.versions.kubernetes = 'v1.36.1';
    };
    const errors = errorsOf(specText(talos14));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^versions\.talos: v1\.14\.0 cannot be planned with the default bootstrap provider/,
    );
    expect(errors[0]).toContain(
      'CABPT v0.6.12, the newest v0.6 release, came out on 2026-04-27, before Talos 1.14',
    );
    expect(errors[0]).toContain('KubeFlannelCNIConfig');
    expect(errors[0]).toContain('Pin versions.cabpt');
    const { plan } = mustPlan(
      specText((d) => {
        talos14(d);
        d.spec.versions.cabpt = 'v0.6.12';
      }),
    );
    expect(plan.warnings.join('\n')).toContain(
      'versions.cabpt is pinned to v0.6.12: make sure that release decodes these documents',
    );
    // Talos 1.13 with the defaults: no bootstrap warning, no stale "check it is published" advice.
    const defaults = mustPlan(exampleText('two-region-mesh')).plan.warnings.join('\n');
    expect(defaults).not.toMatch(/published|decodes/);
  });

  it('checks Cilium against the Kubernetes versions its minor is e2e-tested on, and the defaults fit every table', () => {
    // Cilium 1.18 is tested on 1.30-1.33; the old default pair (1.18.4 on 1.35) was untested.
    const old = mustPlan(
      specText((d) => {
        d.spec.versions.cilium = '1.18.4';
        d.spec.versions.kubernetes = 'v1.35.2';
      }),
    ).plan.warnings;
    expect(old).toContain(
      'Cilium 1.18.4 is not e2e-tested on Kubernetes v1.35.2 (Cilium 1.18 is tested on 1.30-1.33; cilium/cilium Documentation/network/kubernetes/compatibility.rst at v1.18.14). Use Cilium 1.19, or a Kubernetes version in that range.',
    );
    expect(errorsOf(specText((d) => (d.spec.versions.cilium = '1.17.6')))).toEqual([
      'versions.cilium: Cilium 1.17.6 is not in the compatibility table (1.18, 1.19): its e2e-tested Kubernetes versions are not known here; use 1.19.8',
    ]);
    const defaults = mustPlan(
      'apiVersion: talos-fleet.dev/v1alpha1\nkind: Fleet\nmetadata: {name: min}\nspec:\n  gcp: {project: my-project}\n  access: {talosApiSourceRanges: [203.0.113.0/24]}\n  clusters: [{name: a, region: us-east1}]\n',
    ).plan;
    expect(defaults.versions).toEqual(DEFAULT_VERSIONS);
    expect(compatibilityProblems(DEFAULT_VERSIONS)).toEqual([]);
    expect(ciliumKubernetesWarning(DEFAULT_VERSIONS)).toBeUndefined();
    // Talos 1.13's Kubernetes range is read from its constants.go, not inferred: no warning.
    expect(defaults.warnings).toEqual([]);
    expect(TALOS_SUPPORT.find((t) => t.talos === '1.13')).toMatchObject({
      kubernetes: { min: '1.31', max: '1.36' },
      source: expect.stringContaining('constants.go at v1.13.9 (default Kubernetes 1.36.3, 6 minors)'),
    });
    expect(TALOS_SUPPORT.find((t) => t.talos === '1.13')).not.toHaveProperty('inferred');
  });

  it("refuses fleet names starting with 'allow-', which CAPG's firewall names would make ambiguous", () => {
    expect(errorsOf(specText((d) => (d.metadata.name = 'allow-pr')))).toEqual([
      "metadata.name must not start with 'allow-': CAPG names its firewall rules allow-<fleet>--<cluster>-..., so teardown could not tell this fleet's resources from another's",
    ]);
  });
});
