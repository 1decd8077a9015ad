import { decideSweep, type FleetSweep } from '../core/janitor/decide.js';
import type { FleetReport, JanitorResult } from '../core/janitor/report.js';
import { clusterNamesOf, markOf } from '../core/janitor/ownership.js';
import type { StateObject, StateStorePort, SweepComputePort } from '../core/janitor/ports.js';
import { type CloudResource, DELETION_ORDER, resourceId } from '../core/janitor/resources.js';
import type { Log } from '../core/log.js';
import { mapLimit } from '../core/map-limit.js';
import { isUserError } from '../core/user-error.js';

/**
 * The janitor: find every fleet in the project from the cloud alone (labels, description markers,
 * CAPG's derived names), and delete those whose `expires-at` (plus the grace) has passed, in
 * dependency order, pass after pass until a pass changes nothing; then their objects in the state
 * bucket. A dry run lists and decides exactly as a real run, and deletes nothing. Teardown runs
 * the same sweep for one fleet whatever its expiry (`ignoreExpiry`).
 */

export interface JanitorOptions {
  project: string;
  dryRun: boolean;
  /** Which fleets to consider (the `fleet` glob, compiled by the caller); default all. */
  matches?: (fleet: string) => boolean;
  graceSeconds: number;
  /** Unix seconds. */
  now: number;
  /** Sweep matching fleets whatever their expiry (teardown of one fleet from GCP). */
  ignoreExpiry?: boolean;
  /** Deletes in flight at once within one kind. */
  concurrency: number;
  /** At most this many passes over what is left (in-use refusals resolve between passes). */
  maxPasses: number;
  /** Pause between passes, so what another deletion frees has time to go. */
  passPauseMs: number;
  sleep: (ms: number) => Promise<unknown>;
}

export interface JanitorPorts {
  compute: SweepComputePort;
  state?: StateStorePort;
}

export async function runJanitor(
  options: JanitorOptions,
  ports: JanitorPorts,
  log: Log,
): Promise<JanitorResult> {
  const inventory = await log.group('Finding fleets', async () => {
    const marked = await ports.compute.listMarked();
    const fleets = new Set(marked.flatMap((r) => markOf(r)?.fleet ?? []));
    const clusters = [...fleets].flatMap((f) => [
      ...clusterNamesOf(
        f,
        marked.filter((r) => markOf(r)?.fleet === f),
      ),
    ]);
    const derived = clusters.length ? await ports.compute.listDerived(clusters.sort()) : [];
    log.info(
      `${marked.length} marked resource(s) of ${fleets.size} fleet(s), ${derived.length} unlabelled CAPG piece(s) of ${clusters.length} cluster(s); ${ports.compute.listCalls} list call(s)`,
    );
    return [...marked, ...derived];
  });
  const sweeps = decideSweep(inventory, {
    project: options.project,
    now: options.now,
    graceSeconds: options.graceSeconds,
    ...(options.matches ? { matches: options.matches } : {}),
    ...(options.ignoreExpiry ? { ignoreExpiry: true } : {}),
  });
  const reports = new Map(sweeps.map((s) => [s.fleet, reportOf(s)]));
  for (const s of sweeps)
    log.info(
      `${s.fleet}: ${s.expired ? (options.dryRun ? 'would sweep' : 'sweeping') : 'kept'} (${s.reason}), ${s.found.length} resource(s)`,
    );

  let passes = 0;
  const toDelete = sweeps.flatMap((s) => s.toDelete.map((r) => ({ fleet: s.fleet, resource: r })));
  if (options.dryRun) {
    for (const { fleet, resource } of toDelete) reports.get(fleet)?.deleted.push(resourceId(resource));
  } else if (toDelete.length) {
    passes = await log.group(`Deleting ${toDelete.length} resource(s)`, () =>
      deleteInPasses(toDelete, reports, ports.compute, options, log),
    );
  }

  if (ports.state) await sweepState(ports.state, sweeps, reports, options, log);

  const fleets = [...reports.values()].sort((a, b) => a.fleet.localeCompare(b.fleet));
  return {
    project: options.project,
    dryRun: options.dryRun,
    fleets,
    expiredFleets: fleets.filter((f) => f.expired).map((f) => f.fleet),
    listCalls: ports.compute.listCalls,
    passes,
  };
}

function reportOf(s: FleetSweep): FleetReport {
  return {
    fleet: s.fleet,
    expiresAt: s.expiresAt === undefined ? undefined : new Date(s.expiresAt * 1000).toISOString(),
    expired: s.expired,
    reason: s.reason,
    found: s.found,
    deleted: [],
    kept: s.kept,
    leftovers: [],
    errors: [],
    state: { deleted: [], kept: [] },
  };
}

interface Pending {
  fleet: string;
  resource: CloudResource;
  evidence?: string;
}

async function deleteInPasses(
  initial: Pending[],
  reports: Map<string, FleetReport>,
  compute: SweepComputePort,
  options: JanitorOptions,
  log: Log,
): Promise<number> {
  let pending = initial;
  let pass = 0;
  while (pending.length && pass < options.maxPasses) {
    if (pass > 0) await options.sleep(options.passPauseMs);
    pass++;
    let changed = false;
    const next: Pending[] = [];
    for (const kind of DELETION_ORDER) {
      const batch = pending.filter((p) => p.resource.kind === kind);
      const settled = await mapLimit(batch, options.concurrency, async (p) => {
        const id = resourceId(p.resource);
        const report = reports.get(p.fleet);
        try {
          const result = await compute.remove(p.resource, (m) => log.progress(m));
          if (result.outcome === 'in-use') {
            next.push({ ...p, evidence: result.evidence });
            return false;
          }
          report?.deleted.push(id);
          log.info(`${result.outcome === 'deleted' ? 'deleted' : 'already gone'}: ${id}`);
        } catch (error) {
          if (!isUserError(error)) throw error;
          report?.errors.push({ id, message: error.describe() });
          log.warning(`${id}: ${error.message}`, { title: error.title ?? 'janitor: cannot delete' });
        }
        return true;
      });
      for (const r of settled) {
        if (r.status === 'rejected') throw r.reason;
        if (r.value) changed = true;
      }
    }
    pending = next;
    if (pending.length) log.info(`pass ${pass}: ${pending.length} resource(s) still in use`);
    if (!changed) break;
  }
  for (const p of pending)
    reports
      .get(p.fleet)
      ?.leftovers.push({ id: resourceId(p.resource), evidence: p.evidence ?? 'still in use' });
  return pass;
}

async function sweepState(
  store: StateStorePort,
  sweeps: readonly FleetSweep[],
  reports: Map<string, FleetReport>,
  options: JanitorOptions,
  log: Log,
): Promise<void> {
  const swept = new Set(sweeps.filter((s) => s.expired).map((s) => s.fleet));
  for (const o of await store.list()) {
    if (options.matches && !options.matches(o.fleet)) continue;
    const known = reports.get(o.fleet);
    // A fleet still in Compute goes with its resources; one whose resources are gone, by its own expiry.
    const due = options.ignoreExpiry === true || swept.has(o.fleet) || (!known && stateExpired(o, options));
    const report = known ?? stateOnlyReport(reports, o, due);
    if (!due) {
      report.state.kept.push(o.name);
      continue;
    }
    if (!options.dryRun) {
      await store.remove(o.name);
      log.info(`deleted: gs://${store.bucket}/${o.name}`);
    }
    report.state.deleted.push(o.name);
  }
}

function stateExpired(o: StateObject, options: JanitorOptions): boolean {
  return o.expiresAt !== undefined && options.now >= o.expiresAt + options.graceSeconds;
}

function stateOnlyReport(reports: Map<string, FleetReport>, o: StateObject, due: boolean): FleetReport {
  const report: FleetReport = {
    fleet: o.fleet,
    expiresAt: o.expiresAt === undefined ? undefined : new Date(o.expiresAt * 1000).toISOString(),
    expired: due,
    reason: due
      ? 'only its state objects were left, and they have expired'
      : 'only its state objects are left; not expired',
    found: [],
    deleted: [],
    kept: [],
    leftovers: [],
    errors: [],
    state: { deleted: [], kept: [] },
  };
  reports.set(o.fleet, report);
  return report;
}
