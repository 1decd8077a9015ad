import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { kubeApi } from '../adapters/kubernetes/management-api.js';
import { DEFAULT_WATCH_TUNING } from '../adapters/kubernetes/cluster-watch.js';
import { clusterTools } from '../adapters/cli/cluster-tools.js';
import { workflowArtifacts } from '../adapters/artifact/workflow-artifact.js';
import { retryPolicyFromEnv } from '../adapters/retry.js';
import type { FilesPort, StatusSink } from '../core/cluster/ports.js';
import type { Log } from '../core/log.js';
import { UserError } from '../core/user-error.js';
import type { ClusterPorts } from '../flows/cluster.js';
import { readStatusFileIfExists, writeStatusFile } from './status-report.js';

/** The ports of the cluster flow on a runner or a terminal. */

export interface ClusterTuning {
  progressIntervalMs: number;
  watchTimeoutSeconds: number;
  watchRestartMs: number;
}

/**
 * Timings tests and benchmarks shrink: TALOS_FLEET_PROGRESS_INTERVAL_MS (default 20 000, the
 * 15–30 s the issue asks for), TALOS_FLEET_WATCH_TIMEOUT_SECONDS (default 25, under client-node's
 * 30 s idle timeout) and TALOS_FLEET_WATCH_RESTART_MS. A bad value is an error, not a fallback.
 */
export function clusterTuning(env: NodeJS.ProcessEnv): ClusterTuning {
  const num = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const v = Number(raw);
    if (!Number.isFinite(v) || v < min || v > max)
      throw new UserError(`environment variable ${name} is '${raw}', not a number from ${min} to ${max}`, {
        fix: `unset ${name} or give it a number from ${min} to ${max}`,
      });
    return v;
  };
  return {
    progressIntervalMs: num('TALOS_FLEET_PROGRESS_INTERVAL_MS', 20_000, 10, 600_000),
    watchTimeoutSeconds: num('TALOS_FLEET_WATCH_TIMEOUT_SECONDS', DEFAULT_WATCH_TUNING.timeoutSeconds, 1, 29),
    watchRestartMs: num('TALOS_FLEET_WATCH_RESTART_MS', DEFAULT_WATCH_TUNING.restartDelayMs, 1, 60_000),
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

/**
 * The status document at `path`, changed one update at a time (parallel clusters in one process
 * never lose an update). No document yet (no plan step wrote one): nothing to report into.
 */
export function fileStatusSink(path: string, log: Log): StatusSink {
  let queue: Promise<unknown> = Promise.resolve();
  let warned = false;
  return {
    update(change) {
      const next = queue.then(async () => {
        const doc = await readStatusFileIfExists(path);
        if (!doc) {
          if (!warned) log.info(`No status document at ${path}: progress goes to the log only.`);
          warned = true;
          return undefined;
        }
        return writeStatusFile(path, change(doc));
      });
      queue = next.catch(() => undefined);
      return next as ReturnType<StatusSink['update']>;
    },
  };
}

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
    status:
      options.statusFile === undefined
        ? undefined
        : fileStatusSink(resolve(options.cwd, options.statusFile), log),
    artifact: options.artifacts ? workflowArtifacts(options.env, 7) : undefined,
    clock: { now: () => Date.now(), sleep: (ms) => sleep(ms) },
    mask: options.mask,
  };
}
