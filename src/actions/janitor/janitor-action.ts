import * as core from '@actions/core';
import {
  fleetRows,
  headline,
  OVERVIEW_HEADERS,
  outcomeError,
  overviewRows,
} from '../../core/janitor/summary.js';
import { runJanitor } from '../../flows/janitor.js';
import { actionsLog } from '../../runtime/actions-log.js';
import { readInputs } from '../../runtime/inputs.js';
import { janitorPacing, janitorPorts } from '../../runtime/janitor-ports.js';
import { writeJobSummary } from '../../runtime/job-summary.js';
import { maskSecret, readSecretEnv } from '../../runtime/secrets.js';
import { INPUT_NAMES, inputsSchema } from './inputs.js';

export async function run(): Promise<void> {
  const inputs = readInputs({ names: INPUT_NAMES, secrets: ['access-token'], schema: inputsSchema });
  const ports = await janitorPorts({
    project: inputs.project,
    accessToken: inputs['access-token'] ?? readSecretEnv('GOOGLE_OAUTH_ACCESS_TOKEN'),
    stateBucket: inputs['state-bucket'],
    env: process.env,
    mask: maskSecret,
    log: actionsLog,
  });
  const result = await runJanitor(
    {
      project: inputs.project,
      dryRun: inputs['dry-run'],
      ...(inputs.fleet ? { matches: inputs.fleet.matches } : {}),
      graceSeconds: inputs.grace,
      now: Math.floor(Date.now() / 1000),
      ...janitorPacing(process.env),
    },
    ports,
    actionsLog,
  );
  core.setOutput('report', JSON.stringify(result));
  core.setOutput('expired-fleets', JSON.stringify(result.expiredFleets));
  await writeJobSummary({
    title: `talos-fleet janitor${result.dryRun ? ' (dry run)' : ''}`,
    lines: [headline(result)],
    table: { headers: OVERVIEW_HEADERS, rows: overviewRows(result) },
  });
  for (const fleet of result.fleets.filter((f) => f.expired))
    await writeJobSummary({
      title: `Fleet ${fleet.fleet}`,
      table: { headers: ['Resource', 'Action', 'Detail'], rows: fleetRows(fleet, result.dryRun) },
    });
  const error = outcomeError(result);
  if (error) throw error;
}
