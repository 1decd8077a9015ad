import { tmpdir } from 'node:os';
import * as core from '@actions/core';
import { ensureImage } from '../../core/image/ensure-image.js';
import { IMAGE_INPUT_NAMES, imageInputSchema, toImageRequest } from '../../core/image/options.js';
import { summaryRows } from '../../core/image/summary.js';
import { cloudPorts, factoryPort } from '../../adapters/image-ports.js';
import { loadSchematic } from '../../adapters/image-factory/schematic-input.js';
import { retryPolicyFromEnv } from '../../adapters/retry.js';
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
    const accessToken = inputs['access-token'] ?? readSecretEnv('GOOGLE_OAUTH_ACCESS_TOKEN');
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const schematic = await loadSchematic(inputs.schematic, workspace);
    const request = toImageRequest(inputs, schematic);
    const policy = retryPolicyFromEnv();
    const onRetry = (m: string) => core.info(`  ${m}`);
    const factory = factoryPort({ factoryUrl: inputs['factory-url'], policy, onRetry });
    const { storage, compute } = await cloudPorts({
      factoryUrl: inputs['factory-url'],
      project: request.project,
      accessToken,
      env: process.env,
      stateDir: process.env.RUNNER_TEMP ?? tmpdir(),
      policy,
      mask: maskSecret,
      onRetry,
      onDebug: (m) => actionsLog.debug(m),
    });
    const result = await ensureImage(request, {
      factory,
      storage,
      compute,
      log: actionsLog,
      now: () => performance.now(),
    });
    core.setOutput('image-name', result.imageName);
    core.setOutput('image-self-link', result.selfLink);
    core.setOutput('image-family', result.family);
    core.setOutput('schematic-id', result.schematicId);
    core.setOutput('gcs-uri', result.gcsUri);
    await writeJobSummary({
      title: 'talos-fleet image',
      lines: [`Talos ${request.version} ${request.arch} in project ${request.project}`],
      table: { headers: ['', ''], rows: summaryRows(result) },
    });
  });
}
