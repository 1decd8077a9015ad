import { mkdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Log } from '../core/log.js';
import { formatSpecError, type SpecError } from '../core/fleet/spec-error.js';
import { type FleetPlan, type PlanFile, planFleet, previousExpiry } from '../core/plan/planner.js';
import { staleFiles } from '../core/plan/stale-files.js';
import type { StatusDocument } from '../core/status/schema.js';
import { UserError } from '../core/user-error.js';
import { writePlanStatus } from './plan-status.js';
import { runContextFromEnv } from './run-context.js';

export interface PlanDirectoryOptions {
  /** Where `spec`, `out` and `statusFile` are relative to (the workspace, or the CLI's cwd). */
  cwd: string;
  /** The spec path as the user gave it; messages name it so. */
  spec: string;
  /** What to do when the spec cannot be read (and the annotation title, in an action). */
  specUnreadable: { fix: string; title?: string };
  out: string;
  /** The planning time in unix seconds. */
  now: number;
  /** The time was given (not the clock): expire from then rather than keep the previous expiry. */
  nowExplicit: boolean;
  /** How to count the ttl from another time, ending the "Keeping expires-at" line. */
  renewHint: string;
  image?: string | undefined;
  usedRanges?: readonly string[] | undefined;
  /** Also start the status document there (stage planned). */
  statusFile?: string | undefined;
  env: NodeJS.ProcessEnv;
  log: Log;
  /** Sees every error of an invalid spec before it is thrown, e.g. to annotate each at its line. */
  onSpecErrors?: (errors: readonly SpecError[]) => void;
}

export interface PlanDirectory {
  plan: FleetPlan;
  files: PlanFile[];
  /** `out`, resolved. */
  outDir: string;
  status?: { path: string; document: StatusDocument };
}

/**
 * What `talos-fleet plan` and the plan action share: reads the spec and the plan already in the
 * output directory, plans (keeping the previous expiry unless the time was given), removes the
 * files of clusters that left the plan, writes every file and starts the status document. An
 * invalid spec throws one UserError listing every error, with nothing written.
 */
export async function planToDirectory(options: PlanDirectoryOptions): Promise<PlanDirectory> {
  const { log } = options;
  const outDir = resolve(options.cwd, options.out);
  const previousPlan = await readFile(join(outDir, 'plan.json'), 'utf8').catch(() => undefined);
  const previous = options.nowExplicit ? undefined : previousExpiry(previousPlan);
  const result = await log.group(`Plan ${options.spec}`, async () => {
    let text: string;
    try {
      text = await readFile(resolve(options.cwd, options.spec), 'utf8');
    } catch (error) {
      throw new UserError(
        `cannot read the fleet spec '${options.spec}': ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        options.specUnreadable,
      );
    }
    return planFleet(text, {
      now: options.now,
      ...(previous === undefined ? {} : { previous }),
      ...(options.image === undefined ? {} : { image: options.image }),
      ...(options.usedRanges === undefined ? {} : { usedRanges: options.usedRanges }),
    });
  });
  if (!result.ok) {
    options.onSpecErrors?.(result.errors);
    const n = result.errors.length;
    throw new UserError(`${options.spec} has ${n} error${n === 1 ? '' : 's'}; nothing was written`, {
      details: result.errors.map(formatSpecError),
      fix: 'correct the spec (docs/fleet-spec.md documents every key) and run again',
      title: 'Invalid fleet spec',
    });
  }

  const { plan, files } = result;
  if (plan.fleet.expiresAt === previous?.expiresAt)
    log.info(
      `Keeping expires-at ${plan.fleet.expiresAtIso} from the previous plan (same fleet and ttl), so existing clusters' machine templates stay unchanged; ${options.renewHint}`,
    );
  await log.group(`Write ${files.length} files to ${options.out}`, async () => {
    for (const stale of staleFiles(previousPlan, files)) {
      log.info(`Removing ${stale}: no longer in the plan`);
      await rm(join(outDir, stale), { force: true });
      await rmdir(dirname(join(outDir, stale))).catch(() => undefined);
    }
    for (const f of files) {
      const target = join(outDir, f.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, f.content);
    }
  });
  if (options.statusFile === undefined) return { plan, files, outDir };

  const statusPath = resolve(options.cwd, options.statusFile);
  const document = await log.group(`Write the status document ${options.statusFile}`, async () =>
    writePlanStatus(statusPath, plan, {
      now: new Date(options.now * 1000),
      context: await runContextFromEnv(options.env),
      log,
    }),
  );
  return { plan, files, outDir, status: { path: statusPath, document } };
}
