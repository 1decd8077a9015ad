import { CA_SECRET_KEYS, CA_SECRET_NAME, CA_SECRET_NAMESPACE } from '../../core/mesh/ca.js';
import type { CaStorePort, WorkloadPort } from '../../core/mesh/ports.js';

/**
 * The fleet CA as a Secret of the toolkit's own in the first cluster. Not the chart's
 * `cilium-ca`: Helm owns that one and renders it from `tls.ca.*` on every upgrade.
 */
export function secretCaStore(
  api: WorkloadPort,
  cluster: string,
  labels: Record<string, string>,
): CaStorePort {
  return {
    where: `Secret ${CA_SECRET_NAMESPACE}/${CA_SECRET_NAME} in cluster ${cluster}`,
    async load() {
      const data = await api.readSecret(CA_SECRET_NAMESPACE, CA_SECRET_NAME);
      const certPem = data?.[CA_SECRET_KEYS.cert];
      const keyPem = data?.[CA_SECRET_KEYS.key];
      return certPem && keyPem ? { certPem, keyPem } : undefined;
    },
    create(ca) {
      return api.createSecret(
        CA_SECRET_NAMESPACE,
        CA_SECRET_NAME,
        { [CA_SECRET_KEYS.cert]: ca.certPem, [CA_SECRET_KEYS.key]: ca.keyPem },
        { ...labels, 'app.kubernetes.io/managed-by': 'talos-fleet' },
      );
    },
  };
}
