import { tmpdir } from 'node:os';
import { runMeshFlow } from '../../adapters/mesh-ports.js';
import { INPUT_NAMES, inputsSchema } from '../../actions/mesh/inputs.js';
import { meshOutputs, meshSummaryRows } from '../../actions/mesh/summary.js';
import { textTable } from '../../core/text-table.js';
import { UserError } from '../../core/user-error.js';
import { parseOrThrow } from '../../core/zod-issues.js';
import { consoleLog } from '../../runtime/console-log.js';
import { type Command, parseCommandArgs } from '../command.js';

const HELP = `Usage: talos-fleet mesh up <plan.json> --management-kubeconfig <file> [options]

Installs Cilium (helm upgrade --install, from PATH) on every cluster of the plan, joins them with
ClusterMesh under one fleet CA, waits for Cilium, ClusterMesh, Ready nodes and the cloud
controller manager, then verifies every pair. Prints the outputs (matrix, ready) as JSON on
stdout; exits 1 when the mesh is not ready.

Options (the mesh action's inputs):
  --management-kubeconfig <f>  the management cluster's kubeconfig (required)
  --kubeconfig-dir <dir>       folder of <cluster>.kubeconfig files (default .talos-fleet/clusters)
  --verify <mode>              global-service (default), connectivity or none
  --timeout <d>                e.g. 15m (default)
  --status-file <f>            default .talos-fleet/status.json (skipped when absent)
  --state-bucket <b>           keep the fleet CA in gs://<b>; default a Secret in the first cluster
  --cilium-chart <path>        a local Cilium chart folder or .tgz

Environment: GOOGLE_OAUTH_ACCESS_TOKEN (state bucket), TALOS_FLEET_GCS_ENDPOINT.
`;

export const meshCommand: Command = {
  help: HELP,
  async run(args, io) {
    const flags = INPUT_NAMES.filter((n) => n !== 'plan');
    const { values, positionals } = parseCommandArgs(
      'mesh',
      args,
      Object.fromEntries(flags.map((n) => [n, { type: 'string' } as const])),
    );
    const [sub, plan, ...extra] = positionals;
    if (sub !== 'up' || extra.length > 0)
      throw new UserError(
        sub === 'up' ? `unexpected argument '${extra.join(' ')}'` : "the mesh command takes 'up <plan.json>'",
        {
          fix: "run 'talos-fleet mesh --help'",
        },
      );
    const raw: Record<string, string | undefined> = { plan };
    for (const n of flags) {
      const v = values[n];
      raw[n] = typeof v === 'string' && v !== '' ? v : undefined;
    }
    const inputs = parseOrThrow(inputsSchema, raw, {
      where: (path) => (path === 'plan' ? '<plan.json>' : `--${path}`),
      plural: 'options',
      fix: "run 'talos-fleet mesh --help'",
    });
    const log = consoleLog(io.stderr);
    const { result } = await runMeshFlow({
      inputs,
      cwd: io.cwd,
      env: io.env,
      tempDir: io.env.TMPDIR ?? tmpdir(),
      log,
      mask: () => undefined,
    });
    const table = meshSummaryRows(result);
    log.info(textTable(table));
    io.stdout.write(`${JSON.stringify(meshOutputs(result), null, 2)}\n`);
    return result.ready ? 0 : 1;
  },
};
