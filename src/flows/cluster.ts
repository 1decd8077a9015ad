import { dirname, join, resolve } from 'node:path';
import { checkGoogleCredentials, kubeconfigServer, redact, secretsIn } from '../core/cluster/credentials.js';
import { nameOf } from '../core/cluster/kube-object.js';
import { manifestObjects } from '../core/cluster/manifests.js';
import {
  type ClusterPlan,
  type PlannedCluster,
  parseClusterPlan,
  selectClusters,
} from '../core/cluster/plan-input.js';
import type {
  ArtifactPort,
  Clock,
  ClusterTools,
  ClusterWatch,
  FilesPort,
  ManagementApi,
  StatusSink,
} from '../core/cluster/ports.js';
import {
  clusterProgress,
  internalIp,
  PHASE_TITLES,
  type Phase,
  phaseDeadlineMs,
  progressLine,
} from '../core/cluster/progress.js';
import { decideProviders, requiredProviders } from '../core/cluster/providers.js';
import { recordFailure, recordProgress, startProvisioning } from '../core/cluster/status.js';
import type { KubeObject } from '../core/cluster/kube-object.js';
import type { Log } from '../core/log.js';
import type { ClusterOutcome, ClusterResult } from '../core/cluster/result.js';
import { NAMESPACE } from '../core/plan/model.js';
import { UserError } from '../core/user-error.js';

/**
 * The cluster flow: plan → management cluster → providers → server-side apply of every
 * cluster's manifests → watch each cluster through its gates → kubeconfig and talosconfig files.
 * Everything it touches comes in as a port, so the action and `talos-fleet cluster up` share it.
 */

export interface ClusterOptions {
  /** Path of plan.json (absolute, or relative to `cwd`). */
  plan: string;
  clusters: readonly string[];
  management: 'kind' | 'kubeconfig';
  /** Content, for `management: kubeconfig`. */
  managementKubeconfig: string | undefined;
  /** Path of the Google credentials file CAPG uses. */
  gcpCredentials: string | undefined;
  timeoutMs: number;
  outDir: string;
  cwd: string;
  /** The runner's temp folder: the management kubeconfig and the diagnostics go there. */
  tempDir: string;
  /** How often each cluster's progress line and the status document are refreshed (15–30 s). */
  progressIntervalMs: number;
}

export interface ClusterPorts {
  log: Log;
  files: FilesPort;
  tools: ClusterTools;
  /** Connects to the management cluster with this kubeconfig. */
  connect(kubeconfig: string): ManagementApi;
  status: StatusSink | undefined;
  artifact: ArtifactPort | undefined;
  clock: Clock;
  /** Masks a secret in every later log line (core.setSecret on a runner). */
  mask(secret: string): void;
}

interface Prepared {
  plan: ClusterPlan;
  selected: PlannedCluster[];
  objects: Map<string, KubeObject[]>;
  credentials: string | undefined;
}

export async function clusterUp(options: ClusterOptions, ports: ClusterPorts): Promise<ClusterResult> {
  const { log } = ports;
  const secrets: string[] = [];
  const mask = (value: string) => {
    for (const s of secretsIn(value)) {
      ports.mask(s);
      secrets.push(s);
    }
  };
  const prepared = await prepare(options, ports, mask);
  const { plan, selected } = prepared;
  const fleet = plan.fleet.name;

  if (options.management === 'kind') await ports.tools.require('kind');
  await ports.tools.require('clusterctl');

  const managementPath = join(options.tempDir, `talos-fleet-${fleet}-management.kubeconfig`);
  const management = await log.group('Management cluster', async () => {
    let created = false;
    let kubeconfig: string;
    if (options.management === 'kind') {
      const name = `talos-fleet-${fleet}`;
      if ((await ports.tools.kindClusters()).includes(name)) log.info(`Reusing kind cluster ${name}.`);
      else {
        log.info(`Creating kind cluster ${name} with the node image kind defaults to…`);
        await ports.tools.kindCreate(name);
        created = true;
      }
      kubeconfig = await ports.tools.kindKubeconfig(name);
    } else kubeconfig = options.managementKubeconfig ?? '';
    mask(kubeconfig);
    await ports.files.writeSecret(managementPath, kubeconfig);
    const api = ports.connect(kubeconfig);
    const version = await api.version();
    log.info(`Management cluster: ${kubeconfigServer(kubeconfig) ?? api.server} (Kubernetes ${version}).`);
    return { api, server: api.server, version, created };
  });
  const { api } = management;

  const providers = await log.group('Cluster API providers', async () => {
    const required = requiredProviders({ ...plan.versions, cilium: '', talosCcm: '' });
    const decision = decideProviders(required, await api.providers());
    if (decision.kind === 'installed') {
      log.info(`Found ${required.map((p) => `${p.inventoryName} ${p.version}`).join(', ')}.`);
      return 'found' as const;
    }
    if (prepared.credentials === undefined)
      throw new UserError('clusterctl init needs the Google credentials CAPG will use, and none were given', {
        fix: "set 'gcp-credentials' to a credentials file (or run google-github-actions/auth first, which sets GOOGLE_APPLICATION_CREDENTIALS)",
        title: "Invalid input 'gcp-credentials'",
      });
    const b64 = Buffer.from(prepared.credentials, 'utf8').toString('base64');
    ports.mask(b64);
    secrets.push(b64);
    log.info(
      `Installing ${decision.missing.map((p) => `${p.inventoryName} ${p.version}`).join(', ')}: clusterctl ${decision.args.join(' ')}`,
    );
    await ports.tools.clusterctl(
      [...decision.args, '--kubeconfig', managementPath],
      { GCP_B64ENCODED_CREDENTIALS: b64 },
      (line) => log.info(`  ${redact(line, secrets)}`),
    );
    const after = decideProviders(required, await api.providers());
    if (after.kind !== 'installed')
      throw new UserError(
        `clusterctl init finished but the inventory still lacks ${after.missing.map((p) => p.inventoryName).join(', ')}`,
        {
          fix: 'look at the clusterctl output above; re-run the step once the management cluster is healthy',
        },
      );
    return 'installed' as const;
  });

  await ports.status?.update((doc) => startProvisioning(doc, selected, new Date(ports.clock.now())));

  await log.group(`Apply ${selected.length} cluster${selected.length === 1 ? '' : 's'}`, async () => {
    await Promise.all(
      selected.map(async (c) => {
        const objects = prepared.objects.get(c.name) ?? [];
        await api.apply(objects);
        log.info(
          `${c.name}: applied ${objects.length} objects (server-side apply, field manager talos-fleet).`,
        );
      }),
    );
  });

  const watch = await api.watchClusters(NAMESPACE);
  let outcomes: PromiseSettledResult<ClusterOutcome>[];
  try {
    outcomes = await log.group('Wait for the clusters', () =>
      Promise.allSettled(
        selected.map((c) => waitForCluster(c, watch, options, ports, api, plan, secrets, mask)),
      ),
    );
  } finally {
    await watch.stop();
  }

  const failures: UserError[] = [];
  for (const [i, cluster] of selected.entries()) {
    const outcome = outcomes[i];
    if (outcome?.status !== 'rejected') continue;
    const error = outcome.reason as unknown;
    if (!(error instanceof UserError)) throw error;
    failures.push(error);
    await diagnose(cluster, error, { options, ports, api, plan, secrets, managementPath, watch });
  }
  const failed = UserError.combine(
    failures,
    `${failures.length} clusters did not come up`,
    'talos-fleet cluster',
  );
  if (failed) throw failed;

  const done = outcomes.map((o) => (o as PromiseFulfilledResult<ClusterOutcome>).value);
  const outDir = resolve(options.cwd, options.outDir);
  return {
    fleet,
    kubeconfigDir: outDir,
    talosconfigDir: outDir,
    managementKubeconfig: managementPath,
    management: { server: management.server, version: management.version, created: management.created },
    providers,
    endpoints: Object.fromEntries(done.map((c) => [c.name, c.endpoint])),
    clusters: done,
  };
}

/** Everything checked before any call to a cluster: plan, manifests, cluster names, credentials. */
async function prepare(
  options: ClusterOptions,
  ports: ClusterPorts,
  mask: (s: string) => void,
): Promise<Prepared> {
  const planPath = resolve(options.cwd, options.plan);
  let text: string;
  try {
    text = await ports.files.read(planPath);
  } catch (error) {
    throw new UserError(
      `cannot read the plan ${options.plan}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      {
        fix: "run the plan step first, or point 'plan' at its plan.json",
        title: "Invalid input 'plan'",
      },
    );
  }
  const plan = parseClusterPlan(text, options.plan);
  const selected = selectClusters(plan, options.clusters);
  if (options.management === 'kubeconfig' && !options.managementKubeconfig)
    throw new UserError("input 'management-kubeconfig' is required when 'management' is kubeconfig", {
      fix: "pass the management cluster's kubeconfig content, e.g. management-kubeconfig: ${{ secrets.MANAGEMENT_KUBECONFIG }}, or use management: kind",
      title: "Invalid input 'management-kubeconfig'",
    });
  if (options.managementKubeconfig) mask(options.managementKubeconfig);
  let credentials: string | undefined;
  if (options.gcpCredentials !== undefined) {
    const path = resolve(options.cwd, options.gcpCredentials);
    try {
      credentials = await ports.files.read(path);
    } catch (error) {
      throw new UserError(
        `cannot read the credentials file ${options.gcpCredentials}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        {
          fix: "set 'gcp-credentials' to the path of a service-account key or of google-github-actions/auth's credentials file",
          title: "Invalid input 'gcp-credentials'",
        },
      );
    }
    // The whole file is the secret (an external_account file carries a bearer token header).
    ports.mask(credentials);
    mask(credentials);
    checkGoogleCredentials(credentials, options.gcpCredentials);
  }
  const objects = new Map<string, KubeObject[]>();
  const planDir = dirname(planPath);
  for (const c of selected) {
    const file = join(planDir, c.files.manifests);
    let manifest: string;
    try {
      manifest = await ports.files.read(file);
    } catch (error) {
      throw new UserError(
        `cannot read ${c.files.manifests} of cluster ${c.name} next to the plan: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        {
          fix: 'keep the whole plan directory (plan.json and the cluster folders) together, e.g. upload and download it as one artifact',
          title: "Invalid input 'plan'",
        },
      );
    }
    objects.set(c.name, manifestObjects(manifest, c.files.manifests, NAMESPACE));
  }
  return { plan, selected, objects, credentials };
}

/** Waits for one cluster's gates, event-driven from the watches, with a progress line every interval. */
async function waitForCluster(
  c: PlannedCluster,
  watch: ClusterWatch,
  options: ClusterOptions,
  ports: ClusterPorts,
  api: ManagementApi,
  plan: ClusterPlan,
  secrets: string[],
  mask: (s: string) => void,
): Promise<ClusterOutcome> {
  const { clock, log } = ports;
  const started = clock.now();
  const desired = c.controlPlane.replicas + c.workers.replicas;
  let kubeconfig: string | undefined;
  let talosconfig: string | undefined;
  let lastPhase: Phase | undefined | null = null;
  let lastReport = -Infinity;
  let first = true;

  const readSecrets = async () => {
    kubeconfig ??= await api.secretValue(NAMESPACE, `${c.capiName}-kubeconfig`, 'value');
    talosconfig ??= await api.secretValue(NAMESPACE, `${c.capiName}-talosconfig`, 'talosconfig');
    if (kubeconfig) mask(kubeconfig);
    if (talosconfig) mask(talosconfig);
  };
  const evaluate = () =>
    clusterProgress(
      {
        ...watch.objects(c.capiName),
        secrets: { kubeconfig: kubeconfig !== undefined, talosconfig: talosconfig !== undefined },
      },
      desired,
    );

  let wake: (() => void) | undefined;
  watch.onChange(() => wake?.());
  for (;;) {
    let progress = evaluate();
    if (
      progress.phase === 'secrets' ||
      (progress.phase !== 'infrastructure' &&
        progress.phase !== 'control-plane' &&
        (!kubeconfig || !talosconfig))
    ) {
      await readSecrets();
      progress = evaluate();
    }
    const now = clock.now();
    const elapsed = now - started;
    if (progress.phase !== lastPhase) {
      if (progress.phase !== undefined) log.info(`${c.name}: waiting for ${PHASE_TITLES[progress.phase]}.`);
      lastPhase = progress.phase;
    }
    if (progress.phase === undefined || now - lastReport >= options.progressIntervalMs) {
      lastReport = now;
      log.progress(progressLine(c.name, progress));
      await ports.status?.update((doc) => recordProgress(doc, c, progress, new Date(clock.now())));
    }
    if (progress.phase === undefined) {
      const endpoint = progress.endpoint ?? '';
      const outDir = resolve(options.cwd, options.outDir);
      const kubeconfigPath = join(outDir, `${c.name}.kubeconfig`);
      const talosconfigPath = join(outDir, `${c.name}.talosconfig`);
      await ports.files.writeSecret(kubeconfigPath, kubeconfig ?? '');
      await ports.files.writeSecret(talosconfigPath, talosconfig ?? '');
      log.info(`${c.name}: ready for the mesh step at ${endpoint} (${Math.round(elapsed / 1000)} s).`);
      return {
        name: c.name,
        capiName: c.capiName,
        endpoint,
        machines: progress.machines,
        // Ready at the first look: a re-run of a cluster that is up waits for nothing.
        waitedMs: first ? 0 : elapsed,
        kubeconfig: kubeconfigPath,
        talosconfig: talosconfigPath,
      };
    }
    const deadline = phaseDeadlineMs(progress.phase, options.timeoutMs);
    if (elapsed >= deadline) {
      const events = await api.warningEvents(NAMESPACE, progress.culprits).catch(() => []);
      const evidence = [...progress.evidence, ...events.map((e) => `Warning event ${e}`)].map((e) =>
        redact(e, secrets),
      );
      throw new UserError(
        `${c.name} (${c.capiName}): ${PHASE_TITLES[progress.phase]} did not happen within ${Math.round(deadline / 1000)} s (its share of timeout ${Math.round(options.timeoutMs / 1000)} s)`,
        {
          details: evidence.length
            ? evidence
            : ['no condition or Warning event explains it; see the diagnostics'],
          fix: fixFor(progress.phase),
          title: `talos-fleet cluster: ${c.name} timed out`,
        },
      );
    }
    first = false;
    // Sleep until something changes, the next progress line is due, or the phase's deadline.
    const until = Math.min(options.progressIntervalMs - (now - lastReport), deadline - elapsed);
    await new Promise<void>((resolveWait) => {
      wake = resolveWait;
      void clock.sleep(Math.max(1, until)).then(resolveWait);
    });
    wake = undefined;
  }
}

function fixFor(phase: Phase): string {
  switch (phase) {
    case 'infrastructure':
      return 'check the GCPCluster events above (quota, permissions of the credentials, the network), fix the cause and re-run: the step continues where it stopped';
    case 'control-plane':
      return 'check that the control-plane instance booted (serial console) and that TCP 50000 and 6443 reach it from the management cluster; re-run to keep waiting, or raise timeout';
    case 'secrets':
      return 'the control plane is initialised but CACPPT/CABPT have not written the secrets: check their controller logs in the diagnostics';
    case 'addresses':
      return 'check the machines named above (quota, instance errors in the CAPG log); re-run to keep waiting, or raise timeout';
  }
}

interface DiagnoseContext {
  options: ClusterOptions;
  ports: ClusterPorts;
  api: ManagementApi;
  plan: ClusterPlan;
  secrets: string[];
  managementPath: string;
  watch: ClusterWatch;
}

/**
 * Collects what explains a failed cluster (clusterctl describe, the namespace's events, the CAPG,
 * CABPT and CACPPT logs, talosctl health when a control plane is reachable), redacts it, writes
 * it under the temp folder, uploads it as an artifact and records a short form in the status.
 */
async function diagnose(c: PlannedCluster, error: UserError, ctx: DiagnoseContext): Promise<void> {
  const { ports, api, secrets } = ctx;
  const { log, files } = ports;
  const dir = join(ctx.options.tempDir, `talos-fleet-diagnostics-${ctx.plan.fleet.name}`, c.name);
  const collected: { file: string; text: string }[] = [];
  const attempt = async (file: string, what: () => Promise<string>) => {
    let text: string;
    try {
      text = await what();
    } catch (e) {
      text = `(could not collect: ${e instanceof Error ? e.message : String(e)})`;
    }
    collected.push({ file, text: redact(text, secrets) });
  };
  await log.group(`Diagnostics for ${c.name}`, async () => {
    await attempt('describe.txt', () =>
      ports.tools.clusterctl(
        [
          'describe',
          'cluster',
          c.capiName,
          '-n',
          NAMESPACE,
          '--show-conditions',
          'all',
          '--grouping=false',
          '--kubeconfig',
          ctx.managementPath,
        ],
        {},
        () => undefined,
      ),
    );
    await attempt('events.txt', async () => (await api.events(NAMESPACE)).join('\n'));
    for (const p of requiredProviders({ ...ctx.plan.versions, cilium: '', talosCcm: '' }).filter(
      (r) => r.flag !== 'core',
    ))
      await attempt(`${p.deployment}.log`, () => api.controllerLog(p.namespace, p.deployment, 200));
    const talosconfig = await api
      .secretValue(NAMESPACE, `${c.capiName}-talosconfig`, 'talosconfig')
      .catch(() => undefined);
    const cp = ctx.watch
      .objects(c.capiName)
      .machines.filter((m) => m.metadata.labels?.['cluster.x-k8s.io/control-plane'] !== undefined)
      .map((m) => ({ name: nameOf(m), ip: internalIp(m) }))
      .find((m) => m.ip !== undefined);
    if (talosconfig && cp?.ip) {
      for (const s of secretsIn(talosconfig)) {
        ports.mask(s);
        secrets.push(s);
      }
      const path = join(ctx.options.tempDir, `talos-fleet-${c.name}-diagnostics.talosconfig`);
      await files.writeSecret(path, talosconfig);
      await attempt('talosctl-health.txt', async () => {
        await ports.tools.require('talosctl');
        return ports.tools.talosctl([
          'health',
          '--talosconfig',
          path,
          '--nodes',
          cp.ip ?? '',
          '--endpoints',
          cp.ip ?? '',
          '--wait-timeout',
          '30s',
        ]);
      });
    }
    for (const { file, text } of collected) await files.writeText(join(dir, file), text);
    log.info(`Wrote ${collected.length} diagnostic files to ${dir}.`);
    const artifactName = `talos-fleet-diagnostics-${ctx.plan.fleet.name}-${c.name}`;
    const id = await ports.artifact
      ?.upload(
        artifactName,
        dir,
        collected.map((f) => join(dir, f.file)),
      )
      .catch((e: unknown) => {
        log.warning(
          `Could not upload the diagnostics artifact: ${e instanceof Error ? e.message : String(e)}`,
        );
        return undefined;
      });
    if (id) log.info(`Uploaded the diagnostics as artifact ${artifactName} (id ${id}).`);
  });
  const describe = collected.find((f) => f.file === 'describe.txt')?.text ?? '';
  const short = [
    error.describe(),
    '',
    'clusterctl describe cluster:',
    describe.split('\n').slice(0, 40).join('\n'),
  ].join('\n');
  await ports.status?.update((doc) =>
    recordFailure(
      doc,
      c,
      { message: error.message, diagnostics: redact(short, secrets) },
      new Date(ports.clock.now()),
    ),
  );
}
