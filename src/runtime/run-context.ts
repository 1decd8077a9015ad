import { readFile } from 'node:fs/promises';
import type { PlanRunContext } from '../core/status/from-plan.js';
import type { RenderOptions } from '../core/status/render.js';

/** What the runner says about the run: the link to it and what it was built from, for the status document. */

/** `GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID[/attempts/N]`, or undefined outside a runner. */
function runUrlFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT } = env;
  if (!GITHUB_SERVER_URL || !GITHUB_REPOSITORY || !GITHUB_RUN_ID) return undefined;
  const attempt = Number(GITHUB_RUN_ATTEMPT);
  return `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}${attempt > 1 ? `/attempts/${attempt}` : ''}`;
}

/**
 * `GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/`: the only place a run link taken from a
 * status document (possibly written by a fork) may point to. Undefined outside a runner.
 */
function runUrlPrefixFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY } = env;
  if (!GITHUB_SERVER_URL || !GITHUB_REPOSITORY) return undefined;
  return `${GITHUB_SERVER_URL.replace(/\/+$/, '')}/${GITHUB_REPOSITORY}/actions/runs/`;
}

/**
 * The run links for rendering a status document: this run, and the prefix the document's own run
 * link must have to be shown (the document may come from a fork). Empty outside a runner.
 */
export function runLinksFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Pick<RenderOptions, 'runUrl' | 'trustedRunUrlPrefix'> {
  const runUrl = runUrlFromEnv(env);
  const trustedRunUrlPrefix = runUrlPrefixFromEnv(env);
  return {
    ...(runUrl ? { runUrl } : {}),
    ...(trustedRunUrlPrefix ? { trustedRunUrlPrefix } : {}),
  };
}

/** The event payload at GITHUB_EVENT_PATH, or undefined when there is none or it cannot be read. */
export async function readEventPayload(
  env: NodeJS.ProcessEnv = process.env,
): Promise<Record<string, unknown> | undefined> {
  if (!env.GITHUB_EVENT_PATH) return undefined;
  try {
    const payload: unknown = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8'));
    return payload !== null && typeof payload === 'object' ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const positiveInt = (text: string | undefined) => {
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
};

interface PullRequestPayload {
  number?: unknown;
  head?: { ref?: unknown; sha?: unknown };
}

async function pullRequestOf(env: NodeJS.ProcessEnv): Promise<PullRequestPayload | undefined> {
  if (!env.GITHUB_EVENT_NAME?.startsWith('pull_request')) return undefined;
  return (await readEventPayload(env))?.pull_request as PullRequestPayload | undefined;
}

/**
 * The run link and source (repository, branch, commit, pull request) from the runner's variables
 * and, for pull-request events, the event payload: there GITHUB_SHA is the merge commit, so the
 * head commit and branch come from the payload. Empty outside GitHub Actions.
 */
export async function runContextFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<PlanRunContext> {
  const url = runUrlFromEnv(env);
  const id = positiveInt(env.GITHUB_RUN_ID);
  const attempt = positiveInt(env.GITHUB_RUN_ATTEMPT);
  const pr = await pullRequestOf(env);
  const source: NonNullable<PlanRunContext['source']> = {};
  if (env.GITHUB_REPOSITORY) source.repository = env.GITHUB_REPOSITORY;
  // GITHUB_HEAD_REF is set, and empty, outside pull-request events.
  const headRef = typeof pr?.head?.ref === 'string' ? pr.head.ref : env.GITHUB_HEAD_REF;
  const pushed = env.GITHUB_REF?.startsWith('refs/heads/') ? env.GITHUB_REF_NAME : undefined;
  const branch = headRef === '' || headRef === undefined ? pushed : headRef;
  if (branch) source.branch = branch;
  const sha = typeof pr?.head?.sha === 'string' ? pr.head.sha : env.GITHUB_SHA;
  if (sha) source.sha = sha;
  if (typeof pr?.number === 'number' && Number.isSafeInteger(pr.number) && pr.number > 0)
    source.pullRequest = pr.number;
  return {
    source,
    ...(url
      ? { run: { url, ...(id === undefined ? {} : { id }), ...(attempt === undefined ? {} : { attempt }) } }
      : {}),
  };
}
