import { setTimeout as sleep } from 'node:timers/promises';
import type { compute_v1 } from '@googleapis/compute';
import { COLLECTION, type NetworkKind, type NetworkObject, objectId } from '../../core/network/objects.js';
import type { NetworkComputePort } from '../../core/network/ports.js';
import { pollUntil, PollTimeoutError } from '../../core/poll-until.js';
import type { RetryPolicy } from '../../core/retry-policy.js';
import { UserError } from '../../core/user-error.js';
import { describeError } from '../../core/http-error.js';
import { isTransient } from '../http-errors.js';
import {
  IN_USE_CODE,
  IN_USE_REASON,
  quotaError,
  reasonOf,
  statusOf,
  waitForOperation,
} from './operations.js';
import { retryingCall } from '../retry.js';

/**
 * The network step's Compute calls through @googleapis/compute: lists filtered by the fleet's
 * name prefix (aggregated for the regional kinds), insert/patch/delete each waited on through
 * the global or regional operation's `wait`, transient failures retried, and refusals the user
 * can act on (quota, permission, an object still in use) turned into UserErrors naming them.
 */

export interface NetworkComputeOptions {
  client: compute_v1.Compute;
  project: string;
  policy: RetryPolicy;
  /** Longest wait for one operation. */
  timeoutMs: number;
  /** How long a delete refused because something still uses the object is retried. */
  inUseTimeoutMs: number;
  /** The longest pause between those retries (they back off from a tenth of it). */
  inUseIntervalMs: number;
  onRetry: (message: string) => void;
}

type Op = compute_v1.Schema$Operation;
type Body = Record<string, unknown>;

export function computeNetwork(options: NetworkComputeOptions): NetworkComputePort {
  const { client, project } = options;
  const call = <T>(what: string, fn: () => Promise<{ data: T }>): Promise<T> =>
    retryingCall(what, fn, {
      policy: options.policy,
      retryable: isTransient,
      describe: describeError,
      log: options.onRetry,
    }).then(
      (res) => res.data,
      (error: unknown) => {
        throw refusal(error, what, project);
      },
    );

  const region = (o: NetworkObject) => o.scope.replace(/^regions\//, '');

  function insert(o: NetworkObject): Promise<Op> {
    const requestBody = o.body as never;
    const what = `insert ${objectId(o)}`;
    switch (o.kind) {
      case 'network':
        return call(what, () => client.networks.insert({ project, requestBody }));
      case 'subnetwork':
        return call(what, () => client.subnetworks.insert({ project, region: region(o), requestBody }));
      case 'router':
        return call(what, () => client.routers.insert({ project, region: region(o), requestBody }));
      case 'firewall':
        return call(what, () => client.firewalls.insert({ project, requestBody }));
      case 'healthCheck':
        return call(what, () => client.healthChecks.insert({ project, requestBody }));
    }
  }

  function patch(o: NetworkObject, body: Body): Promise<Op> {
    const requestBody = body as never;
    const what = `patch ${objectId(o)}`;
    switch (o.kind) {
      case 'network':
        return call(what, () => client.networks.patch({ project, network: o.name, requestBody }));
      case 'subnetwork':
        return call(what, () =>
          client.subnetworks.patch({ project, region: region(o), subnetwork: o.name, requestBody }),
        );
      case 'router':
        return call(what, () =>
          client.routers.patch({ project, region: region(o), router: o.name, requestBody }),
        );
      case 'firewall':
        return call(what, () => client.firewalls.patch({ project, firewall: o.name, requestBody }));
      case 'healthCheck':
        return call(what, () => client.healthChecks.patch({ project, healthCheck: o.name, requestBody }));
    }
  }

  function remove(o: NetworkObject): Promise<Op> {
    const what = `delete ${objectId(o)}`;
    switch (o.kind) {
      case 'network':
        return call(what, () => client.networks.delete({ project, network: o.name }));
      case 'subnetwork':
        return call(what, () =>
          client.subnetworks.delete({ project, region: region(o), subnetwork: o.name }),
        );
      case 'router':
        return call(what, () => client.routers.delete({ project, region: region(o), router: o.name }));
      case 'firewall':
        return call(what, () => client.firewalls.delete({ project, firewall: o.name }));
      case 'healthCheck':
        return call(what, () => client.healthChecks.delete({ project, healthCheck: o.name }));
    }
  }

  async function get(o: NetworkObject): Promise<NetworkObject> {
    const what = `get ${objectId(o)}`;
    const body = await (() => {
      switch (o.kind) {
        case 'network':
          return call(what, () => client.networks.get({ project, network: o.name }));
        case 'subnetwork':
          return call(what, () => client.subnetworks.get({ project, region: region(o), subnetwork: o.name }));
        case 'router':
          return call(what, () => client.routers.get({ project, region: region(o), router: o.name }));
        case 'firewall':
          return call(what, () => client.firewalls.get({ project, firewall: o.name }));
        case 'healthCheck':
          return call(what, () => client.healthChecks.get({ project, healthCheck: o.name }));
      }
    })();
    return { ...o, body: body as Body };
  }

  function finish(op: Op, what: string, onProgress: (m: string) => void): Promise<Op> {
    return waitForOperation({ client, project, call, timeoutMs: options.timeoutMs }, op, what, onProgress);
  }

  function operationFailure(op: Op, what: string): UserError | undefined {
    const errors = op.error?.errors ?? [];
    if (errors.length === 0) return undefined;
    const text = errors.map((e) => `${e.code ?? ''}: ${e.message ?? ''}`).join('; ');
    if (errors.some((e) => e.code === 'QUOTA_EXCEEDED')) return quotaError(what, text, project);
    return new UserError(`${what} failed: ${text}`, {
      fix: 'fix the cause named above, then re-run: objects already made are kept',
      title: 'Compute operation failed',
    });
  }

  return {
    async observe(prefix, network) {
      const filter = `name eq "${prefix}.*"`;
      const [nets, subnets, routers, firewalls, healthChecks] = await Promise.all([
        call(`get network ${network}`, () => client.networks.get({ project, network })).then(
          (n) => [{ kind: 'network' as const, name: network, scope: 'global', body: n as Body }],
          (error: unknown) => {
            if (statusOf(error) === 404) return [];
            throw error;
          },
        ),
        aggregated('subnetwork', (pageToken) =>
          call('list subnetworks', () => client.subnetworks.aggregatedList({ project, filter, pageToken })),
        ),
        aggregated('router', (pageToken) =>
          call('list routers', () => client.routers.aggregatedList({ project, filter, pageToken })),
        ),
        pages('firewall', (pageToken) =>
          call('list firewalls', () => client.firewalls.list({ project, filter, pageToken })),
        ),
        pages('healthCheck', (pageToken) =>
          call('list health checks', () => client.healthChecks.list({ project, filter, pageToken })),
        ),
      ]);
      return [...nets, ...subnets, ...routers, ...firewalls, ...healthChecks];
    },

    async create(o, onProgress) {
      const what = `create ${objectId(o)}`;
      let op: Op;
      try {
        op = await insert(o);
      } catch (error) {
        // Taken already: by an earlier attempt whose answer was lost, or by someone else.
        if (statusOf(error) === 409) return { outcome: 'exists', live: await get(o) };
        throw error;
      }
      const done = await finish(op, what, onProgress);
      if (done.error?.errors?.some((e) => e.code === 'RESOURCE_ALREADY_EXISTS'))
        return { outcome: 'exists', live: await get(o) };
      const failure = operationFailure(done, what);
      if (failure) throw failure;
      return { outcome: 'created' };
    },

    async update(o, body, onProgress) {
      const what = `update ${objectId(o)}`;
      const failure = operationFailure(await finish(await patch(o, body), what, onProgress), what);
      if (failure) throw failure;
    },

    async remove(o, onProgress) {
      const what = `delete ${objectId(o)}`;
      let pause = options.inUseIntervalMs / 10;
      try {
        return await pollUntil<'deleted' | 'gone'>(
          async () => {
            let op: Op;
            try {
              op = await remove(o);
            } catch (error) {
              if (statusOf(error) === 404) return { done: true, value: 'gone' };
              if (reasonOf(error) === IN_USE_REASON) return { done: false, evidence: describeError(error) };
              throw error;
            }
            const done = await finish(op, what, onProgress);
            const inUse = done.error?.errors?.find((e) => e.code === IN_USE_CODE);
            if (inUse) return { done: false, evidence: inUse.message ?? IN_USE_CODE };
            if (done.error?.errors?.some((e) => e.code === 'RESOURCE_NOT_FOUND'))
              return { done: true, value: 'gone' };
            const failure = operationFailure(done, what);
            if (failure) throw failure;
            return { done: true, value: 'deleted' };
          },
          {
            what: `${objectId(o)} to be free to delete`,
            intervalMs: options.inUseIntervalMs,
            timeoutMs: options.inUseTimeoutMs,
            now: () => Date.now(),
            // Backs off: a tenth of the interval first, doubling up to the whole of it.
            sleep: async (ms) => {
              await sleep(Math.min(ms, pause));
              pause = Math.min(options.inUseIntervalMs, pause * 2);
            },
            onProgress: (elapsed, evidence) =>
              onProgress(
                `${what}: still in use after ${Math.round(elapsed / 1000)} s (${evidence ?? ''}); retrying`,
              ),
            fix: 'delete what still uses it first (the clusters: run teardown before network down), then re-run',
          },
        );
      } catch (error) {
        if (error instanceof PollTimeoutError)
          throw new UserError(`Cannot delete ${objectId(o)}: ${error.evidence ?? 'it is still in use'}`, {
            fix: error.fix ?? '',
            title: 'Network object still in use',
            cause: error,
          });
        throw error;
      }
    },
  };

  async function pages(
    kind: NetworkKind,
    list: (
      pageToken: string | undefined,
    ) => Promise<{ items?: unknown[] | null; nextPageToken?: string | null }>,
  ): Promise<NetworkObject[]> {
    const out: NetworkObject[] = [];
    let pageToken: string | undefined;
    do {
      const page = await list(pageToken);
      for (const item of (page.items ?? []) as Body[])
        out.push({ kind, name: String(item.name), scope: 'global', body: item });
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    return out;
  }

  async function aggregated(
    kind: NetworkKind,
    list: (pageToken: string | undefined) => Promise<{
      items?: Record<string, object> | null;
      nextPageToken?: string | null;
    }>,
  ): Promise<NetworkObject[]> {
    const field = COLLECTION[kind];
    const out: NetworkObject[] = [];
    let pageToken: string | undefined;
    do {
      const page = await list(pageToken);
      for (const [scope, entry] of Object.entries(page.items ?? {}))
        for (const item of ((entry as Record<string, unknown>)[field] ?? []) as Body[])
          out.push({ kind, name: String(item.name), scope, body: item });
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    return out;
  }
}

/** Quota and permission refusals become UserErrors at once (never retried); the rest pass through. */
function refusal(error: unknown, what: string, project: string): unknown {
  const status = statusOf(error);
  const reason = reasonOf(error);
  const message = describeError(error);
  if (
    reason === 'quotaExceeded' ||
    (reason === 'rateLimitExceeded' && /quota/i.test(message)) ||
    /Quota '[^']+' exceeded/.test(message)
  )
    return quotaError(what, message, project);
  if (status === 401 || status === 403) {
    const permission = /Required '([^']+)' permission/.exec(message)?.[1];
    return new UserError(`Compute Engine refused ${what}: ${message}`, {
      fix: `${permission ? `grant ${permission}: ` : ''}give the identity roles/compute.networkAdmin and roles/compute.securityAdmin on project ${project}, and check that plan.json fleet.project is the project these credentials are for`,
      title: 'Compute permission denied',
      cause: error,
    });
  }
  if (status === 400 && reason !== IN_USE_REASON)
    return new UserError(`Compute Engine rejected ${what}: ${message}`, {
      fix: 'check the object in network.json against the message; re-plan if it was edited by hand',
      title: 'Compute request rejected',
      cause: error,
    });
  return error;
}
