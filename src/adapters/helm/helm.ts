import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ChartRef, HelmPort } from '../../core/mesh/ports.js';
import { UserError } from '../../core/user-error.js';
import type { CommandRunner } from '../../core/command-runner.js';

/**
 * helm from PATH. The official chart is pulled once per run (`helm pull --repo`), so every
 * cluster installs the same archive and a version that does not exist fails before any install;
 * `helm template` renders it with each cluster's values, which runs the chart's
 * values.schema.json and its templates' `required`/`fail` checks exactly as the install would.
 */

export const CILIUM_REPO = 'https://helm.cilium.io';
const RELEASE = 'cilium';
const NAMESPACE = 'kube-system';

export function helmCli(options: { runner: CommandRunner; workDir: string; kubeVersion: string }): HelmPort {
  const { runner } = options;
  const helm = async (args: string[], kubeconfig?: string, timeoutMs?: number) => {
    const r = await runner.run(['helm', ...args], {
      ...(kubeconfig === undefined ? {} : { env: { KUBECONFIG: kubeconfig } }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
    return { code: r.code, stdout: r.stdout, output: `${r.stdout}${r.stderr}` };
  };

  return {
    async chart(version, local) {
      if (local !== undefined) {
        const exists = await stat(local).then(
          () => true,
          () => false,
        );
        if (!exists)
          throw new UserError(`The cilium-chart '${local}' does not exist.`, {
            fix: 'give the path of a Cilium chart folder or .tgz archive (helm pull cilium --repo https://helm.cilium.io --version <v>), or leave cilium-chart empty',
            title: 'cilium-chart',
          });
        const shown = await helm(['show', 'chart', local]);
        const meta =
          shown.code === 0 ? (parseYaml(shown.stdout) as { name?: unknown; version?: unknown } | null) : null;
        if (meta?.name !== 'cilium' || typeof meta.version !== 'string')
          throw new UserError(
            `'${local}' is not a Cilium chart: ${shown.output.trim().split('\n').at(-1) ?? ''}`,
            {
              fix: 'give the path of the Cilium chart folder or .tgz archive',
              title: 'cilium-chart',
            },
          );
        if (meta.version.replace(/^v/, '') !== version.replace(/^v/, ''))
          throw new UserError(
            `The cilium-chart '${local}' is version ${meta.version}, but the plan pins Cilium ${version}.`,
            {
              fix: `give the chart of version ${version}, or re-plan with versions.cilium: ${meta.version}`,
              title: 'cilium-chart',
            },
          );
        return { path: local, version: meta.version, source: local };
      }
      const bare = version.replace(/^v/, '');
      const pulled = await helm([
        'pull',
        RELEASE,
        '--repo',
        CILIUM_REPO,
        '--version',
        bare,
        '--destination',
        options.workDir,
      ]);
      if (pulled.code !== 0) {
        const notFound = /not found|no chart version/i.test(pulled.output);
        throw new UserError(
          notFound
            ? `The Cilium chart version ${bare} does not exist in ${CILIUM_REPO}.`
            : `helm could not pull the Cilium chart ${bare} from ${CILIUM_REPO}: ${pulled.output.trim().split('\n').at(-1) ?? ''}`,
          {
            fix: notFound
              ? 'set versions.cilium in the fleet spec to a released Cilium version and re-plan'
              : 'check the runner can reach the chart repository, or pass a local chart as cilium-chart',
            title: 'Cilium chart',
          },
        );
      }
      return {
        path: join(options.workDir, `${RELEASE}-${bare}.tgz`),
        version: bare,
        source: `${CILIUM_REPO} cilium ${bare}`,
      };
    },

    async template(chart: ChartRef, valuesFile) {
      return await helm([
        'template',
        RELEASE,
        chart.path,
        '--namespace',
        NAMESPACE,
        '--kube-version',
        options.kubeVersion,
        '--values',
        valuesFile,
      ]);
    },

    async installedValues(kubeconfig) {
      const listed = await helm(
        ['list', '--namespace', NAMESPACE, '--filter', `^${RELEASE}$`, '--output', 'json'],
        kubeconfig,
      );
      if (listed.code !== 0)
        throw new UserError(`helm list failed: ${listed.output.trim().split('\n').at(-1) ?? ''}`, {
          fix: 'check the kubeconfig and re-run',
        });
      const releases = JSON.parse(listed.stdout) as { name?: string; chart?: string; status?: string }[];
      const release = releases.find((r) => r.name === RELEASE);
      if (release?.status !== 'deployed') return undefined;
      const got = await helm(
        ['get', 'values', RELEASE, '--namespace', NAMESPACE, '--output', 'json'],
        kubeconfig,
      );
      if (got.code !== 0) return undefined;
      const values = JSON.parse(got.stdout) as Record<string, unknown> | null;
      return { values: values ?? {}, chartVersion: (release.chart ?? '').replace(/^cilium-/, '') };
    },

    async upgradeInstall(kubeconfig, chart, valuesFile, timeoutSeconds) {
      return await helm(
        [
          'upgrade',
          '--install',
          RELEASE,
          chart.path,
          '--namespace',
          NAMESPACE,
          '--values',
          valuesFile,
          '--timeout',
          `${timeoutSeconds}s`,
        ],
        kubeconfig,
        (timeoutSeconds + 30) * 1000,
      );
    },
  };
}
