import { lstat, readFile, rm, rmdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Log } from '../core/log.js';
import { formatSpecError } from '../core/fleet/spec-error.js';
import { type FleetPlan, type PlanFile, planFleet, previousExpiry } from '../core/plan/planner.js';
import { staleFiles } from '../core/plan/stale-files.js';
import type { StatusDocument } from '../core/status/schema.js';
import { UserError } from '../core/user-error.js';
import { checkOutputDirectory, createOutputDirectory, readOwnFile, replaceFile } from './output-files.js';
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
  /** How messages name the out-dir: `--out` or `input out-dir`; and the status file likewise. */
  names?: { out: string; statusFile: string };
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
}

/** plan.json of a 255-cluster fleet is about 1 MB; anything far larger was not written by plan. */
const PLAN_JSON_MAX_BYTES = 64 * 1024 * 1024;

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
  const names = options.names ?? { out: 'out-dir', statusFile: 'status-file' };
  const outTarget = { what: names.out, dir: outDir, example: '.talos-fleet/plan' };
  // Only a regular file is read: a symlink, FIFO or /dev/zero planted as plan.json is ignored.
  const previousPlan = await readOwnFile(join(outDir, 'plan.json'), PLAN_JSON_MAX_BYTES);
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
    const n = result.errors.length;
    throw new UserError(`${options.spec} has ${n} error${n === 1 ? '' : 's'}; nothing was written`, {
      details: result.errors.map(formatSpecError),
      fix: 'correct the spec (docs/fleet-spec.md documents every key) and run again',
      title: 'Invalid fleet spec',
      // An action annotates each at its line in the spec (once, within GitHub's limit).
      annotations: result.errors.map((e) => ({
        message: formatSpecError(e),
        file: options.spec,
        ...(e.line === undefined ? {} : { startLine: e.line }),
      })),
    });
  }

  const { plan, files } = result;
  if (plan.fleet.expiresAt === previous?.expiresAt)
    log.info(
      `Keeping expires-at ${plan.fleet.expiresAtIso} from the previous plan (same fleet and ttl), so existing clusters' machine templates stay unchanged; ${options.renewHint}`,
    );
  else if (previous?.fleet === plan.fleet.name && previous.expiresAt > plan.fleet.expiresAt)
    log.warning(
      `Ignoring the expiry in ${join(options.out, 'plan.json')} (${new Date(previous.expiresAt * 1000).toISOString()}): it is later than now + ttl, so expires-at counts from now`,
      { title: 'talos-fleet plan: expiry not kept' },
    );

  // Every destination is checked before anything is written, so a bad one writes nothing.
  const statusPath = options.statusFile === undefined ? undefined : resolve(options.cwd, options.statusFile);
  const statusTarget = statusPath && {
    what: names.statusFile,
    dir: dirname(statusPath),
    example: '.talos-fleet/status.json',
  };
  await checkOutputDirectory(outTarget);
  if (statusTarget) await checkOutputDirectory(statusTarget);

  await log.group(`Write ${files.length} files to ${options.out}`, async () => {
    await createOutputDirectory(
      outTarget,
      files.map((f) => dirname(f.path)).filter((d) => d !== '.'),
    );
    for (const stale of staleFiles(previousPlan, files)) {
      const folder = dirname(join(outDir, stale));
      if ((await lstat(folder).catch(() => undefined))?.isSymbolicLink())
        throw new UserError(
          `${names.out}: ${folder} is a symlink; talos-fleet removes files only in real directories`,
          {
            fix: `delete ${folder} and run again`,
            title: names.out,
          },
        );
      log.info(`Removing ${stale}: no longer in the plan`);
      await rm(join(outDir, stale), { force: true });
      await rmdir(dirname(join(outDir, stale))).catch(() => undefined);
    }
    for (const f of files) await replaceFile(outTarget, join(outDir, f.path), f.content);
  });
  if (statusPath === undefined || !statusTarget) return { plan, files, outDir };
  await createOutputDirectory(statusTarget);

  const document = await log.group(`Write the status document ${options.statusFile}`, async () =>
    writePlanStatus(statusPath, plan, {
      what: names.statusFile,
      now: new Date(options.now * 1000),
      context: await runContextFromEnv(options.env),
      log,
    }),
  );
  return { plan, files, outDir, status: { path: statusPath, document } };
}
