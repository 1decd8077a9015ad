/** The fleet CA as PEM text. The key is a secret: callers mask it the moment it is read. */
export interface FleetCaPem {
  certPem: string;
  keyPem: string;
}

/** The object and Secret layouts the CA is kept in (JSON in GCS; two keys in a Secret). */
export const CA_SECRET_NAME = 'talos-fleet-mesh-ca';
export const CA_SECRET_NAMESPACE = 'kube-system';
export const CA_SECRET_KEYS = { cert: 'ca.crt', key: 'ca.key' } as const;

/** gs://<bucket>/<this>: one CA per fleet. */
export function caObjectName(fleet: string): string {
  return `talos-fleet/${fleet}/mesh-ca.json`;
}

export function caToJson(ca: FleetCaPem): string {
  return JSON.stringify({ kind: 'TalosFleetMeshCa', cert: ca.certPem, key: ca.keyPem });
}

export function caFromJson(text: string): FleetCaPem | undefined {
  try {
    const o = JSON.parse(text) as { kind?: unknown; cert?: unknown; key?: unknown };
    if (o.kind === 'TalosFleetMeshCa' && typeof o.cert === 'string' && typeof o.key === 'string')
      return { certPem: o.cert, keyPem: o.key };
  } catch {
    return undefined;
  }
  return undefined;
}
