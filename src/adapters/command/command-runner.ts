import { execFile } from 'node:child_process';
import { UserError } from '../../core/user-error.js';
import type { CommandRunner } from '../../core/command-runner.js';

/**
 * Runs CLIs from PATH as a user would (argv, no shell). A missing binary is the user's to fix:
 * the message names the setup action that installs it.
 */
export function pathCommandRunner(env: NodeJS.ProcessEnv): CommandRunner {
  return {
    run: (argv, options = {}) =>
      new Promise((resolve, reject) => {
        const [file, ...args] = argv;
        if (!file) {
          reject(new Error('empty command line'));
          return;
        }
        execFile(
          file,
          args,
          {
            env: options.env ? { ...env, ...options.env } : env,
            maxBuffer: 64 * 1024 * 1024,
            ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
          },
          (error, stdout, stderr) => {
            const code = (error as NodeJS.ErrnoException | null)?.code;
            if (code === 'ENOENT') {
              reject(
                new UserError(`${file} is not on PATH`, {
                  fix: `install it first: the setup action (uses: talos-fleet/talos-fleet-actions@v0 with tools: ${file}) puts it on PATH`,
                }),
              );
              return;
            }
            const exit = (error as { code?: unknown } | null)?.code;
            const status = error ? (typeof exit === 'number' ? exit : 1) : 0;
            const killed = (error as { killed?: boolean } | null)?.killed === true;
            resolve({
              code: status,
              stdout,
              stderr: killed
                ? `${stderr}\n${file} did not finish within ${Math.round((options.timeoutMs ?? 0) / 1000)} s and was stopped.\n`
                : stderr,
            });
          },
        );
      }),
  };
}
