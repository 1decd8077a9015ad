import { consoleLog } from '../../runtime/console-log.js';
import { parseNow } from '../../core/plan/clock.js';
import { IMAGE_REF_PATTERN } from '../../core/plan/image.js';
import { textSummary } from '../../core/plan/summary.js';
import { UserError } from '../../core/user-error.js';
import { splitList } from '../../core/input-parsers.js';
import { planToDirectory } from '../../runtime/plan-directory.js';
import { parseCommandArgs, type Command } from '../command.js';

const HELP = `Usage: talos-fleet plan <spec.yaml> [--out <dir>] [--format text|json] [options]

Renders every artifact for a fleet spec, offline:
  <dir>/plan.json                  the whole plan (clusters, network, versions, image)
  <dir>/<cluster>/cluster.yaml     Cluster API objects, multi-document
  <dir>/<cluster>/cilium-values.yaml
  <dir>/network.json               GCP network, subnets, routers and firewalls (Compute API shapes)

Options:
  --out <dir>          Where to write (default .talos-fleet/plan)
  --format text|json   text: summary tables (default); json: print plan.json to stdout
  --image <ref>        GCE image for every machine, e.g. the image action's image-name output
                       (a name, family/<name>, or projects/<p>/global/images/<name>)
  --used-ranges <list> CIDRs already used in a shared network, comma-separated; allocated around
  --now <time>         Planning time (unix seconds or ISO 8601) for the expires-at label;
                       default: TALOS_FLEET_NOW, else the clock. Fix it for reproducible output.
                       Without either, re-planning the same fleet with the same ttl into the same
                       --out keeps the previous plan's expiry (until it passes), so existing
                       clusters' machine templates do not change.
  --status-file <path> Also start the fleet status document there (stage planned), e.g.
                       .talos-fleet/status.json, for pr-status and 'talos-fleet status'

An invalid spec prints every error and exits 1 without writing anything.`;

export const planCommand: Command = {
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('plan', args, {
      out: { type: 'string', default: '.talos-fleet/plan' },
      format: { type: 'string', default: 'text' },
      image: { type: 'string' },
      'used-ranges': { type: 'string' },
      now: { type: 'string' },
      'status-file': { type: 'string' },
    });
    const problems: string[] = [];
    const [specPath, ...extra] = positionals;
    if (specPath === undefined) problems.push('the spec file is missing: talos-fleet plan <spec.yaml>');
    if (extra.length) problems.push(`unexpected arguments: ${extra.join(' ')}`);
    const format = values.format;
    if (format !== 'text' && format !== 'json')
      problems.push(`--format must be text or json, got '${format}'`);
    if (values.image !== undefined && !IMAGE_REF_PATTERN.test(values.image))
      problems.push(
        `--image '${values.image}' is not a GCE image name, family/<name>, or projects/<p>/global/images/<name>`,
      );
    if (values['status-file'] === '')
      problems.push('--status-file needs a path, e.g. .talos-fleet/status.json');
    const nowText = values.now ?? io.env.TALOS_FLEET_NOW;
    const now = nowText === undefined ? Math.floor(Date.now() / 1000) : parseNow(nowText);
    if (now === undefined)
      problems.push(
        `${values.now === undefined ? 'TALOS_FLEET_NOW' : '--now'} '${nowText ?? ''}' is not unix seconds or an ISO 8601 time`,
      );
    if (problems.length || specPath === undefined || now === undefined) {
      throw new UserError(problems.length === 1 ? (problems[0] ?? '') : 'invalid arguments:', {
        details: problems.length === 1 ? [] : problems,
        fix: "run 'talos-fleet plan --help'",
      });
    }

    const statusFile = values['status-file'];
    const { plan, files } = await planToDirectory({
      cwd: io.cwd,
      spec: specPath,
      specUnreadable: { fix: 'pass the path of a fleet spec, e.g. examples/fleets/two-region-mesh.yaml' },
      out: values.out,
      names: { out: '--out', statusFile: '--status-file' },
      now,
      nowExplicit: nowText !== undefined,
      renewHint: 'pass --now to count the ttl from another time',
      image: values.image,
      usedRanges: values['used-ranges'] === undefined ? undefined : splitList(values['used-ranges']),
      statusFile,
      env: io.env,
      log: consoleLog(io.stderr, { groupHeadings: false }),
    });
    if (format === 'json') {
      io.stdout.write(files[0]?.content ?? '');
      for (const w of plan.warnings) io.stderr.write(`warning: ${w}\n`);
    } else {
      io.stdout.write(textSummary(plan, values.out));
      if (statusFile !== undefined) io.stdout.write(`Status (planned) written to ${statusFile}\n`);
    }
    return 0;
  },
};
