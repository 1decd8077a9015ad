import * as core from '@actions/core';
import { isUserError } from '../core/user-error.js';

/**
 * The one try/catch of every action entry. A UserError becomes an error annotation with its fix
 * and fails the step; anything else is a bug, reported with its stack.
 */
export async function runAction(name: string, main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (isUserError(error)) {
      core.error(error.describe(), { title: error.title ?? `talos-fleet ${name}` });
      core.setFailed(`talos-fleet ${name}: ${error.message}`);
      return;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    core.error(`talos-fleet ${name} hit a bug. Please report it with this log.\n${detail}`, {
      title: `talos-fleet ${name}: internal error`,
    });
    core.setFailed(
      `talos-fleet ${name}: internal error: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
