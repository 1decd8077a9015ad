import { parse as parseYaml } from 'yaml';
import type { Log } from '../core/log.js';
import {
  chartCa,
  assertChartPeers,
  changedPaths,
  canonical,
  clusterValues,
  redactValues,
  type Values,
} from '../core/mesh/values.js';
import { clusterEndpoints, machineViews, peersOf } from '../core/mesh/peers.js';
import { buildMatrix, matrixOk, matrixSummary, unreachableReason, type Matrix } from '../core/mesh/matrix.js';
import { describeNodeReport, nodeReport, nodeViews } from '../core/mesh/nodes.js';
import {
  expectedNodes,
  PLAN_NAMESPACE,
  type MeshPlan,
  type MeshPlanCluster,
} from '../core/mesh/plan-input.js';
import { sameEndpoint, wrongClusterError } from '../core/mesh/kubeconfig-check.js';
import type { FleetCaPem } from '../core/mesh/ca.js';
import type {
  CaMaker,
  CaStorePort,
  ChartRef,
  CiliumPort,
  HelmPort,
  ManagementPort,
  ToolRun,
  WorkloadPort,
} from '../core/mesh/ports.js';
import { lastLine, redactOutput } from '../core/mesh/redact.js';
import {
  CONNECTIVITY_NAMESPACE,
  CONNECTIVITY_TESTS,
  namespace,
  PROBE_SELECTOR,
  probeAnswers,
  VERIFY_NAMESPACE,
  verificationObjects,
} from '../core/mesh/verify.js';
import { pollUntil, PollTimeoutError } from '../core/poll-until.js';
import { UserError } from '../core/user-error.js';
import type { VerifyMode } from '../actions/mesh/inputs.js';
import type { MeshStatusPort } from '../core/mesh/status.js';

/**
 * The mesh flow: check everything (kubeconfigs, Machines' addresses, the chart, the values) →
 * the fleet CA → `helm upgrade --install cilium` in every cluster at once (skipped where the
 * installed values are already these) → per cluster `cilium status --wait`, `cilium clustermesh
 * status --wait`, nodes Ready and initialised by the CCM → the global-service probe (and the
 * connectivity test) → the N×N matrix. Nothing is installed anywhere until every cluster's
 * inputs have passed.
 */

export const RELEASE = 'cilium';
export const RELEASE_NAMESPACE = 'kube-system';

export interface MeshOptions {
  plan: MeshPlan;
  /** Where the plan's files are (plan.json's folder). */
  planDir: string;
  /** The kubeconfig file of each planned cluster (the flow checks they exist and match). */
  kubeconfigs: ReadonlyMap<string, string>;
  verify: VerifyMode;
  timeoutSeconds: number;
  /** A local chart folder or archive; undefined: the official chart at the plan's version. */
  chart: string | undefined;
}

export interface MeshPorts {
  management: ManagementPort;
  /** Opens the cluster's API from its kubeconfig; UserError when the file is missing or unreadable. */
  workload(cluster: string, kubeconfigFile: string): Promise<WorkloadPort>;
  helm: HelmPort;
  cilium: CiliumPort;
  /** undefined: keep the CA as a Secret in the first cluster (the flow builds that store). */
  caStore: CaStorePort | undefined;
  secretCaStore(first: WorkloadPort, cluster: string): CaStorePort;
  ca: CaMaker;
  files: {
    readText(path: string): Promise<string | undefined>;
    /** Writes a 0600 file in the flow's private folder and returns its path. */
    writePrivate(name: string, content: string): Promise<string>;
    /** Writes a diagnostics or report file for the artifact and returns its path. */
    writeArtifact(name: string, content: string): Promise<string>;
    /** A merged kubeconfig with one context per cluster (0600), for multi-cluster commands. */
    mergedKubeconfig(files: ReadonlyMap<string, string>): Promise<string>;
  };
  status: MeshStatusPort;
  /** Masks a secret in the runner's log the moment it is read or made. */
  mask(secret: string): void;
  log: Log;
  now: () => number;
  sleep: (ms: number) => Promise<unknown>;
  /** Milliseconds between checks of a wait (tests scale it down). */
  pollMs: number;
}

export type InstallAction = 'installed' | 'upgraded' | 'unchanged';

export interface ClusterOutcome {
  name: string;
  install: InstallAction | 'failed' | 'not started';
  /** Dotted values paths that changed (empty when unchanged or new). */
  changed: string[];
  nodes: string;
  /** Why the cluster is not ready; undefined when it is. */
  failure: string | undefined;
  diagnostics: string | undefined;
}

export interface MeshResult {
  matrix: Matrix;
  ready: boolean;
  chart: string;
  ca: 'created' | 'reused' | 'not needed';
  clusters: ClusterOutcome[];
  /** Files for the artifact (diagnostics, JUnit reports). */
  artifacts: string[];
  summary: string;
  /** Milliseconds of each phase: checks (inputs, CA, values), install and waits, verification. */
  timings: { checksMs: number; installMs: number; verifyMs: number; totalMs: number };
}

interface Prepared {
  cluster: MeshPlanCluster;
  api: WorkloadPort;
  kubeconfig: string;
  values: Values;
  valuesFile: string;
}

export async function meshUp(options: MeshOptions, ports: MeshPorts): Promise<MeshResult> {
  const { plan } = options;
  const { log } = ports;
  const started = ports.now();
  const deadline = started + options.timeoutSeconds * 1000;
  const left = () => Math.max(1, Math.floor((deadline - ports.now()) / 1000));
  const secrets: string[] = [];
  const keep = (s: string) => {
    secrets.push(s);
    ports.mask(s);
  };
  const names = plan.clusters.map((c) => c.name);
  await ports.status.begin(names, plan.mesh.enabled);

  // 1. Everything that can be wrong is checked before anything is installed.
  const apis = await log.group('Check the kubeconfigs, endpoints and Machines', async () => {
    const problems: UserError[] = [];
    const opened = new Map<string, { api: WorkloadPort; file: string }>();
    await Promise.all(
      plan.clusters.map(async (c) => {
        const file = options.kubeconfigs.get(c.name);
        if (file === undefined) {
          problems.push(missingKubeconfig(c.name));
          return;
        }
        try {
          const api = await ports.workload(c.name, file);
          const endpoint = await ports.management.clusterEndpoint(PLAN_NAMESPACE, c.capiName);
          if (endpoint === undefined)
            problems.push(
              new UserError(
                `The management cluster has no control-plane endpoint for cluster '${c.name}' (Cluster ${PLAN_NAMESPACE}/${c.capiName}).`,
                {
                  fix: 'run the cluster action first, against the same management cluster',
                  title: 'management-kubeconfig',
                },
              ),
            );
          else if (!sameEndpoint(api.server, endpoint))
            problems.push(wrongClusterError(c.name, file, api.server, endpoint));
          else log.info(`${c.name}: ${api.server}`);
          opened.set(c.name, { api, file });
        } catch (error) {
          if (error instanceof UserError) problems.push(error);
          else throw error;
        }
      }),
    );
    const error = UserError.combine(
      problems,
      `${problems.length} clusters cannot be meshed as given; nothing was installed`,
      'Mesh inputs',
    );
    if (error) throw error;
    return opened;
  });

  const endpoints = plan.mesh.enabled
    ? await log.group('Peers from the Machines', async () => {
        const machines = machineViews(await ports.management.listMachines(PLAN_NAMESPACE));
        const found = clusterEndpoints(plan.clusters, machines, plan.mesh.apiserverNodePort);
        for (const [name, p] of found) log.info(`${name}: ${p.ips.join(', ')} port ${p.port}`);
        return found;
      })
    : new Map();

  const chart = await log.group('Cilium chart', async () => {
    const ref = await ports.helm.chart(plan.versions.cilium, options.chart);
    log.info(`Using ${ref.source} (chart version ${ref.version}).`);
    return ref;
  });

  // 2. The fleet CA: one for every cluster, made once and reused.
  let caState: MeshResult['ca'] = 'not needed';
  let ca: FleetCaPem | undefined;
  if (plan.mesh.enabled) {
    const first = plan.clusters[0];
    const firstApi = first ? apis.get(first.name)?.api : undefined;
    if (!first || !firstApi) throw new Error('the plan has no first cluster');
    const store = ports.caStore ?? ports.secretCaStore(firstApi, first.name);
    ({ ca, state: caState } = await log.group(`Fleet CA (${store.where})`, () =>
      fleetCa(store, ports, keep),
    ));
  }
  const helmCa = ca ? chartCa(ca) : undefined;
  if (helmCa) keep(helmCa.key);

  // 3. Values, checked by the chart itself (values.schema.json and its templates) before any install.
  const prepared: Prepared[] = await log.group('Render and check the values of every cluster', async () => {
    const out = await Promise.all(
      plan.clusters.map(async (c): Promise<Prepared> => {
        const opened = apis.get(c.name);
        if (!opened) throw new Error(`no API for ${c.name}`);
        const base = await readValues(c, options.planDir, ports);
        const values = clusterValues(base, {
          meshEnabled: plan.mesh.enabled,
          peers: peersOf(c, endpoints),
          ca: helmCa,
        });
        assertChartPeers(c.name, values);
        const valuesFile = await ports.files.writePrivate(`${c.name}.values.json`, JSON.stringify(values));
        const rendered = await ports.helm.template(chart, valuesFile);
        if (rendered.code !== 0)
          throw new UserError(
            `The Cilium chart ${chart.version} rejects the values of cluster '${c.name}': ${lastLine(rendered.output, secrets)}`,
            {
              fix: "check the plan's Cilium version and the cluster's cilium-values.yaml against the chart's values.schema.json (a Cilium version the plan does not support? re-plan with a supported one)",
              title: 'Cilium values',
            },
          );
        return { cluster: c, api: opened.api, kubeconfig: opened.file, values, valuesFile };
      }),
    );
    log.info(`The chart renders the values of all ${out.length} clusters.`);
    return out;
  });

  const checked = ports.now();
  // 4. Install everywhere at once, then wait per cluster.
  const outcomes = new Map<string, ClusterOutcome>(
    names.map((n) => [
      n,
      { name: n, install: 'not started', changed: [], nodes: '', failure: undefined, diagnostics: undefined },
    ]),
  );
  await log.group(`Install Cilium in ${prepared.length} clusters`, () =>
    Promise.all(
      prepared.map(async (p) => {
        const o = outcomes.get(p.cluster.name);
        if (!o) return;
        try {
          await installOne(p, chart, o);
          await waitOne(p, o);
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          o.failure = error.message;
        }
        await ports.status.cluster(p.cluster.name, o.failure);
      }),
    ),
  );

  const installed = ports.now();
  // 5. Verify across every pair.
  const failedClusters = new Map(
    [...outcomes.values()].flatMap((o) => (o.failure ? [[o.name, o.failure] as const] : [])),
  );
  let pairFailure: (from: string, to: string) => string | undefined = () => undefined;
  const artifacts: string[] = [];
  if (plan.mesh.enabled && names.length > 1 && options.verify !== 'none') {
    const healthy = prepared.filter((p) => !failedClusters.has(p.cluster.name));
    const answers = await log.group('Verify: a global Service answered from every cluster', () =>
      globalService(healthy, names),
    );
    const connectivity =
      options.verify === 'connectivity'
        ? await log.group('Verify: cilium connectivity test --multi-cluster', () =>
            connectivityTests(healthy),
          )
        : new Map<string, string>();
    pairFailure = (from, to) => {
      const got = answers.get(from);
      if (got && !got.has(to))
        return `no answer from ${to}'s echo backends through the global Service within the timeout`;
      return connectivity.get(`${from}→${to}`);
    };
  }
  const verified = ports.now();
  const matrix = buildMatrix(
    names,
    (from, to) => unreachableReason(failedClusters, from, to) ?? pairFailure(from, to),
  );

  // 6. Diagnostics for every cluster that failed.
  await Promise.all(
    prepared.map(async (p) => {
      const o = outcomes.get(p.cluster.name);
      if (!o?.failure) return;
      o.diagnostics = await diagnose(p);
      artifacts.push(await ports.files.writeArtifact(`diagnostics/${p.cluster.name}.txt`, o.diagnostics));
    }),
  );
  const clusters = [...outcomes.values()];
  const ready = matrixOk(matrix) && clusters.every((c) => c.failure === undefined);
  const summary = `${ready ? 'Mesh ready' : 'Mesh not ready'}: ${clusters.filter((c) => !c.failure).length}/${clusters.length} clusters ready, ${matrixSummary(matrix)}`;
  await ports.status.finish(matrix, ready, clusters);
  log.info(summary);
  const timings = {
    checksMs: checked - started,
    installMs: installed - checked,
    verifyMs: verified - installed,
    totalMs: ports.now() - started,
  };
  log.info(
    `Timings: checks ${seconds(timings.checksMs)}, install and waits ${seconds(timings.installMs)}, verification ${seconds(timings.verifyMs)}, total ${seconds(timings.totalMs)}.`,
  );
  return { matrix, ready, chart: chart.source, ca: caState, clusters, artifacts, summary, timings };

  async function installOne(p: Prepared, ref: ChartRef, o: ClusterOutcome): Promise<void> {
    const installed = await ports.helm.installedValues(p.kubeconfig);
    if (installed?.chartVersion === ref.version && canonical(installed.values) === canonical(p.values)) {
      o.install = 'unchanged';
      log.info(`${p.cluster.name}: Cilium ${ref.version} is installed with these values; no upgrade.`);
      return;
    }
    o.changed = installed ? changedPaths(redactValues(installed.values), redactValues(p.values)) : [];
    if (installed && installed.chartVersion !== ref.version)
      o.changed.unshift(`chart ${installed.chartVersion} → ${ref.version}`);
    log.info(
      installed
        ? `${p.cluster.name}: helm upgrade (${o.changed.join(', ') || 'values'})`
        : `${p.cluster.name}: helm install of Cilium ${ref.version}`,
    );
    const run = await ports.helm.upgradeInstall(p.kubeconfig, ref, p.valuesFile, left());
    if (run.code !== 0) {
      o.install = 'failed';
      throw new UserError(
        `helm upgrade --install failed in cluster '${p.cluster.name}': ${lastLine(run.output, secrets)}`,
        {
          fix: 'see the diagnostics; a re-run continues from here',
        },
      );
    }
    o.install = installed ? 'upgraded' : 'installed';
  }

  async function waitOne(p: Prepared, o: ClusterOutcome): Promise<void> {
    const name = p.cluster.name;
    const step = async (what: string, run: () => Promise<ToolRun>) => {
      const r = await run();
      if (r.code !== 0)
        throw new UserError(`${name}: ${what} did not succeed: ${lastLine(r.output, secrets)}`);
      log.info(`${name}: ${what} ok`);
    };
    await step('cilium status --wait', () =>
      ports.cilium.status(p.kubeconfig, { wait: true, timeoutSeconds: left() }),
    );
    if (plan.mesh.enabled && names.length > 1)
      await step('cilium clustermesh status --wait', () =>
        ports.cilium.clustermeshStatus(p.kubeconfig, { wait: true, timeoutSeconds: left() }),
      );
    const expected = expectedNodes(p.cluster);
    try {
      const report = await pollUntil(
        async () => {
          const r = nodeReport(nodeViews(await p.api.listNodes()), expected);
          o.nodes = describeNodeReport(r, expected);
          return r.done ? { done: true, value: r } : { done: false, evidence: o.nodes };
        },
        {
          what: `the nodes of cluster '${name}' to be Ready and initialised by the cloud controller manager`,
          intervalMs: ports.pollMs,
          timeoutMs: Math.max(0, deadline - ports.now()),
          now: ports.now,
          sleep: ports.sleep,
          onProgress: (_ms, evidence) => log.progress(`${name}: ${evidence ?? ''}`),
          fix: 'check the Talos CCM (kube-system) and the nodes: see the diagnostics',
        },
      );
      o.nodes = describeNodeReport(report, expected);
      log.info(`${name}: ${o.nodes}`);
    } catch (error) {
      if (error instanceof PollTimeoutError) throw new UserError(`${name}: ${o.nodes}`);
      throw error;
    }
  }

  /** From every cluster, which clusters' echo backends answered the global Service. */
  async function globalService(
    healthy: Prepared[],
    all: readonly string[],
  ): Promise<Map<string, Set<string>>> {
    await Promise.all(healthy.map((p) => p.api.apply(verificationObjects(p.cluster.name))));
    log.info(
      `Applied the echo Deployment, the global Service and the probe in ${healthy.length} clusters (namespace ${VERIFY_NAMESPACE}).`,
    );
    const answers = new Map<string, Set<string>>(healthy.map((p) => [p.cluster.name, new Set<string>()]));
    const others = (n: string) => all.filter((x) => x !== n && answers.has(x));
    const complete = () =>
      healthy.every((p) => others(p.cluster.name).every((o) => answers.get(p.cluster.name)?.has(o)));
    try {
      await pollUntil(
        async () => {
          await Promise.all(
            healthy.map(async (p) => {
              const logs = await p.api.podLogs(VERIFY_NAMESPACE, PROBE_SELECTOR, {});
              const seen = answers.get(p.cluster.name);
              for (const l of logs) for (const a of probeAnswers(l.text)) seen?.add(a);
            }),
          );
          if (complete()) return { done: true, value: undefined };
          const waiting = healthy.flatMap((p) => {
            const missing = others(p.cluster.name).filter((o) => !answers.get(p.cluster.name)?.has(o));
            return missing.length ? [`${p.cluster.name} waits for ${missing.join(', ')}`] : [];
          });
          return { done: false, evidence: waiting.join('; ') };
        },
        {
          what: 'every cluster to answer the global Service from every other cluster',
          intervalMs: ports.pollMs,
          timeoutMs: Math.max(0, deadline - ports.now()),
          now: ports.now,
          sleep: ports.sleep,
          onProgress: (_ms, evidence) => log.progress(evidence ?? ''),
        },
      );
      log.info('Every cluster reached every other cluster through the global Service.');
    } catch (error) {
      if (!(error instanceof PollTimeoutError)) throw error;
      log.warning(`The global Service check ran out of time: ${error.evidence ?? ''}`, {
        title: 'Mesh verification',
      });
    }
    return answers;
  }

  /** `cilium connectivity test --multi-cluster` for every ordered pair of healthy clusters; failures by "from→to". */
  async function connectivityTests(healthy: Prepared[]): Promise<Map<string, string>> {
    const failures = new Map<string, string>();
    await Promise.all(healthy.map((p) => p.api.apply([namespace(CONNECTIVITY_NAMESPACE, 'privileged')])));
    const merged = await ports.files.mergedKubeconfig(
      new Map(healthy.map((p) => [p.cluster.name, p.kubeconfig])),
    );
    // One pair at a time: every run deploys into the same namespaces of both clusters.
    for (const from of healthy)
      for (const to of healthy) {
        if (from === to) continue;
        const pair = `${from.cluster.name}→${to.cluster.name}`;
        const junitFile = await ports.files.writeArtifact(
          `junit/${from.cluster.name}-${to.cluster.name}.xml`,
          '',
        );
        const run = await ports.cilium.connectivity({
          kubeconfig: merged,
          context: from.cluster.name,
          multiCluster: to.cluster.name,
          tests: CONNECTIVITY_TESTS,
          namespace: CONNECTIVITY_NAMESPACE,
          junitFile,
          timeoutSeconds: left(),
        });
        artifacts.push(junitFile);
        if (run.code === 0) log.info(`${pair}: connectivity test passed`);
        else {
          failures.set(pair, `cilium connectivity test failed: ${lastLine(run.output, secrets)}`);
          log.warning(`${pair}: cilium connectivity test failed`, { title: 'Mesh verification' });
        }
      }
    return failures;
  }

  async function diagnose(p: Prepared): Promise<string> {
    const parts: string[] = [];
    const section = (title: string, text: string) =>
      parts.push(`## ${title}\n${redactOutput(text, secrets)}`);
    const status = await ports.cilium
      .status(p.kubeconfig, { wait: false, timeoutSeconds: 30 })
      .catch((e: unknown) => ({ code: -1, output: String(e) }));
    section('cilium status', status.output);
    if (plan.mesh.enabled) {
      const mesh = await ports.cilium
        .clustermeshStatus(p.kubeconfig, { wait: false, timeoutSeconds: 30 })
        .catch((e: unknown) => ({ code: -1, output: String(e) }));
      section('cilium clustermesh status', mesh.output);
    }
    const logs = await p.api
      .podLogs(RELEASE_NAMESPACE, 'k8s-app=cilium', { tailLines: 40, container: 'cilium-agent' })
      .catch((e: unknown) => [{ pod: 'error', text: String(e) }]);
    for (const l of logs) section(`agent ${l.pod} (last lines)`, l.text);
    return parts.join('\n\n');
  }
}

async function fleetCa(
  store: CaStorePort,
  ports: Pick<MeshPorts, 'ca' | 'log'>,
  keep: (secret: string) => void,
): Promise<{ ca: FleetCaPem; state: 'created' | 'reused' }> {
  const found = await store.load();
  if (found) {
    keep(found.keyPem);
    await ports.ca.check(found, store.where);
    ports.log.info(`Reusing the fleet CA kept in ${store.where}.`);
    return { ca: found, state: 'reused' };
  }
  const made = await ports.ca.generate();
  keep(made.keyPem);
  if ((await store.create(made)) === 'created') {
    ports.log.info(`Made the fleet CA (ECDSA P-256) and kept it in ${store.where}.`);
    return { ca: made, state: 'created' };
  }
  // Another job stored one first: everyone must use that one.
  const theirs = await store.load();
  if (!theirs)
    throw new UserError(
      `The fleet CA in ${store.where} was created by another job but cannot be read back.`,
      { fix: 're-run' },
    );
  keep(theirs.keyPem);
  await ports.ca.check(theirs, store.where);
  ports.log.info(`Another job made the fleet CA first; using it (${store.where}).`);
  return { ca: theirs, state: 'reused' };
}

async function readValues(
  c: MeshPlanCluster,
  planDir: string,
  ports: Pick<MeshPorts, 'files'>,
): Promise<Values> {
  const path = `${planDir}/${c.files.ciliumValues}`;
  const text = await ports.files.readText(path);
  if (text === undefined)
    throw new UserError(`The plan's Cilium values for cluster '${c.name}' are missing (${path}).`, {
      fix: 'run the plan step again into the same folder, or pass the plan.json that sits beside its cluster folders',
      title: 'plan',
    });
  const values: unknown = parseYaml(text);
  if (typeof values !== 'object' || values === null || Array.isArray(values))
    throw new UserError(`${path} is not a YAML mapping of Helm values.`, {
      fix: 'run the plan step again',
      title: 'plan',
    });
  return values as Values;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function missingKubeconfig(cluster: string): UserError {
  return new UserError(`There is no kubeconfig for the planned cluster '${cluster}' in kubeconfig-dir.`, {
    fix: `pass the kubeconfig-dir output of the cluster action that brought up this plan (it holds ${cluster}.kubeconfig)`,
    title: 'kubeconfig-dir',
  });
}
