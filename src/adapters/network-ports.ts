import { access, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Log } from '../core/log.js';
import { type NetworkPlanInput, parseNetworkPlan } from '../core/network/plan-input.js';
import type { NetworkMode, NetworkResult } from '../core/network/summary.js';
import { envNumber } from '../core/env-number.js';
import type { StatusSink } from '../core/status/sink.js';
import { UserError } from '../core/user-error.js';
import { fileStatusSink } from '../runtime/status-file-sink.js';
import { networkFlow } from '../flows/network.js';
import { cjsExports } from './cjs-interop.js';
import { computeNetwork } from './compute/network.js';
import { googleAuthClient } from './google-auth/auth-client.js';
import { retryPolicyFromEnv } from './retry.js';

/**
 * The network flow with its adapters, shared by the action and the CLI: reads and checks
 * plan.json (before any credentials or cloud call), then builds the Compute client, imported
 * here so an entry has printed its first line first. TALOS_FLEET_COMPUTE_ENDPOINT overrides the
 * endpoint (tests, Private Service Connect); TALOS_FLEET_NETWORK_TIMEOUT_MS (one operation,
 * default 10 min) and TALOS_FLEET_NETWORK_IN_USE_TIMEOUT_MS / _INTERVAL_MS (a delete refused
 * while something still uses the object; default 10 min, backing off to 30 s) tune the waits.
 */

export interface NetworkRunOptions {
  mode: NetworkMode;
  /** plan.json, relative to `cwd`. */
  planPath: string;
  /** The status document, relative to `cwd`; skipped with a note when there is none. */
  statusFile: string;
  cwd: string;
  /** Already masked where it was read; undefined: Application Default Credentials. */
  accessToken: string | undefined;
  env: NodeJS.ProcessEnv;
  log: Log;
  mask: (secret: string) => void;
}

export async function readPlanFile(planPath: string, cwd: string): Promise<NetworkPlanInput> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, planPath), 'utf8');
  } catch (error) {
    throw new UserError(
      `Cannot read the plan ${planPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      {
        fix: 'run the plan step first (talos-fleet plan, or the plan action) and point the plan input at its plan.json',
        title: 'input plan',
      },
    );
  }
  return parseNetworkPlan(text, planPath);
}

export async function runNetworkFlow(
  options: NetworkRunOptions,
): Promise<{ plan: NetworkPlanInput; result: NetworkResult }> {
  const plan = await readPlanFile(options.planPath, options.cwd);
  const project = plan.fleet.project;
  const [authClient, computeModule] = await Promise.all([
    googleAuthClient({ accessToken: options.accessToken, project, mask: options.mask }),
    import('@googleapis/compute'),
  ]);
  const { compute } = cjsExports(computeModule);
  const endpoint = options.env.TALOS_FLEET_COMPUTE_ENDPOINT;
  const client = compute({
    version: 'v1',
    // @googleapis/compute pins an older google-auth-library; it only calls `request` on the client.
    auth: authClient as unknown as Parameters<typeof compute>[0] extends { auth?: infer A } ? A : never,
    retry: false,
    ...(endpoint ? { rootUrl: endpoint.endsWith('/') ? endpoint : `${endpoint}/` } : {}),
  });
  const ms = (name: string, fallback: number) => envNumber(options.env, name, { fallback, min: 1 });
  const { log } = options;
  const port = computeNetwork({
    client,
    project,
    policy: retryPolicyFromEnv(options.env),
    timeoutMs: ms('TALOS_FLEET_NETWORK_TIMEOUT_MS', 10 * 60_000),
    inUseTimeoutMs: ms('TALOS_FLEET_NETWORK_IN_USE_TIMEOUT_MS', 10 * 60_000),
    inUseIntervalMs: ms('TALOS_FLEET_NETWORK_IN_USE_INTERVAL_MS', 30_000),
    onRetry: (m) => log.info(`  ${m}`),
  });
  const status =
    options.mode === 'diff'
      ? undefined
      : await statusSink(resolve(options.cwd, options.statusFile), options.statusFile, log);
  const result = await networkFlow(
    { mode: options.mode, plan },
    { compute: port, status, now: () => performance.now(), clock: () => new Date() },
    log,
  );
  return { plan, result };
}

async function statusSink(path: string, shown: string, log: Log): Promise<StatusSink | undefined> {
  try {
    await access(path);
  } catch {
    log.info(`No status document at ${shown} (the plan step writes it): not reporting to it`);
    return undefined;
  }
  return fileStatusSink(path);
}
