import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOOPBACK_CA_FILE } from '../fakes/http/fake-server.js';
import { node24, repoRoot } from './paths.js';

export interface RunDistOptions {
  /** Action inputs by their action.yml name; passed as INPUT_<NAME> like the runner does. */
  inputs?: Record<string, string>;
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Reuse a runner directory (tool cache, temp) across runs, e.g. for warm-cache tests. */
  runnerDir?: string;
  timeoutMs?: number;
  /** Extra CLI arguments when running dist/cli.js. */
  args?: string[];
}

export interface RunDistResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Parsed GITHUB_OUTPUT. */
  outputs: Record<string, string>;
  /** Parsed GITHUB_ENV. */
  exportedEnv: Record<string, string>;
  /** Lines of GITHUB_PATH. */
  path: string[];
  summary: string;
  /** `::error`/`::warning`/`::notice` workflow commands printed on stdout. */
  annotations: { level: string; message: string; properties: string }[];
  runnerDir: string;
  durationMs: number;
}

/** GITHUB_OUTPUT / GITHUB_ENV use `name<<DELIMITER` blocks (and plain `name=value` lines). */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] as string);
      out[name] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

function unescapeCommandData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

/**
 * Runs a bundled entry (`dist/<entry>.js`) under Node 24 the way a runner does: inputs as
 * INPUT_* env, and GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH, GITHUB_STEP_SUMMARY, RUNNER_TEMP and
 * RUNNER_TOOL_CACHE pointing into a temporary runner directory. The network guard is preloaded.
 */
export async function runDist(entry: string, options: RunDistOptions = {}): Promise<RunDistResult> {
  const runnerDir = options.runnerDir ?? (await mkdtemp(join(tmpdir(), 'tf-runner-')));
  const files = {
    output: join(runnerDir, 'github_output'),
    env: join(runnerDir, 'github_env'),
    path: join(runnerDir, 'github_path'),
    summary: join(runnerDir, 'step_summary.md'),
    netlog: join(runnerDir, 'netguard.log'),
  };
  await mkdir(join(runnerDir, 'temp'), { recursive: true });
  await mkdir(join(runnerDir, 'tool-cache'), { recursive: true });
  for (const f of Object.values(files)) await writeFile(f, '');

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? runnerDir,
    LANG: 'C.UTF-8',
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: join(runnerDir, 'temp'),
    RUNNER_TOOL_CACHE: join(runnerDir, 'tool-cache'),
    GITHUB_WORKSPACE: options.cwd ?? repoRoot,
    GITHUB_REPOSITORY: 'acme/platform',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_GRAPHQL_URL: 'http://127.0.0.1:9/graphql',
    TALOS_FLEET_NETGUARD_LOG: files.netlog,
    // Trusts the HTTPS fakes' loopback certificate, as a runner trusts a corporate CA.
    NODE_EXTRA_CA_CERTS: LOOPBACK_CA_FILE,
    NODE_OPTIONS: `--import=${join(repoRoot, 'test/support/network-guard.mjs')}`,
  };
  for (const [name, value] of Object.entries(options.inputs ?? {})) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }

  const started = performance.now();
  const child = spawn(node24, [join(repoRoot, 'dist', `${entry}.js`), ...(options.args ?? [])], {
    cwd: options.cwd ?? repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timeout);
  const durationMs = performance.now() - started;

  const netlog = await readFile(files.netlog, 'utf8');
  if (netlog.trim()) throw new Error(`dist/${entry}.js tried to leave loopback:\n${netlog}`);

  const annotations = [...stdout.matchAll(/^::(error|warning|notice)([^:]*)::(.*)$/gm)].map((m) => ({
    level: m[1] as string,
    properties: m[2]?.trim() ?? '',
    message: unescapeCommandData(m[3] as string),
  }));
  const result: RunDistResult = {
    code,
    stdout,
    stderr,
    outputs: parseFileCommands(await readFile(files.output, 'utf8')),
    exportedEnv: parseFileCommands(await readFile(files.env, 'utf8')),
    path: (await readFile(files.path, 'utf8')).split(/\r?\n/).filter(Boolean),
    summary: await readFile(files.summary, 'utf8'),
    annotations,
    runnerDir,
    durationMs,
  };
  return result;
}

export async function removeRunnerDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
