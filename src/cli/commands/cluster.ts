import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { inputsSchema } from '../../actions/cluster/inputs.js';
import { clusterOutputs } from '../../core/cluster/summary.js';
import { UserError } from '../../core/user-error.js';
import { parseOrThrow } from '../../core/zod-issues.js';
import { clusterUp } from '../../flows/cluster.js';
import { clusterPorts, clusterTuning } from '../../runtime/cluster-wiring.js';
import { consoleLog } from '../../runtime/console-log.js';
import { type Command, parseCommandArgs } from '../command.js';

const HELP = `Usage: talos-fleet cluster up [<plan.json>] [options]

Provisions the plan's Cluster API clusters on GCP through a management cluster, in parallel:
makes or reuses the management cluster, installs the providers the plan pins (clusterctl init),
server-side applies every cluster's manifests and watches each cluster until its control plane
is initialised, its kubeconfig and talosconfig exist and every machine has an address. Writes
<out-dir>/<cluster>.kubeconfig and <cluster>.talosconfig (mode 0600) and prints the outputs as
JSON on stdout. The same flow as the cluster action; its inputs are these options.

Options:
  <plan.json>                      default .talos-fleet/plan/plan.json
  --clusters <a,b>                 only these clusters of the plan
  --management kind|kubeconfig     kind (default): an ephemeral kind cluster talos-fleet-<fleet>
  --management-kubeconfig <path>   the management cluster's kubeconfig file, for kubeconfig
  --gcp-credentials <path>         Google credentials for CAPG (default $GOOGLE_APPLICATION_CREDENTIALS)
  --timeout <d>                    default 30m
  --out-dir <dir>                  default .talos-fleet/clusters
  --status-file <path>             default .talos-fleet/status.json

kind, clusterctl and talosctl are taken from PATH ('talos-fleet tools' pins them).
`;

export const clusterCommand: Command = {
  help: HELP,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'up')
      throw new UserError(
        sub === undefined ? 'talos-fleet cluster needs a subcommand' : `unknown subcommand 'cluster ${sub}'`,
        {
          fix: "run 'talos-fleet cluster up <plan.json>'",
        },
      );
    const names = [
      'clusters',
      'management',
      'management-kubeconfig',
      'gcp-credentials',
      'timeout',
      'out-dir',
      'status-file',
    ] as const;
    const { values, positionals } = parseCommandArgs(
      'cluster',
      rest,
      Object.fromEntries(names.map((n) => [n, { type: 'string' } as const])),
    );
    if (positionals.length > 1)
      throw new UserError(`unexpected argument '${positionals.slice(1).join(' ')}'`, {
        fix: "run 'talos-fleet cluster --help'",
      });
    const raw: Record<string, string | undefined> = { plan: positionals[0] };
    for (const n of names) {
      const v = values[n];
      raw[n] = typeof v === 'string' && v !== '' ? v : undefined;
    }
    const kubeconfigPath = raw['management-kubeconfig'];
    if (kubeconfigPath !== undefined) {
      try {
        raw['management-kubeconfig'] = await readFile(resolve(io.cwd, kubeconfigPath), 'utf8');
      } catch (error) {
        throw new UserError(
          `cannot read --management-kubeconfig ${kubeconfigPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
          {
            fix: 'give the path of the management cluster kubeconfig file',
          },
        );
      }
    }
    const inputs = parseOrThrow(inputsSchema, raw, {
      where: (path) => (path === 'plan' ? '<plan.json>' : `--${path}`),
      plural: 'options',
      fix: "run 'talos-fleet cluster --help'",
    });
    const log = consoleLog(io.stderr);
    const tempDir = io.env.RUNNER_TEMP ?? io.env.TMPDIR ?? tmpdir();
    const result = await clusterUp(
      {
        plan: inputs.plan,
        clusters: inputs.clusters,
        management: inputs.management,
        managementKubeconfig: inputs['management-kubeconfig'],
        gcpCredentials:
          inputs['gcp-credentials'] ??
          (io.env.GOOGLE_APPLICATION_CREDENTIALS === '' ? undefined : io.env.GOOGLE_APPLICATION_CREDENTIALS),
        timeoutMs: inputs.timeout,
        outDir: inputs['out-dir'],
        cwd: io.cwd,
        tempDir,
        progressIntervalMs: clusterTuning(io.env).progressIntervalMs,
      },
      clusterPorts({
        env: io.env,
        cwd: io.cwd,
        tempDir,
        statusFile: inputs['status-file'],
        log,
        mask: () => undefined,
        artifacts: false,
      }),
    );
    io.stdout.write(`${JSON.stringify(clusterOutputs(result), null, 2)}\n`);
    return 0;
  },
};
