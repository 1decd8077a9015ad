import { talosMinor, talosUsesMultiDoc } from './versions.js';
import { yamlDoc as yaml, yamlDocs as multi } from './yaml.js';

/**
 * Talos machine-config strategic patches for CABPT/CACPPT (`strategicPatches`). They disable
 * Talos's Flannel and kube-proxy (Cilium replaces both; without this nodes never turn Ready), set
 * kubelet `cloud-provider: external`, and install the Talos cloud controller manager, which sets
 * each Node's providerID from platform metadata so CAPI can link Machines to Nodes.
 *
 * Talos < 1.14 takes the classic `machine:`/`cluster:` document. From 1.14 those fields moved to
 * their own documents (KubeFlannelCNIConfig, KubeProxyConfig, KubeletConfig,
 * KubeTalosAPIAccessConfig), and the old keys are no longer in the schema.
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
    const kubelet = { kubelet: { extraArgs: { 'cloud-provider': 'external' } } };
    return {
      talosVersion,
      controlPlane: [
        cniAndProxy,
        yaml({
          machine: { ...kubelet, features: { kubernetesTalosAPIAccess: { enabled: true, ...talosApi } } },
          cluster: { externalCloudProvider: { enabled: true, manifests } },
        }),
      ],
      workers: [
        cniAndProxy,
        yaml({ machine: kubelet, cluster: { externalCloudProvider: { enabled: true } } }),
      ],
    };
  }
  const cniAndProxy = multi([
    { apiVersion: 'v1alpha1', kind: 'KubeFlannelCNIConfig', $patch: 'delete' },
    { apiVersion: 'v1alpha1', kind: 'KubeProxyConfig', enabled: false },
  ]);
  const kubelet = {
    apiVersion: 'v1alpha1',
    kind: 'KubeletConfig',
    extraArgs: { 'cloud-provider': 'external' },
  };
  return {
    talosVersion,
    controlPlane: [
      cniAndProxy,
      multi([
        { cluster: { externalCloudProvider: { enabled: true, manifests } } },
        kubelet,
        { apiVersion: 'v1alpha1', kind: 'KubeTalosAPIAccessConfig', ...talosApi },
      ]),
    ],
    workers: [cniAndProxy, multi([{ cluster: { externalCloudProvider: { enabled: true } } }, kubelet])],
  };
}
