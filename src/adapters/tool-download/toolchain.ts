import { mapLimit } from '../../core/map-limit.js';
import { UserError } from '../../core/user-error.js';
import { TOOLS } from '../../core/tools/catalog.js';
import type { ToolRequest } from '../../core/tools/requests.js';
import { type InstallContext, type InstallResult, installTool } from './installer.js';

/**
 * Every download starts at once: there are at most nine, each on its own connection, and a limit
 * only made them wait in rounds. bench/setup.bench.mjs measured, side by side in one run, 4 at a
 * time against all at once, latency-bound (400 ms per request, small files) and bandwidth-bound
 * (per-connection cap, padded files): see docs/performance.md. TALOS_FLEET_SETUP_CONCURRENCY can
 * still set a limit (1 installs one after another).
 */
export const DEFAULT_CONCURRENCY = Number.POSITIVE_INFINITY;

/**
 * Installs every requested tool concurrently (biggest download first, so with a limit gcloud never
 * waits behind the small ones). Every tool runs to its end; failures are then reported together,
 * in one error.
 */
export async function installToolchain(
  requests: readonly ToolRequest[],
  ctx: InstallContext,
  concurrency = DEFAULT_CONCURRENCY,
): Promise<InstallResult[]> {
  const order = [...requests].sort((a, b) => TOOLS[b.tool].approxMb - TOOLS[a.tool].approxMb);
  const settled = await mapLimit(order, concurrency, (r) => installTool(r, ctx));
  const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  const bug = failures.find((f) => !(f instanceof UserError));
  if (bug !== undefined) throw bug instanceof Error ? bug : new Error(JSON.stringify(bug));
  const userErrors = failures as UserError[];
  const failure = UserError.combine(
    userErrors,
    `${userErrors.length} tools failed to install:`,
    'Toolchain install failed',
  );
  if (failure) throw failure;
  const byTool = new Map(
    settled.flatMap((s) => (s.status === 'fulfilled' ? [[s.value.tool, s.value] as const] : [])),
  );
  return requests.flatMap((r) => {
    const result = byTool.get(r.tool);
    return result ? [result] : [];
  });
}
