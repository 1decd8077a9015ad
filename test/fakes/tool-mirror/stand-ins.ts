import { randomBytes } from 'node:crypto';

/**
 * Stand-in executables: POSIX shell scripts that answer each tool's version command exactly as the
 * real tool formats it, and fail on anything else, so the post-install check is exercised for
 * real. Optional padding (random bytes after `exit`, never read by sh) gives them a realistic relative size for
 * the benchmark.
 */

export type StandInTool =
  'task' | 'kubectl' | 'clusterctl' | 'talosctl' | 'gcloud' | 'yq' | 'helm' | 'cilium' | 'kind';

/** What `<tool> <args>` prints for version `v` (no leading v) on `os/arch`. */
export function versionOutput(
  tool: StandInTool,
  v: string,
  osArch: string,
): { args: string; output: string } {
  switch (tool) {
    case 'task':
      return { args: '--version', output: `Task version: v${v} (h1:standin0000)` };
    case 'kubectl':
      return { args: 'version --client', output: `Client Version: v${v}\nKustomize Version: v5.7.1` };
    case 'clusterctl':
      return { args: 'version -o short', output: `v${v}` };
    case 'talosctl':
      return {
        args: 'version --client',
        output: `Client:\n\tTag:         v${v}\n\tSHA:         standin0\n\tBuilt:       \n\tGo version:  go1.25.5\n\tOS/Arch:     ${osArch}`,
      };
    case 'gcloud':
      return {
        args: 'version',
        output: `Google Cloud SDK ${v}\nbq 2.1.25\ncore 2026.11.14\ngcloud-crc32c 1.0.0\ngsutil 5.35`,
      };
    case 'yq':
      return { args: '--version', output: `yq (https://github.com/mikefarah/yq/) version v${v}` };
    case 'helm':
      return { args: 'version --short', output: `v${v}+g0123abc` };
    case 'cilium':
      return { args: 'version --client', output: `cilium-cli: v${v} compiled with go1.25.5 on ${osArch}` };
    case 'kind':
      return { args: 'version', output: `kind v${v} go1.25.5 ${osArch}` };
  }
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function standInScript(
  tool: StandInTool,
  reportedVersion: string,
  osArch: string,
  padBytes = 0,
): Buffer {
  const { args, output } = versionOutput(tool, reportedVersion, osArch);
  const lines = [
    '#!/bin/sh',
    `# stand-in for ${tool} ${reportedVersion} (${osArch}), built by test/fakes/tool-mirror`,
    // Setup must not hand its inputs or the runner's tokens to the binaries it runs. (sh drops
    // names it cannot hold, such as INPUT_GITHUB-TOKEN, so INPUT_TOOLS stands for the inputs.)
    "if env | grep -qE '^(INPUT_[A-Z_]+|GITHUB_TOKEN|ACTIONS_RUNTIME_TOKEN)='; then echo 'stand-in: an action input or a token is in my environment' >&2; exit 3; fi",
    'case "$*" in',
    `  ${shellQuote(args)}) printf '%s\\n' ${shellQuote(output)}; exit 0 ;;`,
  ];
  if (tool === 'gcloud') {
    // `gcloud components install --quiet a b` records the components inside the SDK tree, as the real one does.
    lines.push(
      '  "components install --quiet "*) shift 3; here=$(cd "$(dirname "$0")/.." && pwd); for c in "$@"; do echo "$c" >> "$here/.installed-components"; done; echo "Installed: $*"; exit 0 ;;',
    );
  }
  lines.push(`  *) echo "${tool} stand-in: unexpected arguments: $*" >&2; exit 2 ;;`, 'esac', 'exit 0', '');
  const text = Buffer.from(lines.join('\n'));
  // Random bytes after `exit`, never parsed by sh, and incompressible like a real binary.
  return padBytes > 0 ? Buffer.concat([text, randomBytes(padBytes)]) : text;
}
