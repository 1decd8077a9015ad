import { isUserError } from '../core/user-error.js';
import type { CliIo, CommandEntry } from './command.js';

export function topLevelHelp(commands: readonly CommandEntry[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: talos-fleet <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'talos-fleet <command> --help' for a command's options, 'talos-fleet --version' for the version.",
    '',
  ].join('\n');
}

/**
 * Runs one CLI invocation. Exit codes: 0 success, 1 a user error (one actionable message on
 * stderr), 2 a bug (the stack trace on stderr).
 */
export async function dispatch(
  argv: string[],
  commands: readonly CommandEntry[],
  io: CliIo,
  version = 'unknown',
): Promise<number> {
  const [name, ...rest] = argv;
  // No arguments asks what the tool does: the help, and success (it exited 1 before).
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(topLevelHelp(commands));
    return 0;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.stdout.write(`talos-fleet ${version}\n`);
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr.write(
      `talos-fleet: unknown command '${name}'. Valid commands: ${commands.map((c) => c.name).join(', ')}.\n`,
    );
    return 1;
  }
  try {
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
      return 0;
    }
    return (await command.run(rest, io)) ?? 0;
  } catch (error) {
    if (isUserError(error)) {
      io.stderr.write(`talos-fleet ${name}: ${error.describe()}\n`);
      return 1;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`talos-fleet ${name}: internal error (a bug; please report it):\n${detail}\n`);
    return 2;
  }
}
