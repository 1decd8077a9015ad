/**
 * The environment for a binary setup just downloaded (its version check, `gcloud components
 * install`): the runner's, minus what it must not see. Action inputs (INPUT_GITHUB-TOKEN among
 * them), the runner's ACTIONS_* runtime tokens and URLs (cache, results, OIDC), and anything named
 * like a token, secret or password. gcloud can run unverified (it publishes no per-version hash).
 * Defence in depth only: the child runs as the runner's user and can still read the runner's own
 * environment through /proc/<ppid>/environ. Verification (fail closed, allow-unverified) is the
 * real defence.
 */
const WITHHELD = /^(INPUT_|ACTIONS_)|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL/i;

export function childEnv(
  extra: Record<string, string> = {},
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env))
    if (value !== undefined && !WITHHELD.test(name)) out[name] = value;
  return { ...out, ...extra };
}
