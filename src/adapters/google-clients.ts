import type { Storage } from '@google-cloud/storage';
import type { compute_v1 } from '@googleapis/compute';
import type { AuthClient } from 'google-auth-library';
import { cjsExports } from './cjs-interop.js';

/**
 * The Google clients every GCP step builds, one way: Compute through @googleapis/compute and GCS
 * through @google-cloud/storage, on one auth client, with their own retries off (the adapters
 * retry every call on the env policy, retryPolicyFromEnv) and the endpoints from
 * TALOS_FLEET_COMPUTE_ENDPOINT and TALOS_FLEET_GCS_ENDPOINT (Private Service Connect, tests).
 * Imported dynamically, so an entry has printed its first line before they load.
 */

export async function computeClient(
  authClient: AuthClient,
  env: NodeJS.ProcessEnv,
): Promise<compute_v1.Compute> {
  const { compute } = cjsExports(await import('@googleapis/compute'));
  const endpoint = env.TALOS_FLEET_COMPUTE_ENDPOINT;
  return compute({
    version: 'v1',
    // @googleapis/compute pins an older google-auth-library; it only calls `request` on the client.
    auth: authClient as unknown as Parameters<typeof compute>[0] extends { auth?: infer A } ? A : never,
    retry: false,
    ...(endpoint ? { rootUrl: endpoint.endsWith('/') ? endpoint : `${endpoint}/` } : {}),
  });
}

export async function storageClient(
  authClient: AuthClient,
  project: string,
  env: NodeJS.ProcessEnv,
): Promise<Storage> {
  const { Storage } = await import('@google-cloud/storage');
  const endpoint = env.TALOS_FLEET_GCS_ENDPOINT;
  return new Storage({
    projectId: project,
    authClient,
    ...(endpoint ? { apiEndpoint: endpoint.replace(/\/+$/, ''), useAuthWithCustomEndpoint: true } : {}),
    // Off: the adapters retry every call themselves on the env policy, which the client cannot
    // follow (its session-creation retry refuses a ceiling under 1 s).
    retryOptions: { autoRetry: false },
  });
}
