/** Per-run settings: extra environment (e.g. KUBECONFIG, which cilium-cli reads its cluster from) and a deadline. */
export interface CommandOptions {
  env?: Readonly<Record<string, string>>;
  /** The command is stopped (SIGTERM) after this long; its code is then non-zero. */
  timeoutMs?: number;
}

/** Runs a command line (argv, no shell); `code` is its exit status. The port every CLI-driving flow takes. */
export interface CommandRunner {
  run(
    argv: readonly string[],
    options?: CommandOptions,
  ): Promise<{ code: number; stdout: string; stderr: string }>;
}
