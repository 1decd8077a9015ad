import { tmpdir } from 'node:os';
import * as core from '@actions/core';
import { meshSummaryRows, meshOutputs } from './summary.js';
import { UserError } from '../../core/user-error.js';
import { runMeshFlow } from '../../adapters/mesh-ports.js';
import { actionsLog } from '../../runtime/actions-log.js';
import { readInputs } from '../../runtime/inputs.js';
import { writeJobSummary } from '../../runtime/job-summary.js';
import { maskSecret } from '../../runtime/secrets.js';
import { INPUT_NAMES, inputsSchema } from './inputs.js';

export async function run(): Promise<void> {
  const inputs = readInputs({ names: INPUT_NAMES, schema: inputsSchema });
  const { result, artifactDir } = await runMeshFlow({
    inputs,
    cwd: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    env: process.env,
    tempDir: process.env.RUNNER_TEMP ?? tmpdir(),
    log: actionsLog,
    mask: maskSecret,
  });
  for (const [name, value] of Object.entries(meshOutputs(result))) core.setOutput(name, value);
  await writeJobSummary({
    title: 'talos-fleet mesh',
    lines: [result.summary, `Chart: ${result.chart}; fleet CA: ${result.ca}`],
    table: meshSummaryRows(result),
  });
  if (result.artifacts.length > 0 && process.env.ACTIONS_RUNTIME_TOKEN) {
    const { DefaultArtifactClient } = await import('@actions/artifact');
    const name = `talos-fleet-mesh-${process.env.GITHUB_JOB ?? 'job'}-${process.env.GITHUB_RUN_ATTEMPT ?? '1'}`;
    const uploaded = await new DefaultArtifactClient().uploadArtifact(name, result.artifacts, artifactDir, {
      retentionDays: 7,
    });
    actionsLog.info(
      `Uploaded ${result.artifacts.length} diagnostics and report files as the artifact ${name} (id ${String(uploaded.id)}).`,
    );
  }
  if (!result.ready)
    throw new UserError(result.summary, {
      fix: 'see the matrix output, the status document and the diagnostics artifact; a re-run continues from the installed state',
      title: 'Mesh not ready',
    });
}
