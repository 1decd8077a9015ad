import { resolve } from 'node:path';
import { UserError } from '../../core/user-error.js';
import { renderStatus } from '../../core/status/render.js';
import { describeRemoved } from '../../core/status/secrets.js';
import { runLinksFromEnv } from '../../runtime/run-context.js';
import { loadStatusFiles, writeStatusFile } from '../../runtime/status-report.js';
import { type Command, parseCommandArgs } from '../command.js';

const help = `Usage: talos-fleet status <status.json> [--format markdown|json]
       talos-fleet status merge <status.json>... [--out <merged.json>] [--format markdown|json]

Validates a fleet status document and prints it: as the markdown the pr-status action posts
(default), or as normalised JSON. Fields holding kubeconfigs, talosconfigs, tokens or keys are
dropped, and secret-looking text is redacted, before anything is printed.

'merge' combines the documents that the jobs of a matrix wrote for one fleet into one report
(each cluster from the job that observed it last; docs/status.md, "Matrix jobs"), prints it and,
with --out, writes it.

Options:
  --format markdown|json   Output format (default: markdown).
  --out <file>             (merge) Also write the merged document to this file.
  -h, --help               Show this help.

The document format is described in docs/status.md and schemas/status.schema.json.
`;

export const statusCommand: Command = {
  help,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('status', args, {
      format: { type: 'string', default: 'markdown' },
      out: { type: 'string' },
    });
    const format = values.format;
    if (format !== 'markdown' && format !== 'json') {
      throw new UserError(`--format must be 'markdown' or 'json', got '${format}'`, {
        fix: "run 'talos-fleet status --help'",
      });
    }
    const merging = positionals[0] === 'merge';
    const files = merging ? positionals.slice(1) : positionals;
    if (merging ? files.length === 0 : files.length !== 1) {
      throw new UserError(
        merging
          ? 'talos-fleet status merge needs at least one status document'
          : 'talos-fleet status takes exactly one status document',
        {
          fix: merging
            ? 'run `talos-fleet status merge eu/status.json us/status.json --out status.json`'
            : 'run `talos-fleet status .talos-fleet/status.json` (or `talos-fleet status merge <files>...` for several)',
        },
      );
    }
    if (values.out !== undefined && !merging)
      throw new UserError('--out is only for `talos-fleet status merge`', {
        fix: 'run `talos-fleet status merge <files>... --out merged.json`',
      });
    const { document, removedSecrets, notes } = await loadStatusFiles(
      files.map((file) => ({ path: resolve(io.cwd, file), source: file })),
    );
    for (const note of notes) io.stderr.write(`talos-fleet status: ${note}\n`);
    if (values.out !== undefined) await writeStatusFile(resolve(io.cwd, values.out), document);
    if (removedSecrets.length > 0) {
      io.stderr.write(
        `talos-fleet status: removed ${removedSecrets.length} secret field(s): ${describeRemoved(removedSecrets)}\n`,
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
