import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { kubeApi } from '../adapters/kubernetes/management-api.js';
import { DEFAULT_WATCH_TUNING } from '../adapters/kubernetes/cluster-watch.js';
import { clusterTools } from '../adapters/cli/cluster-tools.js';
import { workflowArtifacts } from '../adapters/artifact/workflow-artifact.js';
import { retryPolicyFromEnv } from '../adapters/retry.js';
import type { FilesPort, StatusSink } from '../core/cluster/ports.js';
import { fileStatusSink } from './status-file-sink.js';
import type { Log } from '../core/log.js';
import { envNumber } from '../core/env-number.js';
import type { ClusterPorts } from '../flows/cluster.js';

/** The ports of the cluster flow on a runner or a terminal. */

export interface ClusterTuning {
  progressIntervalMs: number;
  watchTimeoutSeconds: number;
  watchRestartMs: number;
}

/**
 * Timings tests and benchmarks shrink: TALOS_FLEET_PROGRESS_INTERVAL_MS (default 20 000, within
 * the 15–30 s asked for), TALOS_FLEET_WATCH_TIMEOUT_SECONDS (default 25, under client-node's 30 s
 * idle timeout) and TALOS_FLEET_WATCH_RESTART_MS. A bad value is an error, not a fallback.
 */
export function clusterTuning(env: NodeJS.ProcessEnv): ClusterTuning {
  return {
    progressIntervalMs: envNumber(env, 'TALOS_FLEET_PROGRESS_INTERVAL_MS', {
      fallback: 20_000,
      min: 10,
      max: 600_000,
    }),
    watchTimeoutSeconds: envNumber(env, 'TALOS_FLEET_WATCH_TIMEOUT_SECONDS', {
      fallback: DEFAULT_WATCH_TUNING.timeoutSeconds,
      min: 1,
      max: 29,
      integer: true,
    }),
    watchRestartMs: envNumber(env, 'TALOS_FLEET_WATCH_RESTART_MS', {
      fallback: DEFAULT_WATCH_TUNING.restartDelayMs,
      min: 1,
      max: 60_000,
    }),
  };
}

export const nodeFiles: FilesPort = {
  read: (path) => readFile(path, 'utf8'),
  async writeSecret(path, content) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content, { mode: 0o600 });
    // writeFile keeps the mode of a file that already exists.
    await chmod(path, 0o600);
  },
  async writeText(path, content) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  },
};

export function clusterPorts(options: {
  env: NodeJS.ProcessEnv;
  cwd: string;
  tempDir: string;
  statusFile: string | undefined;
  log: Log;
  mask: (secret: string) => void;
  artifacts: boolean;
}): ClusterPorts {
  const tuning = clusterTuning(options.env);
  const policy = retryPolicyFromEnv(options.env);
  const { log } = options;
  return {
    log,
    files: nodeFiles,
    tools: clusterTools({ env: options.env, tempDir: options.tempDir, kindWait: '5m' }),
    connect: (kubeconfig) =>
      kubeApi(kubeconfig, {
        policy,
        watch: {
          timeoutSeconds: tuning.watchTimeoutSeconds,
          restartDelayMs: tuning.watchRestartMs,
          onError: (m) => log.debug(m),
        },
        onRetry: (m) => log.info(m),
      }),
    status: statusSinkIfPresent(options.cwd, options.statusFile, log),
    artifact: options.artifacts ? workflowArtifacts(options.env, 7) : undefined,
    clock: { now: () => Date.now(), sleep: (ms) => sleep(ms) },
    mask: options.mask,
  };
}

/** The status document the plan step started; without one (no plan step in this job) progress goes to the log only. */
function statusSinkIfPresent(cwd: string, statusFile: string | undefined, log: Log): StatusSink | undefined {
  if (statusFile === undefined) return undefined;
  const path = resolve(cwd, statusFile);
  if (existsSync(path)) return fileStatusSink(path);
  log.info(`No status document at ${statusFile}: progress goes to the log only (the plan step starts one).`);
  return undefined;
}
