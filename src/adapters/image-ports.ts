import { join } from 'node:path';
import { ensureImage, type ImageRequest, type ImageResult } from '../core/image/ensure-image.js';
import { type ImageInputs, toImageRequest } from '../core/image/options.js';
import type { ComputePort, StoragePort } from '../core/image/ports.js';
import type { Log } from '../core/log.js';
import type { RetryPolicy } from '../core/retry-policy.js';
import { envNumber } from '../core/env-number.js';
import { cjsExports } from './cjs-interop.js';
import { computeImages } from './compute/images.js';
import { googleAuthClient } from './google-auth/auth-client.js';
import { gcsStorage } from './gcs/storage.js';
import { fileSessionStore } from './gcs/session-store.js';
import { imageFactory } from './image-factory/client.js';
import { loadSchematic } from './image-factory/schematic-input.js';
import { retryPolicyFromEnv } from './retry.js';

/**
 * The image flow with its adapters, shared by the action and the CLI. The Google clients are
 * imported here, dynamically, so an entry point has printed its first line before paying for them.
 * Endpoints come from TALOS_FLEET_GCS_ENDPOINT and TALOS_FLEET_COMPUTE_ENDPOINT (Private Service
 * Connect, tests).
 */

export interface ImageFlowOptions {
  /** Already masked where it was read; undefined: Application Default Credentials. */
  accessToken: string | undefined;
  env: NodeJS.ProcessEnv;
  /** Where a schematic path is relative to. */
  workspace: string;
  /** Where upload sessions are remembered between runs. */
  stateDir: string;
  log: Log;
  mask: (secret: string) => void;
}

/** Reads the schematic input, builds the adapters and makes the image exist. */
export async function runImageFlow(
  inputs: ImageInputs,
  options: ImageFlowOptions,
): Promise<{ request: ImageRequest; result: ImageResult }> {
  const { log } = options;
  const request = toImageRequest(inputs, await loadSchematic(inputs.schematic, options.workspace));
  const policy = retryPolicyFromEnv(options.env);
  const onRetry = (m: string) => log.info(`  ${m}`);
  const factory = imageFactory({ baseUrl: inputs['factory-url'], policy, onRetry });
  const { storage, compute } = await cloudPorts({
    project: request.project,
    accessToken: options.accessToken,
    env: options.env,
    stateDir: options.stateDir,
    policy,
    mask: options.mask,
    onRetry,
    onDebug: (m) => log.debug(m),
  });
  const result = await ensureImage(request, { factory, storage, compute, log, now: () => performance.now() });
  return { request, result };
}

interface CloudPortsOptions extends Pick<ImageFlowOptions, 'accessToken' | 'env' | 'stateDir' | 'mask'> {
  project: string;
  policy: RetryPolicy;
  onRetry: (message: string) => void;
  onDebug: (message: string) => void;
}

/**
 * Default upload chunk: 8 MiB (GCS wants multiples of 256 KiB). The client holds a chunk until GCS
 * acknowledges it, so this bounds memory; bench/image.bench.mjs measured ~136 MiB peak RSS and
 * ~88% of a plain loopback copy's throughput with it.
 */
const DEFAULT_CHUNK_BYTES = 8 * 1024 * 1024;

async function cloudPorts(
  options: CloudPortsOptions,
): Promise<{ storage: StoragePort; compute: ComputePort }> {
  const chunkSize = envNumber(options.env, 'TALOS_FLEET_GCS_CHUNK_BYTES', {
    fallback: DEFAULT_CHUNK_BYTES,
    integer: true,
    min: 256 * 1024,
    multipleOf: 256 * 1024,
  });
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
  const timeoutMs = envNumber(options.env, 'TALOS_FLEET_IMAGE_TIMEOUT_MS', { fallback: 15 * 60_000, min: 1 });
  return {
    storage: gcsStorage({
      storage,
      sessions: fileSessionStore(join(options.stateDir, 'talos-fleet-image')),
      uploadOrigin: new URL(gcsEndpoint ?? 'https://storage.googleapis.com').origin,
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
