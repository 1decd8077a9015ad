import * as core from '@actions/core';
import { isUserError } from '../core/user-error.js';

/**
 * The one try/catch of every action entry. A UserError becomes one error annotation with its fix
 * and fails the step; anything else is a bug, reported with its stack. (core.setFailed would add
 * a second, untitled annotation, so the exit code is set directly.)
 */
export async function runAction(name: string, main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    process.exitCode = core.ExitCode.Failure;
    if (isUserError(error)) {
      core.error(error.describe(), { title: error.title ?? `talos-fleet ${name}` });
      return;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    core.error(`talos-fleet ${name} hit a bug. Please report it with this log.\n${detail}`, {
      title: `talos-fleet ${name}: internal error`,
    });
  }
}
