import * as core from '@actions/core';
import { runNetworkFlow } from '../../adapters/network-ports.js';
import { countsLine, outcomeError, outputsOf, summaryRows } from '../../core/network/summary.js';
import { actionsLog } from '../../runtime/actions-log.js';
import { readInputs } from '../../runtime/inputs.js';
import { writeJobSummary } from '../../runtime/job-summary.js';
import { maskSecret, readSecretEnv } from '../../runtime/secrets.js';
import { INPUT_NAMES, inputsSchema } from './inputs.js';

export async function run(): Promise<void> {
  const inputs = readInputs({ names: INPUT_NAMES, secrets: ['access-token'], schema: inputsSchema });
  const { plan, result } = await runNetworkFlow({
    mode: inputs.mode,
    planPath: inputs.plan,
    statusFile: inputs['status-file'],
    cwd: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    accessToken: inputs['access-token'] ?? readSecretEnv('GOOGLE_OAUTH_ACCESS_TOKEN'),
    env: process.env,
    log: actionsLog,
    mask: maskSecret,
  });
  for (const [name, value] of Object.entries(outputsOf(result))) core.setOutput(name, value);
  await writeJobSummary({
    title: `talos-fleet network ${inputs.mode}`,
    lines: [
      `Fleet ${plan.fleet.name}, network ${plan.network.name} in project ${plan.fleet.project}: ${countsLine(result)}`,
    ],
    table: { headers: ['Object', 'Where', 'Action', 'Detail'], rows: summaryRows(result) },
  });
  const error = outcomeError(result);
  if (error) throw error;
}
