import type { Log } from '../core/log.js';
import {
  decideDown,
  decideObject,
  decideUp,
  type Fleet,
  isOurs,
  type Step,
  stepDependencies,
} from '../core/network/decide.js';
import { desiredObjects, objectId } from '../core/network/objects.js';
import type { NetworkPlanInput } from '../core/network/plan-input.js';
import type { NetworkComputePort } from '../core/network/ports.js';
import {
  countsLine,
  type NetworkMode,
  type NetworkResult,
  type NetworkRow,
  summaryRows,
} from '../core/network/summary.js';
import { textTable } from '../core/text-table.js';
import { FLEET_SEPARATOR } from '../core/plan/names.js';
import { runGraph } from '../core/run-graph.js';
import type { StatusSink } from '../core/status/sink.js';
import type { NetworkStatus } from '../core/status/schema.js';
import { addError, setNetwork, setStage } from '../core/status/update.js';
import { UserError } from '../core/user-error.js';

/**
 * The network step: makes GCP match the plan's network (up), shows what that would change
 * (diff), or removes this fleet's network objects (down). It reads everything first, decides
 * (src/core/network/decide.ts), then writes in dependency order with independent objects in
 * parallel. Bad plans and unreadable projects fail before any write.
 */

export interface NetworkFlowOptions {
  mode: NetworkMode;
  plan: NetworkPlanInput;
  /** Writes in flight at once. */
  concurrency?: number;
}

export interface NetworkFlowPorts {
  compute: NetworkComputePort;
  /** Where the status document's network section goes; undefined: no status document. */
  status: StatusSink | undefined;
  /** Milliseconds, for the time each object took. */
  now: () => number;
  /** Wall-clock time for the status document. */
  clock: () => Date;
}

const API_BASE = 'https://www.googleapis.com/compute/v1/';
const DEFAULT_CONCURRENCY = 32;

export async function networkFlow(
  options: NetworkFlowOptions,
  ports: NetworkFlowPorts,
  log: Log,
): Promise<NetworkResult> {
  const { plan, mode } = options;
  const fleet: Fleet = { name: plan.fleet.name, project: plan.fleet.project };
  const networkName = plan.network.name;
  const desired = desiredObjects(plan);

  const live = await log.group(
    `Reading fleet ${fleet.name}'s network objects in project ${fleet.project}`,
    async () => {
      const found = await ports.compute.observe(`${fleet.name}${FLEET_SEPARATOR}`, networkName);
      log.info(
        `${found.length} objects found (name prefix ${fleet.name}${FLEET_SEPARATOR}, and network ${networkName})`,
      );
      return found;
    },
  );
  const liveNetwork = live.find((o) => o.kind === 'network' && o.name === networkName);
  if (!plan.network.create && !liveNetwork && mode !== 'down')
    throw new UserError(
      `The shared network ${networkName} (plan.json network.name, create: false) does not exist in project ${fleet.project}.`,
      {
        fix: 'create it, or leave gcp.network out of the fleet spec so the fleet gets its own network, and re-plan',
        title: 'input plan',
      },
    );
  if (plan.network.create && liveNetwork && !isOurs(fleet, liveNetwork) && mode !== 'diff')
    throw new UserError(
      `Network ${networkName} exists in project ${fleet.project} but is not fleet ${fleet.name}'s (its description has no talos-fleet marker for it); nothing was changed.`,
      {
        fix: `name it as the fleet's shared network (gcp.network: ${networkName}) in the fleet spec and re-plan, or choose another fleet name`,
        title: 'Network object conflict',
      },
    );
  const network =
    typeof liveNetwork?.body.selfLink === 'string'
      ? liveNetwork.body.selfLink
      : `${API_BASE}${plan.network.selfLink}`;

  const steps =
    mode === 'down' ? decideDown(fleet, desired, live, plan.network.create) : decideUp(fleet, desired, live);
  const rows: NetworkRow[] = steps.map((s) => ({
    id: objectId(s.object),
    kind: s.object.kind,
    scope: s.object.scope,
    action: initialAction(s),
    detail: initialDetail(s),
  }));
  for (const r of rows)
    if (r.action === 'conflict') log.warning(r.detail, { title: 'Network object conflict' });
  if (mode === 'diff') {
    const result: NetworkResult = { mode, network, rows, writes: 0, failures: [] };
    logTable(result, log);
    return result;
  }

  const report = (network: NetworkStatus, failure?: string) =>
    ports.status?.update((doc) => {
      let next = setNetwork(doc, network, ports.clock());
      if (mode === 'up' && !failure && doc.stage !== 'failed')
        next = setStage(next, 'network', ports.clock());
      if (failure) next = addError(next, { step: `network ${mode}`, message: failure }, ports.clock());
      return next;
    });
  await report(networkStatus(mode === 'up' ? 'applying' : 'deleting', network, rows, true));

  const deps = stepDependencies(steps, live, fleet.project);
  const failures: NetworkResult['failures'] = [];
  let writes = 0;
  const tasks = steps.map((step, i) => ({
    deps: deps[i] ?? [],
    run: async () => {
      const row = rows[i];
      if (!row || !isWrite(step)) return;
      const started = ports.now();
      const progress = (m: string) => log.progress(m);
      const done = (action: NetworkRow['action'], detail = row.detail) => {
        row.action = action;
        row.detail = detail;
        log.info(
          `${mark(action)} ${action} ${row.id} (${((ports.now() - started) / 1000).toFixed(1)} s)${detail ? `: ${detail}` : ''}`,
        );
      };
      try {
        writes++;
        if (step.action === 'create') {
          const created = await ports.compute.create(step.object, progress);
          if (created.outcome === 'created') return done('created', '');
          // Someone (an earlier attempt whose answer was lost, or another job) got there first.
          const again = decideObject(fleet, step.object, created.live);
          if (again.action === 'update') {
            await ports.compute.update(step.object, again.patch, progress);
            return done('updated', again.fields.join(', '));
          }
          return again.action === 'conflict'
            ? done('conflict', again.reason)
            : done('unchanged', 'already there');
        }
        if (step.action === 'update') {
          await ports.compute.update(step.object, step.patch, progress);
          return done('updated');
        }
        const removed = await ports.compute.remove(step.object, progress);
        return done('deleted', removed === 'gone' ? 'already gone' : '');
      } catch (error) {
        row.action = 'failed';
        row.detail = error instanceof Error ? error.message : String(error);
        failures.push({ id: row.id, error });
        throw error;
      }
    },
  }));
  const title =
    mode === 'up'
      ? `Applying network ${networkName}: ${countsLine({ mode: 'diff', network, rows, writes: 0, failures: [] })}`
      : `Deleting fleet ${fleet.name}'s network objects`;
  const outcomes = steps.some(isWrite)
    ? await log.group(title, () => runGraph(tasks, options.concurrency ?? DEFAULT_CONCURRENCY))
    : [];
  if (outcomes.length === 0) log.info('Nothing to change: GCP matches the plan');
  outcomes.forEach((o, i) => {
    const row = rows[i];
    if (o.status !== 'skipped' || !row) return;
    row.action = 'skipped';
    row.detail = `not attempted: ${rows[o.because]?.id ?? 'a dependency'} failed`;
  });
  const result: NetworkResult = { mode, network, rows, writes, failures };
  const failed = failures.length > 0;
  await report(
    networkStatus(failed ? 'failed' : mode === 'up' ? 'ready' : 'deleted', network, rows, false),
    failed
      ? `${failures.length} network object${failures.length === 1 ? '' : 's'} failed: ${failures.map((f) => f.id).join(', ')}`
      : undefined,
  );
  logTable(result, log);
  return result;
}

const STATUS_ACTION = {
  created: 'create',
  updated: 'update',
  deleted: 'delete',
  unchanged: 'unchanged',
} as const;

/** The status document's network section: counts and objects of what was done (planned, while `applying`). */
function networkStatus(
  state: NetworkStatus['state'],
  vpcSelfLink: string,
  rows: readonly NetworkRow[],
  planned: boolean,
): NetworkStatus {
  const objects = rows.flatMap((r) => {
    const action =
      r.action in STATUS_ACTION ? STATUS_ACTION[r.action as keyof typeof STATUS_ACTION] : undefined;
    return action ? [{ kind: r.kind, name: r.id.slice(r.kind.length + 1), action }] : [];
  });
  const count = (a: keyof typeof STATUS_ACTION) => (planned ? 0 : rows.filter((r) => r.action === a).length);
  return {
    state,
    vpcSelfLink,
    counts: {
      created: count('created'),
      updated: count('updated'),
      deleted: count('deleted'),
      unchanged: rows.filter((r) => r.action === 'unchanged').length,
    },
    objects,
  };
}

function logTable(result: NetworkResult, log: Log): void {
  const table = textTable({ headers: ['Object', 'Where', 'Action', 'Detail'], rows: summaryRows(result) });
  for (const line of table.split('\n')) log.info(line);
  log.info(`${result.mode}: ${countsLine(result)}`);
}

function isWrite(s: Step): s is Extract<Step, { action: 'create' | 'update' | 'delete' }> {
  return s.action === 'create' || s.action === 'update' || s.action === 'delete';
}

function initialAction(s: Step): NetworkRow['action'] {
  switch (s.action) {
    case 'create':
      return 'created';
    case 'update':
      return 'updated';
    case 'delete':
      return 'deleted';
    default:
      return s.action;
  }
}

function initialDetail(s: Step): string {
  if (s.action === 'update') return s.fields.join(', ');
  if (s.action === 'conflict') return s.reason;
  return '';
}

function mark(action: NetworkRow['action']): string {
  return action === 'conflict' || action === 'failed' ? '✗' : '✓';
}
