import { talosMinor, talosUsesMultiDoc } from '../fleet/versions.js';
import { yamlDoc as yaml, yamlDocs as multi } from './yaml.js';

/**
 * Talos machine-config strategic patches for CABPT/CACPPT (`strategicPatches`). They disable
 * Talos's Flannel and kube-proxy (Cilium replaces both; without this nodes never turn Ready),
 * enable the external cloud provider and install the Talos cloud controller manager, which sets
 * each Node's providerID from platform metadata so CAPI can link Machines to Nodes. The kubelet's
 * `--cloud-provider=external` is not patched: Talos adds it itself whenever
 * `externalCloudProvider.enabled` is set (siderolabs/talos
 * `internal/app/machined/pkg/controllers/k8s/kubelet_spec.go`, 1.13 and 1.14).
 *
 * Talos < 1.14 takes the classic `machine:`/`cluster:` document. From 1.14 those fields moved to
 * their own documents (KubeFlannelCNIConfig, KubeProxyConfig, KubeTalosAPIAccessConfig), and the
 * old keys are no longer in the schema.
 */

export interface TalosPatches {
  /** `v1.13`: what CABPT's `talosVersion` expects. */
  talosVersion: string;
  controlPlane: string[];
  workers: string[];
}

function ccmManifestUrl(talosCcm: string): string {
  return `https://raw.githubusercontent.com/siderolabs/talos-cloud-controller-manager/${talosCcm}/docs/deploy/cloud-controller-manager.yml`;
}

export function renderTalosPatches(talos: string, talosCcm: string): TalosPatches {
  const manifests = [ccmManifestUrl(talosCcm)];
  const talosApi = { allowedRoles: ['os:reader'], allowedKubernetesNamespaces: ['kube-system'] };
  const talosVersion = `v${talosMinor(talos)}`;
  if (!talosUsesMultiDoc(talos)) {
    const cniAndProxy = yaml({ cluster: { network: { cni: { name: 'none' } }, proxy: { disabled: true } } });
    return {
      talosVersion,
      controlPlane: [
        cniAndProxy,
        yaml({
          machine: { features: { kubernetesTalosAPIAccess: { enabled: true, ...talosApi } } },
          cluster: { externalCloudProvider: { enabled: true, manifests } },
        }),
      ],
      workers: [cniAndProxy, yaml({ cluster: { externalCloudProvider: { enabled: true } } })],
    };
  }
  const cniAndProxy = multi([
    { apiVersion: 'v1alpha1', kind: 'KubeFlannelCNIConfig', $patch: 'delete' },
    { apiVersion: 'v1alpha1', kind: 'KubeProxyConfig', enabled: false },
  ]);
  return {
    talosVersion,
    controlPlane: [
      cniAndProxy,
      multi([
        { cluster: { externalCloudProvider: { enabled: true, manifests } } },
        { apiVersion: 'v1alpha1', kind: 'KubeTalosAPIAccessConfig', ...talosApi },
      ]),
    ],
    workers: [cniAndProxy, multi([{ cluster: { externalCloudProvider: { enabled: true } } }])],
  };
}
