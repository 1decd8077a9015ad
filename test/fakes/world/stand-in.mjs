// A stand-in for kind, clusterctl or talosctl: forwards its arguments, working directory and the
// environment variables the real tool reads to the fake world (TALOS_FLEET_WORLD_URL), which acts
// on the fake APIs, records the call and answers with the tool's output and exit code.
const [tool, ...args] = process.argv.slice(2);
const READS = [
  'KUBECONFIG',
  'GCP_B64ENCODED_CREDENTIALS',
  'TALOSCONFIG',
  'CLUSTERCTL_DISABLE_VERSIONCHECK',
  'HOME',
];
const env = Object.fromEntries(
  READS.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]),
);
// Names of every variable, to check that nothing the tool does not need (tokens, inputs) reaches it.
const envNames = Object.keys(process.env);
const world = process.env.TALOS_FLEET_WORLD_URL;
if (!world) {
  process.stderr.write(`${tool} stand-in: TALOS_FLEET_WORLD_URL is not set\n`);
  process.exit(2);
}
try {
  const res = await fetch(`${world}/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tool, args, env, envNames, cwd: process.cwd() }),
  });
  const answer = await res.json();
  if (answer.stdout) process.stdout.write(answer.stdout);
  if (answer.stderr) process.stderr.write(answer.stderr);
  process.exitCode = answer.code;
} catch (error) {
  process.stderr.write(`${tool} stand-in: the fake world did not answer: ${String(error)}\n`);
  process.exitCode = 2;
}
