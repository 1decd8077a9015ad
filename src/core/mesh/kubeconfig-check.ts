import { UserError } from '../user-error.js';

/**
 * A kubeconfig given for a planned cluster must point at that cluster: its server must be the
 * CAPI Cluster's `spec.controlPlaneEndpoint` (what CAPG and CACPPT write into the
 * `<cluster>-kubeconfig` Secret). The endpoint has only a host and a port (CAPI APIEndpoint), so
 * those are compared: host names case-insensitively, a missing port being the scheme's default.
 */
export function sameEndpoint(a: string, b: string): boolean {
  const pa = normalise(a);
  const pb = normalise(b);
  return pa !== undefined && pa === pb;
}

function normalise(url: string): string | undefined {
  try {
    const u = new URL(url.includes('://') ? url : `https://${url}`);
    const port = u.port || (u.protocol === 'http:' ? '80' : '443');
    return `${u.hostname.toLowerCase()}:${port}`;
  } catch {
    return undefined;
  }
}

export function wrongClusterError(
  cluster: string,
  file: string,
  server: string,
  endpoint: string,
): UserError {
  return new UserError(
    `The kubeconfig for cluster '${cluster}' (${file}) points at ${server}, but the management cluster says '${cluster}' is served at ${endpoint}.`,
    {
      fix: `pass the kubeconfig-dir the cluster action wrote for this plan: it holds ${cluster}.kubeconfig for this cluster`,
      title: 'kubeconfig-dir',
    },
  );
}
