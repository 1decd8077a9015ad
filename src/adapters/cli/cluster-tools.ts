import { join } from 'node:path';
import { getExecOutput } from '@actions/exec';
import { which } from '@actions/io';
import type { ClusterTools } from '../../core/cluster/ports.js';
import { UserError } from '../../core/user-error.js';

/**
 * kind, clusterctl and talosctl as users run them, from PATH (the setup action puts them there).
 * Output is captured (never echoed raw: it may hold secrets); the flow decides what to log.
 */

export interface ClusterToolsOptions {
  /** The environment the tools run in (the step's). */
  env: NodeJS.ProcessEnv;
  /** Where `kind create cluster` writes its kubeconfig, instead of merging it into ~/.kube/config. */
  tempDir: string;
  /** Extra seconds `kind create cluster --wait` may take for the control plane. */
  kindWait: string;
}

type Tool = 'kind' | 'clusterctl' | 'talosctl';

export function clusterTools(options: ClusterToolsOptions): ClusterTools {
  const env = Object.fromEntries(
    Object.entries(options.env).filter(
      (e): e is [string, string] => e[1] !== undefined && !e[0].startsWith('INPUT_'),
    ),
  );
  const run = async (
    tool: Tool,
    args: readonly string[],
    extra: Record<string, string> = {},
    onLine?: (l: string) => void,
  ) => {
    const path = await which(tool, false);
    if (!path) throw missing(tool);
    const result = await getExecOutput(path, [...args], {
      silent: true,
      ignoreReturnCode: true,
      env: { ...env, ...extra },
      ...(onLine ? { listeners: { stdline: onLine, errline: onLine } } : {}),
    });
    if (result.exitCode !== 0) {
      const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-15).join('\n');
      throw new ToolFailure(tool, args, result.exitCode, tail);
    }
    return result.stdout;
  };
  return {
    async require(tool) {
      if (!(await which(tool, false))) throw missing(tool);
    },
    async kindClusters() {
      const out = await run('kind', ['get', 'clusters']);
      return out
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
    kindKubeconfig: (name) => run('kind', ['get', 'kubeconfig', '--name', name]),
    clusterctl: (args, extra, onLine) => run('clusterctl', args, extra, onLine),
    talosctl: (args) => run('talosctl', args),
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
