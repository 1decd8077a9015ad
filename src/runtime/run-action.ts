import * as core from '@actions/core';
import { isUserError, type UserError } from '../core/user-error.js';

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
      if (error.annotations.length) await annotateEach(name, error);
      else core.error(error.describe(), { title: error.title ?? `talos-fleet ${name}` });
      return;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    core.error(`talos-fleet ${name} hit a bug. Please report it with this log.\n${detail}`, {
      title: `talos-fleet ${name}: internal error`,
    });
  }
}

/**
 * A UserError with one annotation per problem: each once (not again inside a combined one), the
 * overflow past GitHub's limit in one summary annotation, and every problem in the job summary
 * and the log.
 */
async function annotateEach(name: string, error: UserError): Promise<void> {
  // Loaded here, not before every entry's first log line.
  const [{ fitAnnotations }, { actionsLog }, { writeJobSummary }] = await Promise.all([
    import('../core/error-annotations.js'),
    import('./actions-log.js'),
    import('./job-summary.js'),
  ]);
  const title = error.title ?? `talos-fleet ${name}`;
  const fitted = fitAnnotations(error.annotations, { title, where: 'the job summary' });
  for (const { message, ...properties } of fitted) core.error(message, { title, ...properties });
  actionsLog.info(error.describe());
  await writeJobSummary({
    title: `${title}: ${error.message}`,
    table: {
      headers: ['Line', 'Problem'],
      rows: error.annotations.map((a) => [a.startLine ?? '', a.message]),
    },
    ...(error.fix ? { lines: [`Fix: ${error.fix}`] } : {}),
  });
}
