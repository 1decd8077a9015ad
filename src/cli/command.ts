import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UserError } from '../core/user-error.js';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface Command {
  /** Full help text printed by `talos-fleet <command> --help`. */
  help: string;
  /** Returns the exit code (0 when omitted). Throw UserError for anything the user can fix. */
  run(args: string[], io: CliIo): Promise<number | undefined>;
}

export interface CommandEntry {
  name: string;
  summary: string;
  /** Loaded lazily so one command never pays for another's dependencies. */
  load(): Promise<Command>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, with its errors turned into a UserError that points at --help. */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UserError(error instanceof Error ? error.message : String(error), {
      fix: `run 'talos-fleet ${command} --help' for the accepted options`,
    });
  }
}
