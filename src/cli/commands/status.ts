import { resolve } from 'node:path';
import { UserError } from '../../core/user-error.js';
import { renderStatus } from '../../core/status/render.js';
import { runLinksFromEnv } from '../../runtime/run-context.js';
import { loadStatusFile } from '../../runtime/status-report.js';
import { type Command, parseCommandArgs } from '../command.js';

const help = `Usage: talos-fleet status <status.json> [--format markdown|json]

Validates a fleet status document and prints it: as the markdown the pr-status action posts
(default), or as normalised JSON. Fields holding kubeconfigs, talosconfigs, tokens or keys are
dropped, and secret-looking text is redacted, before anything is printed.

Options:
  --format markdown|json   Output format (default: markdown).
  -h, --help               Show this help.

The document format is described in docs/status.md and schemas/status.schema.json.
`;

export const statusCommand: Command = {
  help,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('status', args, {
      format: { type: 'string', default: 'markdown' },
    });
    const format = values.format;
    if (format !== 'markdown' && format !== 'json') {
      throw new UserError(`--format must be 'markdown' or 'json', got '${format}'`, {
        fix: "run 'talos-fleet status --help'",
      });
    }
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) {
      throw new UserError('talos-fleet status takes exactly one status document', {
        fix: 'run `talos-fleet status .talos-fleet/status.json`',
      });
    }
    const { document, removedSecrets } = await loadStatusFile(resolve(io.cwd, file), file);
    if (removedSecrets.length > 0) {
      io.stderr.write(
        `talos-fleet status: removed ${removedSecrets.length} secret field(s): ${removedSecrets.join(', ')}\n`,
      );
    }
    // Inside a runner, the same run links as pr-status: the document's only when it is a run of this repository.
    io.stdout.write(
      format === 'json'
        ? `${JSON.stringify(document, null, 2)}\n`
        : renderStatus(document, runLinksFromEnv(io.env)).markdown,
    );
    return 0;
  },
};
