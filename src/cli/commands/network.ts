import { runNetworkFlow } from '../../adapters/network-ports.js';
import { outcomeError, outputsOf } from '../../core/network/summary.js';
import { UserError } from '../../core/user-error.js';
import { parseOrThrow } from '../../core/zod-issues.js';
import { inputsSchema } from '../../actions/network/inputs.js';
import { consoleLog } from '../../runtime/console-log.js';
import { type Command, parseCommandArgs } from '../command.js';

const HELP = `Usage: talos-fleet network up|diff|down [<plan.json>] [options]

Makes the GCP network match the plan (the network action over the same code):
  up     create what is missing, repair what drifted (firewall ports, ranges, tags, priority,
         disabled; NAT settings), delete this fleet's objects the plan no longer holds
  diff   print what up would change; writes nothing
  down   delete this fleet's subnets, routers, firewalls, health checks and (unless shared) network

Only objects named <fleet>--... whose description carries the plan's talos-fleet marker are
touched. Prints the outputs (network, changes) as JSON on stdout; the log and the table of
every object go to stderr.

Arguments and options (the action's inputs):
  <plan.json>            default .talos-fleet/plan/plan.json
  --access-token <t>     else GOOGLE_OAUTH_ACCESS_TOKEN, else Application Default Credentials
  --status-file <path>   status document to update (default .talos-fleet/status.json)

Environment: TALOS_FLEET_COMPUTE_ENDPOINT overrides the Compute endpoint.
`;

export const networkCommand: Command = {
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('network', args, {
      'access-token': { type: 'string' },
      'status-file': { type: 'string' },
    });
    const [mode, plan, ...extra] = positionals;
    if (mode === undefined || extra.length > 0)
      throw new UserError('talos-fleet network takes a mode (up, diff or down) and at most one plan.json', {
        fix: 'run `talos-fleet network up .talos-fleet/plan/plan.json`',
      });
    const blank = (v: string | undefined) => (v === '' ? undefined : v);
    const inputs = parseOrThrow(
      inputsSchema,
      {
        mode,
        plan: blank(plan),
        'access-token': blank(values['access-token']),
        'status-file': blank(values['status-file']),
      },
      {
        where: (path) => (path === 'mode' ? 'mode' : path === 'plan' ? '<plan.json>' : `--${path}`),
        plural: 'arguments',
        fix: "run 'talos-fleet network --help'",
      },
    );
    const log = consoleLog(io.stderr);
    const token = inputs['access-token'] ?? blank(io.env.GOOGLE_OAUTH_ACCESS_TOKEN);
    const { result } = await runNetworkFlow({
      mode: inputs.mode,
      planPath: inputs.plan,
      statusFile: inputs['status-file'],
      cwd: io.cwd,
      accessToken: token,
      env: io.env,
      log,
      mask: () => undefined,
    });
    io.stdout.write(`${JSON.stringify(outputsOf(result), null, 2)}\n`);
    const error = outcomeError(result);
    if (error) throw error;
    return 0;
  },
};
