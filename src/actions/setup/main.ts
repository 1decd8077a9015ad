import * as core from '@actions/core';
import { actionsLog } from '../../runtime/actions-log.js';
import { runAction } from '../../runtime/run-action.js';

core.info('talos-fleet setup: installing the toolchain');

await runAction('setup', async () => {
  const [{ readInputs }, inputParsers, { z }, { allowUnverifiedInput }] = await Promise.all([
    import('../../runtime/inputs.js'),
    import('../../core/input-parsers.js'),
    import('zod'),
    import('../../core/tools/verification.js'),
  ]);
  const inputs = readInputs({
    names: [
      'tools',
      'versions-file',
      'lock-file',
      'mirror-url',
      'github-token',
      'cache',
      'gcloud-components',
      'allow-unverified',
    ],
    secrets: ['github-token'],
    schema: z.object({
      tools: inputParsers.listInput(),
      'versions-file': z.string().optional(),
      'lock-file': z.string().optional(),
      'mirror-url': z.string().optional(),
      'github-token': z.string().optional(),
      cache: inputParsers.booleanInput(true),
      'gcloud-components': inputParsers.listInput(),
      'allow-unverified': allowUnverifiedInput(),
    }),
  });
  const { runSetup } = await import('../../adapters/tool-download/setup-run.js');
  const env = process.env;
  const result = await runSetup({
    tools: inputs.tools,
    versionsFile: inputs['versions-file'],
    lockFile: inputs['lock-file'],
    mirrorUrl: inputs['mirror-url'],
    githubToken: inputs['github-token'],
    cache: inputs.cache,
    gcloudComponents: inputs['gcloud-components'],
    allowUnverified: inputs['allow-unverified'],
    env,
    log: actionsLog,
  });

  for (const r of result.installed) {
    core.addPath(r.binDir);
    core.setOutput(`${r.tool}-version`, r.version);
    core.setOutput(`${r.tool}-path`, r.binary);
  }
  core.setOutput(
    'versions',
    JSON.stringify(Object.fromEntries(result.installed.map((r) => [r.tool, r.version]))),
  );

  const { writeJobSummary } = await import('../../runtime/job-summary.js');
  await writeJobSummary({
    title: 'talos-fleet setup',
    lines: result.summaryLines,
    table: {
      headers: ['Tool', 'Version', 'Source URL', 'Verified', 'Cache hit', 'Seconds'],
      rows: result.installed.map((r) => [
        r.tool,
        r.version,
        r.sourceUrl || '(tool cache)',
        r.verifiedBy,
        r.cacheHit ? 'yes' : 'no',
        r.seconds.toFixed(2),
      ]),
    },
  });
  actionsLog.info(
    `talos-fleet setup: ${result.installed.length} tools ready in ${result.seconds.toFixed(2)} s (${result.installed.filter((r) => r.cacheHit).length} from the tool cache)`,
  );
});
