/** Runs a command line (argv, no shell); `code` is its exit status. The port every CLI-driving flow takes. */
export interface CommandRunner {
  run(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }>;
}
