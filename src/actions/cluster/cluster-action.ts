import { tmpdir } from 'node:os';
import * as core from '@actions/core';
import { clusterOutputs, clusterSummaryRows } from '../../core/cluster/summary.js';
import { clusterUp } from '../../flows/cluster.js';
import { actionsLog } from '../../runtime/actions-log.js';
import { clusterPorts, clusterTuning } from '../../runtime/cluster-wiring.js';
import { readInputs } from '../../runtime/inputs.js';
import { writeJobSummary } from '../../runtime/job-summary.js';
import { maskSecret } from '../../runtime/secrets.js';
import { INPUT_NAMES, inputsSchema, SECRET_INPUTS } from './inputs.js';

export async function run(): Promise<void> {
  const inputs = readInputs({ names: INPUT_NAMES, secrets: SECRET_INPUTS, schema: inputsSchema });
  const cwd = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const tempDir = process.env.RUNNER_TEMP ?? tmpdir();
  const tuning = clusterTuning(process.env);
  const result = await clusterUp(
    {
      plan: inputs.plan,
      clusters: inputs.clusters,
      management: inputs.management,
      managementKubeconfig: inputs['management-kubeconfig'],
      gcpCredentials: inputs['gcp-credentials'] ?? nonEmpty(process.env.GOOGLE_APPLICATION_CREDENTIALS),
      timeoutMs: inputs.timeout,
      outDir: inputs['out-dir'],
      cwd,
      tempDir,
      progressIntervalMs: tuning.progressIntervalMs,
    },
    clusterPorts({
      env: process.env,
      cwd,
      tempDir,
      statusFile: inputs['status-file'],
      log: actionsLog,
      mask: maskSecret,
      artifacts: true,
    }),
  );
  for (const [name, value] of Object.entries(clusterOutputs(result))) core.setOutput(name, value);
  await writeJobSummary({
    title: 'talos-fleet cluster',
    lines: [
      `Fleet ${result.fleet}: ${result.clusters.length} cluster${result.clusters.length === 1 ? '' : 's'} through ${result.management.server} (Kubernetes ${result.management.version}); providers ${result.providers}.`,
    ],
    table: { headers: ['Cluster', 'API endpoint', 'Machines', 'Waited'], rows: clusterSummaryRows(result) },
  });
}

const nonEmpty = (v: string | undefined) => (v === '' ? undefined : v);
