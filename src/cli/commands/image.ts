import { open } from 'node:fs/promises';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { userStateDir } from '../../adapters/gcs/session-store.js';
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
  --access-token-file <f> file holding the OAuth access token (keep it 0600); else
                          GOOGLE_OAUTH_ACCESS_TOKEN, else Application Default Credentials.
                          (A token on the command line is visible to every user in ps.)
  --replace               recreate an image of that name that is another build

Environment: TALOS_FLEET_GCS_ENDPOINT, TALOS_FLEET_COMPUTE_ENDPOINT override the API endpoints.
An interrupted upload is resumed by a re-run from $XDG_STATE_HOME/talos-fleet (else
~/.local/state/talos-fleet), a folder private to you: its session URIs are credentials.
`;

export const imageCommand: Command = {
  help: HELP,
  async run(args, io) {
    const options: Record<string, { type: 'boolean' | 'string' }> = {
      ...Object.fromEntries(
        IMAGE_INPUT_NAMES.filter((name) => name !== 'access-token').map((name) => [
          name,
          { type: name === 'replace' ? 'boolean' : 'string' } as const,
        ]),
      ),
      'access-token-file': { type: 'string' },
    };
    // Refused before parsing, and without echoing it: the token is in every user's `ps` already.
    if (args.some((a) => a === '--access-token' || a.startsWith('--access-token=')))
      throw new UserError(
        '--access-token puts the token on the command line, where every user can read it (ps, /proc)',
        {
          fix: 'pass it in GOOGLE_OAUTH_ACCESS_TOKEN or in a file: --access-token-file <path> (mode 0600); revoke the token if it was shared',
          title: '--access-token',
        },
      );
    const { values, positionals } = parseCommandArgs('image', args, options);
    if (positionals.length > 0)
      throw new UserError(`unexpected argument '${positionals.join(' ')}'`, {
        fix: "run 'talos-fleet image --help'",
      });
    const raw: Record<string, string | undefined> = {};
    for (const name of IMAGE_INPUT_NAMES) {
      if (name === 'access-token') continue;
      const v = values[name];
      raw[name] = typeof v === 'boolean' ? String(v) : v === '' ? undefined : v;
    }
    const inputs = parseOrThrow(imageInputSchema, raw, {
      where: (path) => `--${path}`,
      plural: 'options',
      fix: "run 'talos-fleet image --help'",
    });
    const tokenFile = values['access-token-file'];
    const token =
      typeof tokenFile === 'string'
        ? await readTokenFile(resolve(io.cwd, tokenFile), tokenFile)
        : io.env.GOOGLE_OAUTH_ACCESS_TOKEN;
    const log = consoleLog(io.stderr);
    const { result } = await runImageFlow(inputs, {
      accessToken: token === '' ? undefined : token,
      env: io.env,
      workspace: io.cwd,
      stateDir: userStateDir(io.env, io.env.HOME ?? homedir()),
      log,
      mask: () => undefined,
    });
    for (const [k, v] of summaryRows(result)) log.info(`${k}: ${v}`);
    io.stdout.write(`${JSON.stringify(imageOutputs(result), null, 2)}\n`);
    return 0;
  },
};

/** An OAuth access token is a few hundred bytes; a file far larger is not one. */
const MAX_TOKEN_FILE_BYTES = 64 * 1024;

/** The token in `path` (surrounding white space dropped); a UserError naming the option otherwise. */
async function readTokenFile(path: string, given: string): Promise<string> {
  const refuse = (problem: string) =>
    new UserError(`--access-token-file ${given}: ${problem}`, {
      fix: 'write the token alone into a file readable only by you (chmod 600) and pass its path',
      title: '--access-token-file',
    });
  let text: string;
  try {
    const file = await open(path, 'r');
    try {
      const stats = await file.stat();
      if (!stats.isFile()) throw refuse('is not a regular file');
      if (stats.size > MAX_TOKEN_FILE_BYTES)
        throw refuse(`is ${stats.size} bytes; a token file holds one token`);
      text = await file.readFile('utf8');
    } finally {
      await file.close();
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw refuse(`cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const token = text.trim();
  if (!token) throw refuse('is empty');
  return token;
}
