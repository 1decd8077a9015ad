import * as core from '@actions/core';
import { runAction } from '../../runtime/run-action.js';

core.info('talos-fleet plan: reading inputs');

await runAction('plan', async () => {
  const [{ z }, { readInputs }, { listInput }, path] = await Promise.all([
    import('zod'),
    import('../../runtime/inputs.js'),
    import('../../core/input-parsers.js'),
    import('node:path'),
  ]);
  const [
    { parseNow },
    { IMAGE_REF_PATTERN },
    summary,
    { writeJobSummary },
    { planToDirectory },
    { actionsLog },
  ] = await Promise.all([
    import('../../core/plan/clock.js'),
    import('../../core/plan/image.js'),
    import('../../core/plan/summary.js'),
    import('../../runtime/job-summary.js'),
    import('../../runtime/plan-directory.js'),
    import('../../runtime/actions-log.js'),
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

  const { plan, outDir, status } = await planToDirectory({
    cwd: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    spec: inputs.spec,
    specUnreadable: {
      fix: 'check out the repository first (actions/checkout) and set the spec input to the spec path',
      title: 'input spec',
    },
    out: inputs['out-dir'],
    names: { out: 'input out-dir', statusFile: 'input status-file' },
    now: inputs.now.seconds,
    nowExplicit: inputs.now.explicit,
    renewHint: 'set the now input to count the ttl from another time',
    image: inputs.image,
    usedRanges: inputs['used-ranges'],
    statusFile: inputs['status-file'],
    env: process.env,
    log: actionsLog,
  });
  if (status)
    actionsLog.info(
      `Status: fleet ${status.document.fleet} ${status.document.stage}, ${status.document.clusters.length} cluster(s), ${status.document.mesh.pairs.length} mesh connection(s) pending`,
    );
  actionsLog.info(summary.textSummary(plan, inputs['out-dir']));
  for (const w of plan.warnings) core.warning(w, { title: 'talos-fleet plan' });

  core.setOutput('plan', path.join(outDir, 'plan.json'));
  core.setOutput('plan-dir', outDir);
  core.setOutput('clusters', JSON.stringify(plan.clusters.map((c) => c.name)));
  core.setOutput('fleet', plan.fleet.name);
  core.setOutput('expires-at', String(plan.fleet.expiresAt));
  if (status) core.setOutput('status-file', status.path);

  const clusters = summary.clusterTable(plan);
  const firewalls = summary.firewallTable(plan);
  await writeJobSummary({
    title: `Fleet plan: ${plan.fleet.name}`,
    lines: [summary.headline(plan), ...plan.warnings.map((w) => `Warning: ${w}`)],
    table: clusters,
  });
  await writeJobSummary({ title: 'Firewall rules', table: firewalls });
});
