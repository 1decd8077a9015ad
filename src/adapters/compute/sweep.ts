import type { compute_v1 } from '@googleapis/compute';
import { describeError } from '../../core/http-error.js';
import type { RemoveOutcome, SweepComputePort } from '../../core/janitor/ports.js';
import type { CloudResource, ResourceKind } from '../../core/janitor/resources.js';
import { resourceId } from '../../core/janitor/resources.js';
import type { RetryPolicy } from '../../core/retry-policy.js';
import { UserError } from '../../core/user-error.js';
import { isTransient } from '../http-errors.js';
import { retryingCall } from '../retry.js';
import {
  computeRefusal,
  IN_USE_CODE,
  IN_USE_REASON,
  type Operation,
  operationErrorText,
  reasonOf,
  statusOf,
  waitForOperation,
} from './operations.js';

/**
 * The janitor's and teardown's Compute calls through @googleapis/compute. Listing costs a fixed
 * number of filtered calls (aggregated where a kind is regional or zonal): the filter runs in
 * GCE, so the count grows with the kinds swept, not with the project's size. Marked resources
 * are found by `labels.managed-by = talos-fleet` or the description marker; CAPG's unlabelled
 * pieces by a name regex built from the fleets' cluster names.
 */

export interface SweepComputeOptions {
  client: compute_v1.Compute;
  project: string;
  policy: RetryPolicy;
  /** Longest wait for one delete operation. */
  timeoutMs: number;
  onRetry: (message: string) => void;
}

type Body = Record<string, unknown>;
interface Page {
  items?: unknown;
  nextPageToken?: string | null;
}

/** Aggregated scope keys to our kinds: `global`, `regions/<r>`, `zones/<z>`. */
const SCOPED: Record<string, { global?: ResourceKind; regional?: ResourceKind; zonal?: ResourceKind }> = {
  addresses: { global: 'globalAddress', regional: 'address' },
  forwardingRules: { global: 'globalForwardingRule', regional: 'forwardingRule' },
  backendServices: { global: 'backendService', regional: 'regionBackendService' },
  healthChecks: { global: 'healthCheck', regional: 'regionHealthCheck' },
  targetTcpProxies: { global: 'targetTcpProxy' },
  instances: { zonal: 'instance' },
  disks: { zonal: 'disk' },
  instanceGroups: { zonal: 'instanceGroup' },
  subnetworks: { regional: 'subnetwork' },
  routers: { regional: 'router' },
};

const LABELLED = 'labels.managed-by = talos-fleet';
const DESCRIBED = 'description eq "talos-fleet: .*"';

export function computeSweep(
  options: SweepComputeOptions,
): SweepComputePort & { readonly listCalls: number } {
  const { client, project } = options;
  let listCalls = 0;
  const call = <T>(what: string, fn: () => Promise<{ data: T }>): Promise<T> =>
    retryingCall(what, fn, {
      policy: options.policy,
      retryable: isTransient,
      describe: describeError,
      log: options.onRetry,
    }).then(
      (res) => res.data,
      (error: unknown) => {
        throw computeRefusal(
          error,
          what,
          project,
          'roles/compute.instanceAdmin.v1, roles/compute.networkAdmin, roles/compute.securityAdmin and roles/compute.storageAdmin',
        );
      },
    );

  async function list(
    collection: string,
    what: string,
    fetch: (pageToken: string | undefined) => Promise<{ data: Page }>,
    globalKind?: ResourceKind,
  ): Promise<CloudResource[]> {
    const out: CloudResource[] = [];
    let pageToken: string | undefined;
    do {
      listCalls++;
      const page = await call(what, () => fetch(pageToken));
      if (Array.isArray(page.items)) {
        for (const item of page.items as Body[])
          if (globalKind) out.push(resource(globalKind, item, undefined));
      } else {
        for (const [scope, entry] of Object.entries((page.items ?? {}) as Record<string, Body>)) {
          const kinds = SCOPED[collection] ?? {};
          const [where, location] = scope.split('/') as [string, string | undefined];
          const kind = where === 'global' ? kinds.global : where === 'regions' ? kinds.regional : kinds.zonal;
          if (!kind) continue;
          for (const item of (entry[collection] ?? []) as Body[]) out.push(resource(kind, item, location));
        }
      }
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    return out;
  }

  return {
    get listCalls() {
      return listCalls;
    },

    async listMarked() {
      const p = { project };
      const lists = await Promise.all([
        list(
          'images',
          'list images',
          (pageToken) => client.images.list({ ...p, filter: LABELLED, pageToken }),
          'image',
        ),
        list('addresses', 'list addresses', (pageToken) =>
          client.addresses.aggregatedList({ ...p, filter: LABELLED, pageToken }),
        ),
        list('forwardingRules', 'list forwarding rules', (pageToken) =>
          client.forwardingRules.aggregatedList({ ...p, filter: LABELLED, pageToken }),
        ),
        list('instances', 'list instances', (pageToken) =>
          client.instances.aggregatedList({ ...p, filter: LABELLED, pageToken }),
        ),
        list('disks', 'list disks', (pageToken) =>
          client.disks.aggregatedList({ ...p, filter: LABELLED, pageToken }),
        ),
        list(
          'networks',
          'list networks',
          (pageToken) => client.networks.list({ ...p, filter: DESCRIBED, pageToken }),
          'network',
        ),
        list('subnetworks', 'list subnetworks', (pageToken) =>
          client.subnetworks.aggregatedList({ ...p, filter: DESCRIBED, pageToken }),
        ),
        list('routers', 'list routers', (pageToken) =>
          client.routers.aggregatedList({ ...p, filter: DESCRIBED, pageToken }),
        ),
        list(
          'firewalls',
          'list firewalls',
          (pageToken) => client.firewalls.list({ ...p, filter: DESCRIBED, pageToken }),
          'firewall',
        ),
        list(
          'routes',
          'list routes',
          (pageToken) => client.routes.list({ ...p, filter: DESCRIBED, pageToken }),
          'route',
        ),
        list('healthChecks', 'list health checks', (pageToken) =>
          client.healthChecks.aggregatedList({ ...p, filter: DESCRIBED, pageToken }),
        ),
      ]);
      return unique(lists.flat());
    },

    async listDerived(clusters) {
      if (clusters.length === 0) return [];
      // Cluster names are GCE names (a-z, 0-9, -), so they need no escaping inside the RE2 regex.
      const names = clusters.join('|');
      const lb = `name eq "(${names})-(apiserver|api-internal)(-[a-z0-9-]+)?"`;
      const fw = `name eq "allow-(${names})-(healthchecks|cluster)"`;
      const p = { project };
      const lists = await Promise.all([
        list('healthChecks', 'list health checks', (pageToken) =>
          client.healthChecks.aggregatedList({ ...p, filter: lb, pageToken }),
        ),
        list('backendServices', 'list backend services', (pageToken) =>
          client.backendServices.aggregatedList({ ...p, filter: lb, pageToken }),
        ),
        list('targetTcpProxies', 'list target TCP proxies', (pageToken) =>
          client.targetTcpProxies.aggregatedList({ ...p, filter: lb, pageToken }),
        ),
        list('instanceGroups', 'list instance groups', (pageToken) =>
          client.instanceGroups.aggregatedList({ ...p, filter: lb, pageToken }),
        ),
        list('addresses', 'list addresses', (pageToken) =>
          client.addresses.aggregatedList({ ...p, filter: lb, pageToken }),
        ),
        list('forwardingRules', 'list forwarding rules', (pageToken) =>
          client.forwardingRules.aggregatedList({ ...p, filter: lb, pageToken }),
        ),
        list(
          'firewalls',
          'list firewalls',
          (pageToken) => client.firewalls.list({ ...p, filter: fw, pageToken }),
          'firewall',
        ),
      ]);
      return unique(lists.flat());
    },

    async remove(r, onProgress): Promise<RemoveOutcome> {
      const what = `delete ${resourceId(r)}`;
      let op: Operation;
      try {
        op = await call(what, () => deleteCall(client, project, r));
      } catch (error) {
        if (statusOf(error) === 404) return { outcome: 'gone' };
        // In use, or being changed by another operation (CAPG deleting it too): a later pass retries.
        const reason = reasonOf(error);
        if (reason === IN_USE_REASON || reason === 'resourceNotReady')
          return { outcome: 'in-use', evidence: describeError(error) };
        if (error instanceof UserError) throw error;
        if (statusOf(error) === 400)
          throw new UserError(`Compute Engine rejected ${what}: ${describeError(error)}`, {
            title: 'Compute request rejected',
            cause: error,
          });
        throw error;
      }
      const done = await waitForOperation(
        { client, project, call, timeoutMs: options.timeoutMs },
        op,
        what,
        onProgress,
      );
      const codes = (done.error?.errors ?? []).map((e) => e.code);
      if (codes.includes(IN_USE_CODE))
        return { outcome: 'in-use', evidence: operationErrorText(done) ?? IN_USE_CODE };
      if (codes.includes('RESOURCE_NOT_FOUND')) return { outcome: 'gone' };
      const failure = operationErrorText(done);
      if (failure) throw new UserError(`${what} failed: ${failure}`, { title: 'Compute operation failed' });
      return { outcome: 'deleted' };
    },
  };
}

function resource(kind: ResourceKind, item: Body, location: string | undefined): CloudResource {
  const selfLink = typeof item.selfLink === 'string' ? item.selfLink : '';
  const labels = item.labels as Record<string, string> | undefined;
  const users = Array.isArray(item.users) ? (item.users as string[]) : undefined;
  return {
    kind,
    name: String(item.name),
    project: /\/projects\/([^/]+)\//.exec(selfLink)?.[1] ?? '',
    ...(location ? { location } : {}),
    ...(labels ? { labels } : {}),
    ...(typeof item.description === 'string' ? { description: item.description } : {}),
    ...(users ? { users } : {}),
  };
}

function unique(resources: readonly CloudResource[]): CloudResource[] {
  const seen = new Map<string, CloudResource>();
  for (const r of resources) if (!seen.has(resourceId(r))) seen.set(resourceId(r), r);
  return [...seen.values()];
}

function deleteCall(
  client: compute_v1.Compute,
  project: string,
  r: CloudResource,
): Promise<{ data: Operation }> {
  const region = r.location ?? '';
  const zone = r.location ?? '';
  const n = r.name;
  switch (r.kind) {
    case 'globalForwardingRule':
      return client.globalForwardingRules.delete({ project, forwardingRule: n });
    case 'forwardingRule':
      return client.forwardingRules.delete({ project, region, forwardingRule: n });
    case 'targetTcpProxy':
      return client.targetTcpProxies.delete({ project, targetTcpProxy: n });
    case 'backendService':
      return client.backendServices.delete({ project, backendService: n });
    case 'regionBackendService':
      return client.regionBackendServices.delete({ project, region, backendService: n });
    case 'healthCheck':
      return client.healthChecks.delete({ project, healthCheck: n });
    case 'regionHealthCheck':
      return client.regionHealthChecks.delete({ project, region, healthCheck: n });
    case 'globalAddress':
      return client.globalAddresses.delete({ project, address: n });
    case 'address':
      return client.addresses.delete({ project, region, address: n });
    case 'instance':
      return client.instances.delete({ project, zone, instance: n });
    case 'instanceGroup':
      return client.instanceGroups.delete({ project, zone, instanceGroup: n });
    case 'disk':
      return client.disks.delete({ project, zone, disk: n });
    case 'image':
      return client.images.delete({ project, image: n });
    case 'firewall':
      return client.firewalls.delete({ project, firewall: n });
    case 'route':
      return client.routes.delete({ project, route: n });
    case 'router':
      return client.routers.delete({ project, region, router: n });
    case 'subnetwork':
      return client.subnetworks.delete({ project, region, subnetwork: n });
    case 'network':
      return client.networks.delete({ project, network: n });
  }
}
