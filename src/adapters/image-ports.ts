import { join } from 'node:path';
import type { ComputePort, FactoryPort, StoragePort } from '../core/image/ports.js';
import type { RetryPolicy } from '../core/retry-policy.js';
import { UserError } from '../core/user-error.js';
import { cjsExports } from './cjs-interop.js';
import { computeImages } from './compute/images.js';
import { googleAuthClient } from './google-auth/auth-client.js';
import { gcsStorage } from './gcs/storage.js';
import { fileSessionStore } from './gcs/session-store.js';
import { imageFactory } from './image-factory/client.js';

/**
 * Builds the image flow's adapters. The Google clients are imported here, dynamically, so an
 * entry point has printed its first line before paying for them. Endpoints come from
 * TALOS_FLEET_GCS_ENDPOINT and TALOS_FLEET_COMPUTE_ENDPOINT (Private Service Connect, tests).
 */

export interface ImagePortsOptions {
  factoryUrl: string;
  project: string;
  accessToken: string | undefined;
  env: NodeJS.ProcessEnv;
  /** Where upload sessions are remembered between runs. */
  stateDir: string;
  policy: RetryPolicy;
  mask: (secret: string) => void;
  onRetry: (message: string) => void;
  onDebug?: (message: string) => void;
}

/**
 * Default upload chunk: 8 MiB (GCS wants multiples of 256 KiB). The client holds a chunk until GCS
 * acknowledges it, so this bounds memory; bench/image.bench.mjs measured ~136 MiB peak RSS and
 * ~88% of a plain loopback copy's throughput with it.
 */
export const DEFAULT_CHUNK_BYTES = 8 * 1024 * 1024;

export function factoryPort(
  options: Pick<ImagePortsOptions, 'factoryUrl' | 'policy' | 'onRetry'>,
): FactoryPort {
  return imageFactory({ baseUrl: options.factoryUrl, policy: options.policy, onRetry: options.onRetry });
}

export async function cloudPorts(
  options: ImagePortsOptions,
): Promise<{ storage: StoragePort; compute: ComputePort }> {
  const chunkSize = chunkBytes(options.env.TALOS_FLEET_GCS_CHUNK_BYTES);
  const [authClient, { Storage }, computeModule] = await Promise.all([
    googleAuthClient({ accessToken: options.accessToken, project: options.project, mask: options.mask }),
    import('@google-cloud/storage'),
    import('@googleapis/compute'),
  ]);
  const { compute } = cjsExports(computeModule);
  const gcsEndpoint = options.env.TALOS_FLEET_GCS_ENDPOINT;
  const storage = new Storage({
    projectId: options.project,
    authClient,
    ...(gcsEndpoint ? { apiEndpoint: gcsEndpoint.replace(/\/+$/, ''), useAuthWithCustomEndpoint: true } : {}),
    // Off: the adapter retries every call itself on the env policy (retryPolicyFromEnv), which
    // the client cannot follow (its session-creation retry refuses a ceiling under 1 s).
    retryOptions: { autoRetry: false },
  });
  const computeEndpoint = options.env.TALOS_FLEET_COMPUTE_ENDPOINT;
  const client = compute({
    version: 'v1',
    // @googleapis/compute pins an older google-auth-library; it only calls `request` on the client.
    auth: authClient as unknown as Parameters<typeof compute>[0] extends { auth?: infer A } ? A : never,
    retry: false,
    ...(computeEndpoint
      ? { rootUrl: computeEndpoint.endsWith('/') ? computeEndpoint : `${computeEndpoint}/` }
      : {}),
  });
  const timeoutSetting = Number(options.env.TALOS_FLEET_IMAGE_TIMEOUT_MS);
  const timeoutMs = Number.isFinite(timeoutSetting) && timeoutSetting > 0 ? timeoutSetting : 15 * 60_000;
  return {
    storage: gcsStorage({
      storage,
      project: options.project,
      sessions: fileSessionStore(join(options.stateDir, 'talos-fleet-image')),
      chunkSize,
      policy: options.policy,
      onRetry: options.onRetry,
      onDebug: options.onDebug,
    }),
    compute: computeImages({
      client,
      project: options.project,
      policy: options.policy,
      timeoutMs,
      pollMs: Math.min(10_000, Math.max(50, options.policy.maxDelayMs)),
      onRetry: options.onRetry,
    }),
  };
}

function chunkBytes(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_CHUNK_BYTES;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0 || n % (256 * 1024) !== 0)
    throw new UserError(
      `TALOS_FLEET_GCS_CHUNK_BYTES must be a positive multiple of 262144, got '${value}'.`,
      {
        fix: 'unset it (8 MiB) or give a multiple of 256 KiB',
      },
    );
  return n;
}
