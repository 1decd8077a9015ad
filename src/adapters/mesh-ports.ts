import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Log } from '../core/log.js';
import type { CaStorePort } from '../core/mesh/ports.js';
import { parseMeshPlan } from '../core/mesh/plan-input.js';
import { sinkMeshStatus } from '../core/mesh/status.js';
import { UserError } from '../core/user-error.js';
import type { MeshInputs } from '../actions/mesh/inputs.js';
import { meshUp, type MeshResult } from '../flows/mesh.js';
import { fileStatusSink } from '../runtime/status-file-sink.js';
import { readStatusFileIfExists } from '../runtime/status-report.js';
import { ciliumCli } from './cilium/cilium-cli.js';
import { pathCommandRunner } from './command/command-runner.js';
import { helmCli } from './helm/helm.js';
import { secretCaStore } from './kubernetes/ca-secret.js';
import { managementApi, workloadApi } from './kubernetes/mesh-kube.js';
import { meshFiles } from './mesh-files.js';
import { retryPolicyFromEnv } from './retry.js';

/**
 * The mesh flow with its adapters, shared by the action and `talos-fleet mesh up`: reads the plan
 * and the kubeconfigs named by the inputs, builds helm/cilium runners from PATH, the Kubernetes
 * clients, the CA store and the status document, runs the flow and removes its private files.
 * TALOS_FLEET_GCS_ENDPOINT points the state bucket at another endpoint (tests);
 * TALOS_FLEET_MESH_POLL_MS scales the waits' interval (tests and benchmarks).
 */

export interface MeshRunOptions {
  inputs: MeshInputs;
  /** Where relative input paths start (the workspace, or the CLI's cwd). */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Where private files and artifacts go (RUNNER_TEMP). */
  tempDir: string;
  log: Log;
  mask: (secret: string) => void;
}

export async function runMeshFlow(o: MeshRunOptions): Promise<{ result: MeshResult; artifactDir: string }> {
  const { inputs, log, mask } = o;
  const planPath = resolve(o.cwd, inputs.plan);
  const planText = await readFile(planPath, 'utf8').catch(() => {
    throw new UserError(`cannot read the plan '${inputs.plan}'`, {
      fix: 'run the plan step first and pass its plan.json (default .talos-fleet/plan/plan.json)',
      title: 'plan',
    });
  });
  const plan = parseMeshPlan(planText, inputs.plan);
  const policy = retryPolicyFromEnv(o.env);
  const kube = { policy, mask, onRetry: (m: string) => log.info(`  ${m}`) };

  const managementFile = resolve(o.cwd, inputs['management-kubeconfig']);
  const managementText = await readFile(managementFile, 'utf8').catch(() => {
    throw new UserError(`cannot read the management-kubeconfig '${inputs['management-kubeconfig']}'`, {
      fix: 'pass the path the cluster action gave as its management-kubeconfig output',
      title: 'management-kubeconfig',
    });
  });
  const management = await managementApi(managementText, inputs['management-kubeconfig'], kube);

  const kubeconfigDir = resolve(o.cwd, inputs['kubeconfig-dir']);
  const kubeconfigs = new Map<string, string>();
  for (const c of plan.clusters) {
    const file = join(kubeconfigDir, `${c.name}.kubeconfig`);
    if (
      await readFile(file).then(
        () => true,
        () => false,
      )
    )
      kubeconfigs.set(c.name, file);
  }

  const { files, artifactDir, dispose } = await meshFiles(o.tempDir, mask);
  const runner = pathCommandRunner(o.env);
  const statusPath = resolve(o.cwd, inputs['status-file']);
  const statusExists = (await readStatusFileIfExists(statusPath)) !== undefined;
  if (!statusExists)
    log.notice(
      `No status document at ${inputs['status-file']}; the mesh step reports only to the log and its outputs.`,
    );
  const now = () => new Date();
  const sink = statusExists ? fileStatusSink(statusPath) : undefined;

  const pollSetting = Number(o.env.TALOS_FLEET_MESH_POLL_MS);
  try {
    const caStore =
      inputs['state-bucket'] === undefined
        ? undefined
        : await bucketStore(inputs['state-bucket'], plan.fleet, o, policy);
    const { generateFleetCa, checkFleetCa } = await import('./x509/fleet-ca.js');
    const result = await meshUp(
      {
        plan,
        planDir: dirname(planPath),
        kubeconfigs,
        verify: inputs.verify,
        timeoutSeconds: inputs.timeout,
        chart: inputs['cilium-chart'] === undefined ? undefined : resolve(o.cwd, inputs['cilium-chart']),
      },
      {
        management,
        workload: async (cluster, file) =>
          workloadApi(await readFile(file, 'utf8'), `${cluster}.kubeconfig`, kube),
        helm: helmCli({
          runner,
          workDir: dirname(await files.writePrivate('.chart', '')),
          kubeVersion: plan.versions.kubernetes,
        }),
        cilium: ciliumCli(runner),
        caStore,
        secretCaStore: (api, cluster) => secretCaStore(api, cluster, plan.fleet.labels),
        ca: {
          generate: () => generateFleetCa({ fleet: plan.fleet.name, now: now() }),
          check: (ca, where) => checkFleetCa(ca, { now: now(), where }),
        },
        files,
        status: sinkMeshStatus(sink, now),
        mask,
        log,
        now: () => Date.now(),
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        pollMs: Number.isFinite(pollSetting) && pollSetting > 0 ? pollSetting : 5000,
      },
    );
    return { result, artifactDir };
  } finally {
    await dispose();
  }
}

async function bucketStore(
  bucket: string,
  fleet: { name: string; project: string; labels: Record<string, string> },
  o: MeshRunOptions,
  policy: ReturnType<typeof retryPolicyFromEnv>,
): Promise<CaStorePort> {
  const [{ googleAuthClient }, { Storage }, { gcsCaStore }] = await Promise.all([
    import('./google-auth/auth-client.js'),
    import('@google-cloud/storage'),
    import('./gcs/ca-object.js'),
  ]);
  const token = o.env.GOOGLE_OAUTH_ACCESS_TOKEN;
  if (token) o.mask(token);
  const authClient = await googleAuthClient({
    accessToken: token === '' ? undefined : token,
    project: fleet.project,
    mask: o.mask,
  });
  const endpoint = o.env.TALOS_FLEET_GCS_ENDPOINT;
  const storage = new Storage({
    projectId: fleet.project,
    authClient,
    ...(endpoint ? { apiEndpoint: endpoint.replace(/\/+$/, ''), useAuthWithCustomEndpoint: true } : {}),
    retryOptions: { autoRetry: false },
  });
  return gcsCaStore({
    storage,
    bucket,
    fleet: fleet.name,
    location: 'US',
    labels: fleet.labels,
    policy,
    onRetry: (m) => o.log.info(`  ${m}`),
  });
}
