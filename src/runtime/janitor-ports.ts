import { setTimeout as sleep } from 'node:timers/promises';
import { envNumber } from '../core/env-number.js';
import type { Log } from '../core/log.js';
import { computeSweep } from '../adapters/compute/sweep.js';
import { gcsStateStore } from '../adapters/gcs/state-store.js';
import { googleAuthClient } from '../adapters/google-auth/auth-client.js';
import { computeClient, storageClient } from '../adapters/google-clients.js';
import { retryPolicyFromEnv } from '../adapters/retry.js';
import type { JanitorPorts } from '../flows/janitor.js';

/**
 * The janitor's ports for the real world: Compute and, with a state bucket, GCS, on one auth
 * client. TALOS_FLEET_JANITOR_TIMEOUT_MS bounds each delete operation (default 10 minutes).
 */
export async function janitorPorts(options: {
  project: string;
  accessToken: string | undefined;
  stateBucket: string | undefined;
  /** Only this prefix of the state bucket (teardown of one fleet). */
  statePrefix?: string;
  env: NodeJS.ProcessEnv;
  mask: (secret: string) => void;
  log: Log;
}): Promise<JanitorPorts> {
  const { env, log } = options;
  const policy = retryPolicyFromEnv(env);
  const timeoutMs = envNumber(env, 'TALOS_FLEET_JANITOR_TIMEOUT_MS', { fallback: 10 * 60_000, min: 1 });
  const auth = await googleAuthClient({
    accessToken: options.accessToken,
    project: options.project,
    mask: options.mask,
  });
  const onRetry = (m: string) => log.info(`  ${m}`);
  const compute = computeSweep({
    client: await computeClient(auth, env),
    project: options.project,
    policy,
    timeoutMs,
    onRetry,
  });
  if (!options.stateBucket) return { compute };
  const state = gcsStateStore({
    storage: await storageClient(auth, options.project, env),
    bucket: options.stateBucket,
    ...(options.statePrefix ? { prefix: options.statePrefix } : {}),
    policy,
    onRetry,
  });
  return { compute, state };
}

/**
 * How a sweep is paced: 8 deletes in flight per kind, up to 6 passes with a pause between them
 * (TALOS_FLEET_JANITOR_PASS_PAUSE_MS, default 20 s), so an in-use refusal has time to resolve.
 */
export function janitorPacing(env: NodeJS.ProcessEnv) {
  return {
    concurrency: 8,
    maxPasses: 6,
    passPauseMs: envNumber(env, 'TALOS_FLEET_JANITOR_PASS_PAUSE_MS', { fallback: 20_000, min: 0 }),
    sleep: (ms: number) => sleep(ms),
  };
}
