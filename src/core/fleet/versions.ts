import semver from 'semver';

/**
 * Pinned default versions and the compatibility tables. Each default is the newest release that
 * fits the others, with its source beside it; docs/fleet-spec.md lists them.
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
  // The newest stable tag of siderolabs/talos (v1.14 is at rc.1 there, and CABPT v0.6.12 predates
  // it: see TALOS_SUPPORT).
  talos: 'v1.13.9',
  // Newest minor inside both Talos 1.13 (1.31-1.36) and Cilium 1.19 (1.32-1.35); v1.35.4 is the
  // Kubernetes release Talos v1.12.11 ships as its default (siderolabs/talos
  // pkg/machinery/constants/constants.go DefaultKubernetesVersion at v1.12.11).
  kubernetes: 'v1.35.4',
  // Cilium 1.19 is the newest minor with a published e2e-tested Kubernetes list (CILIUM_SUPPORT);
  // 1.19.8 is the newest 1.19 patch seen released (sighupio/module-networking v4.1.0 ships it,
  // 2026-10-15).
  cilium: '1.19.8',
  // Newest release tag of kubernetes-sigs/cluster-api (2026-07-30).
  capi: 'v1.14.0',
  // Newest release tag of kubernetes-sigs/cluster-api-provider-gcp (2026-05-18).
  capg: 'v1.12.0',
  // Newest v0.6 tag of siderolabs/cluster-api-bootstrap-provider-talos (2026-04-27), the minimum
  // the Talos 1.13 support matrix asks for.
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

/**
 * What each Talos minor needs. A Talos minor missing here is refused: we cannot vouch for it.
 * The Kubernetes ranges are read from siderolabs/talos `pkg/machinery/constants/constants.go` at
 * the named tag: `DefaultKubernetesVersion` is the newest minor, and `SupportedKubernetesVersions`
 * (6) counts the supported minors back from it.
 */
export const TALOS_SUPPORT: readonly TalosSupport[] = [
  {
    talos: '1.11',
    kubernetes: { min: '1.29', max: '1.34' },
    cabpt: '0.6.10',
    cacppt: '0.5.11',
    source:
      'Talos support matrix; siderolabs/talos constants.go at v1.11.0 (default Kubernetes 1.34.0, 6 minors)',
  },
  {
    talos: '1.12',
    kubernetes: { min: '1.30', max: '1.35' },
    cabpt: '0.6.11',
    cacppt: '0.5.12',
    source:
      'Talos support matrix; siderolabs/talos constants.go at v1.12.11 (default Kubernetes 1.35.4, 6 minors)',
  },
  {
    talos: '1.13',
    kubernetes: { min: '1.31', max: '1.36' },
    cabpt: '0.6.12',
    cacppt: '0.5.13',
    source:
      'Talos 1.13 support matrix; siderolabs/talos constants.go at v1.13.9 (default Kubernetes 1.36.3, 6 minors)',
  },
  {
    talos: '1.14',
    kubernetes: { min: '1.32', max: '1.37' },
    cabpt: '0.6.12',
    cacppt: '0.5.13',
    source:
      'siderolabs/talos constants.go at v1.14.0-rc.1 (default Kubernetes 1.37.0-rc.0, 6 minors); inferred: Talos 1.14 has no published support matrix yet, and the provider minimums are carried over from 1.13',
    inferred: true,
    bootstrapRisk:
      'Talos 1.14 moves the CNI, kube-proxy and Talos API access settings into their own machine-config documents (KubeFlannelCNIConfig, KubeProxyConfig, KubeTalosAPIAccessConfig), and the plan patches them in that form. CABPT v0.6.12, the newest v0.6 release, came out on 2026-04-27, before Talos 1.14, so it most likely cannot decode those patch documents, and machines would fail to bootstrap',
  },
];

export interface CiliumSupport {
  /** Cilium minor, e.g. `1.19`. */
  cilium: string;
  /** The Kubernetes minors it is e2e-tested on. */
  kubernetes: { min: string; max: string };
  source: string;
}

/**
 * The Kubernetes versions each Cilium minor is e2e-tested on, from its
 * `Documentation/network/kubernetes/compatibility.rst` (cilium/cilium). Cilium says versions
 * outside the list "depend on the forward / backward compatibility offered by Kubernetes", so
 * the plan warns outside the range; a Cilium minor missing here is refused, as for Talos.
 */
export const CILIUM_SUPPORT: readonly CiliumSupport[] = [
  {
    cilium: '1.18',
    kubernetes: { min: '1.30', max: '1.33' },
    source: 'cilium/cilium Documentation/network/kubernetes/compatibility.rst at v1.18.14',
  },
  {
    cilium: '1.19',
    kubernetes: { min: '1.32', max: '1.35' },
    source: 'cilium/cilium Documentation/network/kubernetes/compatibility.rst at v1.19.3',
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
  if (!CILIUM_SUPPORT.some((c) => c.cilium === minor(v.cilium)))
    out.push({
      path: 'versions.cilium',
      message: `Cilium ${v.cilium} is not in the compatibility table (${CILIUM_SUPPORT.map((c) => c.cilium).join(', ')}): its e2e-tested Kubernetes versions are not known here; use ${DEFAULT_VERSIONS.cilium}`,
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
  if (minorOutside(v.kubernetes, support.kubernetes))
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

function minorOutside(version: string, range: { min: string; max: string }): boolean {
  const k8s = minor(version);
  return (
    k8s !== undefined && (semver.lt(`${k8s}.0`, `${range.min}.0`) || semver.gt(`${k8s}.0`, `${range.max}.0`))
  );
}

/** A warning when Kubernetes is outside the versions the Cilium minor is e2e-tested on. */
export function ciliumKubernetesWarning(v: Versions): string | undefined {
  const support = CILIUM_SUPPORT.find((c) => c.cilium === minor(v.cilium));
  if (!support || !minorOutside(v.kubernetes, support.kubernetes)) return undefined;
  const fits = CILIUM_SUPPORT.filter((c) => !minorOutside(v.kubernetes, c.kubernetes)).map((c) => c.cilium);
  return `Cilium ${v.cilium} is not e2e-tested on Kubernetes ${v.kubernetes} (Cilium ${support.cilium} is tested on ${support.kubernetes.min}-${support.kubernetes.max}; ${support.source}). ${fits.length ? `Use Cilium ${fits.join(' or ')}, or a Kubernetes version in that range` : 'Use a Kubernetes version in that range'}.`;
}
