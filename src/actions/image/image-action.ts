import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import * as core from '@actions/core';
import { ensureImage } from '../../core/image/ensure-image.js';
import {
  checkSchematicYaml,
  EMPTY_SCHEMATIC,
  IMAGE_INPUT_NAMES,
  imageInputSchema,
  isInlineSchematic,
  toImageRequest,
} from '../../core/image/options.js';
import { summaryRows } from '../../core/image/summary.js';
import { UserError } from '../../core/user-error.js';
import { cloudPorts, factoryPort } from '../../adapters/image-ports.js';
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

/** The schematic input: empty (the empty schematic), inline YAML, or a path relative to the workspace. */
export async function loadSchematic(value: string | undefined, base: string): Promise<string> {
  if (value === undefined || value.trim() === '') return EMPTY_SCHEMATIC;
  if (isInlineSchematic(value)) return checkSchematicYaml(value, "input 'schematic'");
  const path = resolve(base, value.trim());
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UserError(
      `input 'schematic': cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
      {
        fix: 'give a path relative to the workspace, or the schematic YAML itself',
        title: 'Invalid input',
      },
    );
  }
  return checkSchematicYaml(text, path);
}
