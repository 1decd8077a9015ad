import type { CiliumPort } from '../../core/mesh/ports.js';
import type { CommandRunner } from '../../core/command-runner.js';

/**
 * cilium-cli from PATH, pointed at one cluster through KUBECONFIG. `status --wait` and
 * `clustermesh status --wait` take `--wait-duration` (cilium/cilium cilium-cli/cli/status.go,
 * cli/clustermesh.go); `connectivity test` takes `--multi-cluster <context>`, `--test`,
 * `--test-namespace`, `--junit-file` and `--timeout` (cli/connectivity.go).
 */
export function ciliumCli(runner: CommandRunner): CiliumPort {
  // cilium-cli has no --kubeconfig flag: it builds its client from KUBECONFIG (cilium/cilium cilium-cli/cli/cmd.go).
  const cilium = async (args: string[], kubeconfig: string, timeoutSeconds: number) => {
    const r = await runner.run(['cilium', ...args], {
      env: { KUBECONFIG: kubeconfig },
      timeoutMs: (timeoutSeconds + 30) * 1000,
    });
    return { code: r.code, output: `${r.stdout}${r.stderr}` };
  };
  const wait = (o: { wait: boolean; timeoutSeconds: number }) =>
    o.wait ? ['--wait', '--wait-duration', `${o.timeoutSeconds}s`] : [];
  return {
    status: (kubeconfig, o) => cilium(['status', ...wait(o)], kubeconfig, o.timeoutSeconds),
    clustermeshStatus: (kubeconfig, o) =>
      cilium(['clustermesh', 'status', ...wait(o)], kubeconfig, o.timeoutSeconds),
    connectivity: (o) =>
      cilium(
        [
          'connectivity',
          'test',
          '--context',
          o.context,
          '--multi-cluster',
          o.multiCluster,
          ...o.tests.flatMap((t) => ['--test', t]),
          '--test-namespace',
          o.namespace,
          '--junit-file',
          o.junitFile,
          '--timeout',
          `${o.timeoutSeconds}s`,
        ],
        o.kubeconfig,
        o.timeoutSeconds,
      ),
  };
}
