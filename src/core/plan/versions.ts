import semver from 'semver';

/**
 * Pinned default versions and the compatibility table. Facts: shared/reference/domain.md §0 and
 * §2 and the Talos support matrices; entries marked `inferred` follow the published pattern but
 * were not read from a release note, and are called out in docs/fleet-spec.md.
 */
export interface Versions {
  talos: string;
  kubernetes: string;
  cilium: string;
  capi: string;
  capg: string;
  cabpt: string;
  cacppt: string;
  /** siderolabs/talos-cloud-controller-manager: gives Nodes their providerID. */
  talosCcm: string;
}

export const DEFAULT_VERSIONS: Readonly<Versions> = {
  talos: 'v1.13.9',
  kubernetes: 'v1.35.2',
  cilium: '1.18.4',
  capi: 'v1.14.0',
  capg: 'v1.12.0',
  cabpt: 'v0.6.12',
  // The Talos 1.13 support matrix asks for CACPPT >= v0.5.13, published 2026-04-27
  // (cluster-api-control-plane-provider-talos PR #255).
  cacppt: 'v0.5.13',
  // Checked against siderolabs/talos-cloud-controller-manager: its tags run v1.8.0 ... v1.10.0,
  // v1.10.1, v1.11.0, v1.12.0 (newest, 2026-01-09), and docs/deploy/cloud-controller-manager.yml
  // at tag v1.12.0 deploys ghcr.io/siderolabs/talos-cloud-controller-manager:v1.12.0.
  talosCcm: 'v1.12.0',
};

/** The Image Factory schematic with no customisation (sha256 of `customization: {}\n`). */
export const EMPTY_SCHEMATIC_ID = '376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba';

export interface TalosSupport {
  /** Talos minor, e.g. `1.13`. */
  talos: string;
  kubernetes: { min: string; max: string };
  cabpt: string;
  cacppt: string;
  source: string;
  inferred?: boolean;
  /**
   * Why the default bootstrap provider cannot be trusted with this Talos minor. When set, the
   * spec must pin `versions.cabpt` itself (and the plan warns with this text).
   */
  bootstrapRisk?: string;
}

/** What each Talos minor needs. A Talos minor missing here is refused: we cannot vouch for it. */
export const TALOS_SUPPORT: readonly TalosSupport[] = [
  {
    talos: '1.11',
    kubernetes: { min: '1.29', max: '1.34' },
    cabpt: '0.6.10',
    cacppt: '0.5.11',
    source: 'Talos support matrix',
  },
  {
    talos: '1.12',
    kubernetes: { min: '1.30', max: '1.35' },
    cabpt: '0.6.11',
    cacppt: '0.5.12',
    source: 'Talos support matrix',
  },
  {
    talos: '1.13',
    kubernetes: { min: '1.31', max: '1.36' },
    cabpt: '0.6.12',
    cacppt: '0.5.13',
    source:
      'Talos 1.13 support matrix; the Kubernetes range 1.31-1.36 is inferred from the six-minor pattern',
    inferred: true,
  },
  {
    talos: '1.14',
    kubernetes: { min: '1.32', max: '1.37' },
    cabpt: '0.6.12',
    cacppt: '0.5.13',
    source:
      'inferred: Talos 1.14 has no published support matrix yet; the Kubernetes range follows the six-minor pattern and the provider minimums are carried over from 1.13',
    inferred: true,
    bootstrapRisk:
      'Talos 1.14 moves the CNI, kube-proxy, kubelet and Talos API access settings into their own machine-config documents (KubeFlannelCNIConfig, KubeProxyConfig, KubeletConfig, KubeTalosAPIAccessConfig), and the plan patches them in that form. CABPT v0.6.12, the newest v0.6 release, came out on 2026-04-27, before Talos 1.14, so it most likely cannot decode those patch documents, and machines would fail to bootstrap',
  },
];

function minor(version: string): string | undefined {
  const v = semver.parse(version.replace(/^v/, ''));
  return v ? `${v.major}.${v.minor}` : undefined;
}

export function talosMinor(talos: string): string {
  return minor(talos) ?? talos;
}

/** True when the Talos version expects the multi-document machine config (1.14 and later). */
export function talosUsesMultiDoc(talos: string): boolean {
  const v = semver.coerce(talos);
  return v !== null && semver.gte(v, '1.14.0');
}

function within(version: string, range: string): boolean {
  const v = semver.coerce(version);
  return v !== null && semver.satisfies(v, range);
}

/**
 * One problem per incompatible pin, each naming the `versions.<key>` at fault. `given` holds the
 * keys the spec set itself (the rest are defaults).
 */
export function compatibilityProblems(
  v: Versions,
  given: Partial<Record<keyof Versions, unknown>> = {},
): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (!within(v.capi, '>=1.11.0 <1.16.0'))
    out.push({
      path: 'versions.capi',
      message: `${v.capi} is not supported: the manifests use cluster.x-k8s.io/v1beta2 (CAPI >= v1.11) and providers on the v1beta1 contract (dropped in CAPI v1.16); use ${DEFAULT_VERSIONS.capi}`,
    });
  if (!within(v.capg, '>=1.12.0 <2.0.0'))
    out.push({
      path: 'versions.capg',
      message: `${v.capg} is not supported: GCPCluster/GCPMachineTemplate are rendered for CAPG v1.12 (infrastructure.cluster.x-k8s.io/v1beta1); use ${DEFAULT_VERSIONS.capg}`,
    });
  if (!within(v.cabpt, '>=0.6.0 <0.7.0'))
    out.push({
      path: 'versions.cabpt',
      message: `${v.cabpt} is not supported: TalosConfigTemplate is rendered at bootstrap.cluster.x-k8s.io/v1alpha3 (CABPT v0.6.x); use ${DEFAULT_VERSIONS.cabpt}`,
    });
  if (!within(v.cacppt, '>=0.5.0 <0.6.0'))
    out.push({
      path: 'versions.cacppt',
      message: `${v.cacppt} is not supported: TalosControlPlane is rendered at controlplane.cluster.x-k8s.io/v1alpha3 (CACPPT v0.5.x); use ${DEFAULT_VERSIONS.cacppt}`,
    });
  if (!within(v.cilium, '>=1.16.0'))
    out.push({
      path: 'versions.cilium',
      message: `${v.cilium} is too old: ClusterMesh is configured through Helm values that need Cilium >= 1.16; use ${DEFAULT_VERSIONS.cilium}`,
    });
  const talos = minor(v.talos);
  const support = TALOS_SUPPORT.find((s) => s.talos === talos);
  if (!support) {
    out.push({
      path: 'versions.talos',
      message: `Talos ${v.talos} is not in the compatibility table (${TALOS_SUPPORT.map((s) => s.talos).join(', ')}); use ${DEFAULT_VERSIONS.talos}`,
    });
    return out;
  }
  const k8s = minor(v.kubernetes);
  if (
    k8s &&
    (semver.lt(`${k8s}.0`, `${support.kubernetes.min}.0`) ||
      semver.gt(`${k8s}.0`, `${support.kubernetes.max}.0`))
  )
    out.push({
      path: 'versions.kubernetes',
      message: `Kubernetes ${v.kubernetes} does not run on Talos ${support.talos} (supports ${support.kubernetes.min}-${support.kubernetes.max})`,
    });
  if (support.bootstrapRisk !== undefined && given.cabpt === undefined)
    out.push({
      path: 'versions.talos',
      message: `${v.talos} cannot be planned with the default bootstrap provider: ${support.bootstrapRisk}. Pin versions.cabpt to a CABPT release that supports Talos ${support.talos}, or use Talos ${DEFAULT_VERSIONS.talos}`,
    });
  if (within(v.cabpt, '>=0.6.0 <0.7.0') && !within(v.cabpt, `>=${support.cabpt}`))
    out.push({
      path: 'versions.cabpt',
      message: `Talos ${support.talos} needs CABPT >= v${support.cabpt}, got ${v.cabpt}`,
    });
  if (within(v.cacppt, '>=0.5.0 <0.6.0') && !within(v.cacppt, `>=${support.cacppt}`))
    out.push({
      path: 'versions.cacppt',
      message: `Talos ${support.talos} needs CACPPT >= v${support.cacppt}, got ${v.cacppt}`,
    });
  return out;
}
