import { tmpdir } from 'node:os';
import { runImageFlow } from '../../adapters/image-ports.js';
import { IMAGE_INPUT_NAMES, imageInputSchema } from '../../core/image/options.js';
import { imageOutputs, summaryRows } from '../../core/image/summary.js';
import { UserError } from '../../core/user-error.js';
import { consoleLog } from '../../runtime/console-log.js';
import { parseOrThrow } from '../../core/zod-issues.js';
import { type Command, parseCommandArgs } from '../command.js';

const HELP = `Usage: talos-fleet image --talos-version <vX.Y.Z> --project <id> [options]

Makes a Talos GCE image exist: gets the schematic ID from Image Factory, reuses the image when it
is already this build, else streams gcp-<arch>.raw.tar.gz from the factory into GCS (resumable,
crc32c-verified) and creates the image. Prints the outputs as JSON on stdout.

Options (the image action's inputs):
  --talos-version <v>     Talos release, e.g. v1.13.9 (required)
  --arch <a>              amd64 (default) or arm64
  --schematic <s>         path or inline YAML; default the empty schematic
  --factory-url <url>     default https://factory.talos.dev
  --project <id>          GCP project (required)
  --bucket <name>         default <project>-talos-images
  --bucket-location <l>   default US
  --image-name <name>     default talos-<version>-<schematic 8>-<arch>
  --image-family <f>      image family
  --labels <k=v,...>      extra labels
  --access-token <t>      else GOOGLE_OAUTH_ACCESS_TOKEN, else Application Default Credentials
  --replace               recreate an image of that name that is another build

Environment: TALOS_FLEET_GCS_ENDPOINT, TALOS_FLEET_COMPUTE_ENDPOINT override the API endpoints.
`;

export const imageCommand: Command = {
  help: HELP,
  async run(args, io) {
    const options = Object.fromEntries(
      IMAGE_INPUT_NAMES.map((name) => [name, { type: name === 'replace' ? 'boolean' : 'string' } as const]),
    );
    const { values, positionals } = parseCommandArgs('image', args, options);
    if (positionals.length > 0)
      throw new UserError(`unexpected argument '${positionals.join(' ')}'`, {
        fix: "run 'talos-fleet image --help'",
      });
    const raw: Record<string, string | undefined> = {};
    for (const name of IMAGE_INPUT_NAMES) {
      const v = values[name];
      raw[name] = typeof v === 'boolean' ? String(v) : v === '' ? undefined : v;
    }
    const inputs = parseOrThrow(imageInputSchema, raw, {
      where: (path) => `--${path}`,
      plural: 'options',
      fix: "run 'talos-fleet image --help'",
    });
    const token = inputs['access-token'] ?? io.env.GOOGLE_OAUTH_ACCESS_TOKEN;
    const log = consoleLog(io.stderr);
    const { result } = await runImageFlow(inputs, {
      accessToken: token === '' ? undefined : token,
      env: io.env,
      workspace: io.cwd,
      stateDir: io.env.TMPDIR ?? tmpdir(),
      log,
      mask: () => undefined,
    });
    for (const [k, v] of summaryRows(result)) log.info(`${k}: ${v}`);
    io.stdout.write(`${JSON.stringify(imageOutputs(result), null, 2)}\n`);
    return 0;
  },
};
