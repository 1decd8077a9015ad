import { join } from 'node:path';
import type { CommandRunner } from '../../core/command-runner.js';
import type { ClusterTools } from '../../core/cluster/ports.js';
import { UserError } from '../../core/user-error.js';
import { pathCommandRunner } from '../command/command-runner.js';

/**
 * kind, clusterctl and talosctl as users run them, from PATH (the setup action puts them there),
 * over the shared CommandRunner. Output is captured, never echoed raw (it may hold secrets); the
 * flow decides what to log. Extra variables (GCP_B64ENCODED_CREDENTIALS) go in the child's
 * environment, never on its command line.
 */

export interface ClusterToolsOptions {
  /** The environment the tools run in (the step's, without the action's inputs and the runner's tokens). */
  env: NodeJS.ProcessEnv;
  /** Where `kind create cluster` writes its kubeconfig, instead of merging it into ~/.kube/config. */
  tempDir: string;
  /** How long `kind create cluster --wait` waits for the control plane. */
  kindWait: string;
  /** A runner with these extra variables; default: PATH binaries. */
  runner?: (extraEnv: Record<string, string>) => CommandRunner;
}

type Tool = 'kind' | 'clusterctl' | 'talosctl';

const VERSION_ARGS: Record<Tool, string[]> = {
  kind: ['version'],
  clusterctl: ['version', '-o', 'short'],
  talosctl: ['version', '--client', '--short'],
};

/** The step's variables minus what no tool needs: inputs (they may hold secrets) and runner tokens. */
export function toolEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(
      ([k]) =>
        !k.startsWith('INPUT_') &&
        !['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'GITHUB_TOKEN'].includes(k),
    ),
  );
}

export function clusterTools(options: ClusterToolsOptions): ClusterTools {
  const env = toolEnvironment(options.env);
  const runnerFor = options.runner ?? ((extra) => pathCommandRunner({ ...env, ...extra }));
  const plain = runnerFor({});
  const run = async (tool: Tool, args: readonly string[], runner = plain) => {
    let result: { code: number; stdout: string; stderr: string };
    try {
      result = await runner.run([tool, ...args]);
    } catch (error) {
      if (error instanceof UserError) throw missing(tool);
      throw error;
    }
    if (result.code !== 0) {
      const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-15).join('\n');
      throw new ToolFailure(tool, args, result.code, tail);
    }
    return result;
  };
  return {
    async require(tool) {
      await run(tool, VERSION_ARGS[tool]);
    },
    async kindClusters() {
      const { stdout } = await run('kind', ['get', 'clusters']);
      return stdout
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
    },
    async kindCreate(name) {
      await run('kind', [
        'create',
        'cluster',
        '--name',
        name,
        '--kubeconfig',
        join(options.tempDir, `kind-${name}.kubeconfig`),
        '--wait',
        options.kindWait,
      ]);
    },
    kindKubeconfig: async (name) => (await run('kind', ['get', 'kubeconfig', '--name', name])).stdout,
    async clusterctl(args, extra, onLine) {
      const { stdout, stderr } = await run(
        'clusterctl',
        args,
        Object.keys(extra).length ? runnerFor(extra) : plain,
      );
      for (const line of `${stdout}${stderr}`.split('\n')) if (line.trim()) onLine(line);
      return stdout;
    },
    talosctl: async (args) => {
      const { stdout, stderr } = await run('talosctl', args);
      return `${stdout}${stderr}`;
    },
  };
}

function missing(tool: Tool): UserError {
  return new UserError(`${tool} is not on PATH`, {
    fix: `add the setup step before this one: uses: talos-fleet/talos-fleet-actions@v0 with tools including ${tool}`,
    title: `${tool} not found`,
  });
}

/** A tool that exited non-zero: a UserError (the tool said why), with the last lines of its output. */
export class ToolFailure extends UserError {
  constructor(tool: Tool, args: readonly string[], exitCode: number, tail: string) {
    super(`${tool} ${args.slice(0, 2).join(' ')} exited with ${exitCode}${tail ? `:\n${tail}` : ''}`, {
      fix: `read ${tool}'s message above; re-run the step once the cause is fixed`,
      title: `${tool} failed`,
    });
  }
}
