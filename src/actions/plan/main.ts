import * as core from '@actions/core';
import { runAction } from '../../runtime/run-action.js';

core.info('talos-fleet plan: reading inputs');

await runAction('plan', async () => {
  const [{ z }, { readInputs }, { listInput }, { UserError }, fs, path] = await Promise.all([
    import('zod'),
    import('../../runtime/inputs.js'),
    import('../../core/input-parsers.js'),
    import('../../core/user-error.js'),
    import('node:fs/promises'),
    import('node:path'),
  ]);
  const [
    { planFleet, previousExpiry },
    { formatSpecError },
    { parseNow },
    { IMAGE_REF_PATTERN },
    summary,
    { writeJobSummary },
    { staleFiles },
    { writePlanStatus },
    { runContextFromEnv },
  ] = await Promise.all([
    import('../../core/plan/planner.js'),
    import('../../core/fleet/spec-error.js'),
    import('../../core/plan/clock.js'),
    import('../../core/plan/image.js'),
    import('../../core/plan/summary.js'),
    import('../../runtime/job-summary.js'),
    import('../../core/plan/stale-files.js'),
    import('../../runtime/plan-status.js'),
    import('../../runtime/run-context.js'),
  ]);

  const inputs = readInputs({
    names: ['spec', 'out-dir', 'image', 'used-ranges', 'now', 'status-file'],
    schema: z.object({
      spec: z.string().default('fleet.yaml'),
      'out-dir': z.string().default('.talos-fleet/plan'),
      image: z
        .string()
        .regex(IMAGE_REF_PATTERN, {
          error: 'must be a GCE image name, family/<name>, or projects/<p>/global/images/<name>',
        })
        .optional(),
      'used-ranges': listInput(),
      'status-file': z.string().default('.talos-fleet/status.json'),
      now: z
        .string()
        .optional()
        .transform((v, ctx) => {
          if (v === undefined) return { seconds: Math.floor(Date.now() / 1000), explicit: false };
          const parsed = parseNow(v);
          if (parsed === undefined) {
            ctx.addIssue({ code: 'custom', message: `'${v}' is not unix seconds or an ISO 8601 time` });
            return z.NEVER;
          }
          return { seconds: parsed, explicit: true };
        }),
    }),
  });

  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const specFile = path.resolve(workspace, inputs.spec);
  const outDir = path.resolve(workspace, inputs['out-dir']);
  const statusFile = path.resolve(workspace, inputs['status-file']);
  const previousPlan = await fs.readFile(path.join(outDir, 'plan.json'), 'utf8').catch(() => undefined);
  // An explicit `now` means "expire from then"; otherwise a re-plan keeps the earlier expiry.
  const previous = inputs.now.explicit ? undefined : previousExpiry(previousPlan);
  const result = await core.group(`Plan ${inputs.spec}`, async () => {
    let text: string;
    try {
      text = await fs.readFile(specFile, 'utf8');
    } catch (error) {
      throw new UserError(
        `cannot read the fleet spec '${inputs.spec}': ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        {
          fix: 'check out the repository first (actions/checkout) and set the spec input to the spec path',
          title: 'input spec',
        },
      );
    }
    return planFleet(text, {
      now: inputs.now.seconds,
      ...(previous === undefined ? {} : { previous }),
      ...(inputs.image === undefined ? {} : { image: inputs.image }),
      usedRanges: inputs['used-ranges'],
    });
  });
  if (!result.ok) {
    const errors = result.errors.map(formatSpecError);
    for (const e of result.errors)
      core.error(formatSpecError(e), {
        title: 'Invalid fleet spec',
        file: inputs.spec,
        ...(e.line ? { startLine: e.line } : {}),
      });
    throw new UserError(
      `${inputs.spec} has ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was written`,
      {
        details: errors,
        fix: 'correct the spec (docs/fleet-spec.md documents every key) and run again',
        title: 'Invalid fleet spec',
      },
    );
  }

  const { plan, files } = result;
  if (plan.fleet.expiresAt === previous?.expiresAt)
    core.info(
      `Keeping expires-at ${plan.fleet.expiresAtIso} from the previous plan (same fleet and ttl), so existing clusters' machine templates stay unchanged; set the now input to count the ttl from another time`,
    );
  await core.group(`Write ${files.length} files to ${inputs['out-dir']}`, async () => {
    for (const stale of staleFiles(previousPlan, files)) {
      core.info(`Removing ${stale}: no longer in the plan`);
      await fs.rm(path.join(outDir, stale), { force: true });
      await fs.rmdir(path.dirname(path.join(outDir, stale))).catch(() => undefined);
    }
    for (const f of files) {
      const target = path.join(outDir, f.path);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, f.content);
    }
  });
  const status = await core.group(`Write the status document ${inputs['status-file']}`, async () =>
    writePlanStatus(statusFile, plan, {
      now: new Date(inputs.now.seconds * 1000),
      context: await runContextFromEnv(process.env),
      warn: (message) => {
        core.warning(message, { title: 'input status-file' });
      },
      info: (message) => {
        core.info(message);
      },
    }),
  );
  core.info(
    `Status: fleet ${status.fleet} ${status.stage}, ${status.clusters.length} cluster(s), ${status.mesh.pairs.length} mesh connection(s) pending`,
  );
  core.info(summary.textSummary(plan, inputs['out-dir']));
  for (const w of plan.warnings) core.warning(w, { title: 'talos-fleet plan' });

  core.setOutput('plan', path.join(outDir, 'plan.json'));
  core.setOutput('plan-dir', outDir);
  core.setOutput('clusters', JSON.stringify(plan.clusters.map((c) => c.name)));
  core.setOutput('fleet', plan.fleet.name);
  core.setOutput('expires-at', String(plan.fleet.expiresAt));
  core.setOutput('status-file', statusFile);

  const clusters = summary.clusterTable(plan);
  const firewalls = summary.firewallTable(plan);
  await writeJobSummary({
    title: `Fleet plan: ${plan.fleet.name}`,
    lines: [summary.headline(plan), ...plan.warnings.map((w) => `Warning: ${w}`)],
    table: clusters,
  });
  await writeJobSummary({ title: 'Firewall rules', table: firewalls });
});
