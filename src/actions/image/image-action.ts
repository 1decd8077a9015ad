import { tmpdir } from 'node:os';
import * as core from '@actions/core';
import { IMAGE_INPUT_NAMES, imageInputSchema } from '../../core/image/options.js';
import { imageOutputs, summaryRows } from '../../core/image/summary.js';
import { runImageFlow } from '../../adapters/image-ports.js';
import { actionsLog } from '../../runtime/actions-log.js';
import { readInputs } from '../../runtime/inputs.js';
import { writeJobSummary } from '../../runtime/job-summary.js';
import { runAction } from '../../runtime/run-action.js';
import { maskSecret, readSecretEnv } from '../../runtime/secrets.js';

export async function runImageAction(): Promise<void> {
  await runAction('image', async () => {
    const inputs = readInputs({
      names: IMAGE_INPUT_NAMES,
      secrets: ['access-token'],
      schema: imageInputSchema,
    });
    const { request, result } = await runImageFlow(inputs, {
      accessToken: inputs['access-token'] ?? readSecretEnv('GOOGLE_OAUTH_ACCESS_TOKEN'),
      env: process.env,
      workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
      stateDir: process.env.RUNNER_TEMP ?? tmpdir(),
      log: actionsLog,
      mask: maskSecret,
    });
    for (const [name, value] of Object.entries(imageOutputs(result))) core.setOutput(name, value);
    await writeJobSummary({
      title: 'talos-fleet image',
      lines: [`Talos ${request.version} ${request.arch} in project ${request.project}`],
      table: { headers: ['', ''], rows: summaryRows(result) },
    });
  });
}
