import type { Log } from '../core/log.js';
import type { FleetPlan } from '../core/plan/planner.js';
import { type PlanRunContext, statusFromPlan } from '../core/status/from-plan.js';
import type { StatusDocument } from '../core/status/schema.js';
import { isUserError } from '../core/user-error.js';
import { readStatusFileIfExists, writeStatusFile } from './status-report.js';

/**
 * Starts (or re-plans) the status document at `path` from a plan, for the plan action and
 * `talos-fleet plan --status-file`. An existing document that cannot be read is replaced with a
 * warning rather than failing the plan: the plan step is where a fleet's status begins.
 */
export async function writePlanStatus(
  path: string,
  plan: FleetPlan,
  options: { now: Date; context: PlanRunContext; log: Log; what?: string },
): Promise<StatusDocument> {
  let previous: StatusDocument | undefined;
  try {
    previous = await readStatusFileIfExists(path);
  } catch (error) {
    if (!isUserError(error)) throw error;
    const details = error.details.length ? ` (${error.details.slice(0, 3).join('; ')})` : '';
    options.log.warning(
      `${error.message.replace(/:$/, '')}${details}; replacing it with the planned status`,
      { title: options.what ?? 'status-file' },
    );
  }
  const { document, notes } = statusFromPlan(plan, { ...options.context, now: options.now, previous });
  for (const note of notes) options.log.info(`status: ${note}`);
  return writeStatusFile(path, document, options.what);
}
