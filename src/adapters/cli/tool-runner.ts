import { spawn } from 'node:child_process';
import type { ToolRun } from '../../core/mesh/ports.js';
import { UserError } from '../../core/user-error.js';

/**
 * Runs a CLI from PATH (helm, cilium: the setup action puts them there) and captures its output,
 * stdout and stderr interleaved as printed, capped at the last `MAX_OUTPUT` characters. A
 * missing binary is the user's to fix; a non-zero exit is returned, not thrown, so callers can
 * word the failure.
 */

const MAX_OUTPUT = 1_000_000;

export interface ToolRunner {
  run(
    tool: string,
    args: readonly string[],
    options?: { env?: Record<string, string>; timeoutMs?: number },
  ): Promise<ToolRun>;
}

export function toolRunner(baseEnv: NodeJS.ProcessEnv): ToolRunner {
  return {
    run(tool, args, options = {}) {
      return new Promise<ToolRun>((resolve, reject) => {
        const child = spawn(tool, args, {
          env: { ...baseEnv, ...options.env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        const append = (chunk: Buffer) => {
          output += chunk.toString('utf8');
          if (output.length > 2 * MAX_OUTPUT) output = output.slice(-MAX_OUTPUT);
        };
        child.stdout.on('data', append);
        child.stderr.on('data', append);
        const timer =
          options.timeoutMs === undefined
            ? undefined
            : setTimeout(() => {
                output += `\n${tool} did not finish within ${Math.round((options.timeoutMs ?? 0) / 1000)} s and was stopped.\n`;
                child.kill('SIGTERM');
              }, options.timeoutMs);
        child.on('error', (error: NodeJS.ErrnoException) => {
          if (timer) clearTimeout(timer);
          if (error.code === 'ENOENT')
            reject(
              new UserError(`${tool} is not on PATH.`, {
                fix: `add the setup step before this one: uses: talos-fleet/talos-fleet-actions@v0 with tools: helm, cilium`,
                title: `${tool} missing`,
              }),
            );
          else reject(error);
        });
        child.on('close', (code, signal) => {
          if (timer) clearTimeout(timer);
          resolve({ code: code ?? (signal ? 128 : 1), output: output.slice(-MAX_OUTPUT) });
        });
      });
    },
  };
}
