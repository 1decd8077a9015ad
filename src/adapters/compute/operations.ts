import { setTimeout as sleep } from 'node:timers/promises';
import type { compute_v1 } from '@googleapis/compute';
import { describeError } from '../../core/http-error.js';
import { pollUntil } from '../../core/poll-until.js';
import { UserError } from '../../core/user-error.js';
import { httpStatus } from '../http-errors.js';

/**
 * What every Compute adapter shares: waiting for a global, regional or zonal operation through
 * `wait` (which GCE holds up to two minutes per call) until a deadline, and reading refusals off
 * the Google error body: in use, quota, permission.
 */

export type Operation = compute_v1.Schema$Operation;

export const IN_USE_REASON = 'resourceInUseByAnotherResource';
export const IN_USE_CODE = 'RESOURCE_IN_USE_BY_ANOTHER_RESOURCE';

export interface OperationWaitOptions {
  client: compute_v1.Compute;
  project: string;
  /** One `wait` request, retried as the caller retries its calls. */
  call: <T>(what: string, fn: () => Promise<{ data: T }>) => Promise<T>;
  timeoutMs: number;
}

/** Waits until the operation is DONE and returns it; its `error` is the caller's to read. */
export async function waitForOperation(
  options: OperationWaitOptions,
  op: Operation,
  what: string,
  onProgress: (message: string) => void,
): Promise<Operation> {
  const { client, project, call } = options;
  const name = op.name ?? '';
  const zone = op.zone?.replace(/.*\/zones\//, '');
  const region = op.region?.replace(/.*\/regions\//, '');
  let current = op;
  return pollUntil<Operation>(
    async () => {
      if (current.status === 'DONE') return { done: true, value: current };
      current = await call(`wait ${name}`, () =>
        zone
          ? client.zoneOperations.wait({ project, zone, operation: name })
          : region
            ? client.regionOperations.wait({ project, region, operation: name })
            : client.globalOperations.wait({ project, operation: name }),
      );
      return current.status === 'DONE'
        ? { done: true, value: current }
        : { done: false, evidence: `${current.status ?? '?'} ${current.progress ?? 0}%` };
    },
    {
      what: `${what} (operation ${name})`,
      intervalMs: 250,
      timeoutMs: options.timeoutMs,
      now: () => Date.now(),
      sleep: (ms) => sleep(ms),
      onProgress: (elapsed, evidence) =>
        onProgress(`${what}: ${evidence ?? 'running'} after ${Math.round(elapsed / 1000)} s`),
      fix: `check it with gcloud compute operations describe ${name}, then re-run: the step continues where it stopped`,
    },
  );
}

export function statusOf(error: unknown): number | undefined {
  return httpStatus(error) ?? httpStatus((error as { cause?: unknown }).cause);
}

/** The first `reason` of a Google error body, down the cause chain. */
export function reasonOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 3; depth++) {
    const errors = (e as { response?: { data?: { error?: { errors?: { reason?: unknown }[] } } } }).response
      ?.data?.error?.errors;
    const reason = errors?.[0]?.reason;
    if (typeof reason === 'string') return reason;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function quotaError(what: string, message: string, project: string): UserError {
  const metric = /Quota '([^']+)'/.exec(message)?.[1];
  return new UserError(`${what}: quota exceeded: ${message}`, {
    fix: `raise the ${metric ? `${metric} ` : ''}quota of project ${project} (console: IAM & Admin > Quotas) or delete unused objects, then re-run`,
    title: 'Compute quota exceeded',
  });
}

/**
 * Quota and permission refusals as UserErrors that name the quota or the permission (never
 * retried); `roles` says which roles grant what the step needs. Anything else passes through.
 */
export function computeRefusal(error: unknown, what: string, project: string, roles: string): unknown {
  const reason = reasonOf(error);
  const message = describeError(error);
  if (
    reason === 'quotaExceeded' ||
    (reason === 'rateLimitExceeded' && /quota/i.test(message)) ||
    /Quota '[^']+' exceeded/.test(message)
  )
    return quotaError(what, message, project);
  const status = statusOf(error);
  if (status === 401 || status === 403) {
    const permission = /Required '([^']+)' permission/.exec(message)?.[1];
    return new UserError(`Compute Engine refused ${what}: ${message}`, {
      fix: `${permission ? `grant ${permission}: ` : ''}give the identity ${roles} on project ${project} (docs/iam.md), and check that these credentials are for project ${project}`,
      title: 'Compute permission denied',
      cause: error,
    });
  }
  return error;
}

/** An operation's errors as one line, or undefined when it succeeded. */
export function operationErrorText(op: Operation): string | undefined {
  const errors = op.error?.errors ?? [];
  return errors.length ? errors.map((e) => `${e.code ?? ''}: ${e.message ?? ''}`).join('; ') : undefined;
}
