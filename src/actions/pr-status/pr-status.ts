import { describeError } from '../../core/http-error.js';
import * as core from '@actions/core';
import { z } from 'zod';
import { createCommentsClient } from '../../adapters/github/comments-client.js';
import {
  httpStatus,
  isPermissionDenied,
  rateLimitMessage,
  rateLimitOf,
} from '../../adapters/github/errors.js';
import {
  COMMENT_MODES,
  publishStickyComment,
  type StickyResult,
} from '../../adapters/github/sticky-comment.js';
import { parseDigest } from '../../core/status/marker.js';
import { describeRemoved } from '../../core/status/secrets.js';
import { type RenderedStatus, type RenderOptions, renderStatus } from '../../core/status/render.js';
import type { StatusDocument } from '../../core/status/schema.js';
import { isUserError, UserError } from '../../core/user-error.js';
import { actionsLog } from '../../runtime/actions-log.js';
import { readInputs } from '../../runtime/inputs.js';
import { writeJobSummary } from '../../runtime/job-summary.js';
import { readEventPayload, runLinksFromEnv } from '../../runtime/run-context.js';
import { loadStatusFiles } from '../../runtime/status-report.js';

const inputSchema = z.object({
  'status-file': z.string().optional(),
  'github-token': z.string().optional(),
  mode: z.enum(COMMENT_MODES).default('update'),
  'issue-number': z
    .string()
    .trim()
    .regex(/^[1-9]\d*$/, 'must be a pull request or issue number such as 42')
    .transform(Number)
    .optional(),
  fleet: z.string().trim().min(1).max(253).optional(),
});

/** Events whose payload names the pull request; for the others, `issue-number` does. */
const PR_EVENTS = new Set([
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
]);

export interface Target {
  number: number | undefined;
  /** Where the number came from, for the log. */
  source: string;
}

/** The issue or pull request to comment on: the input wins, then the event payload. */
export function targetFromEvent(
  eventName: string | undefined,
  payload: Record<string, unknown>,
  input: number | undefined,
): Target {
  if (input !== undefined) return { number: input, source: 'the issue-number input' };
  const pr = payload.pull_request as { number?: unknown } | undefined;
  if (eventName && PR_EVENTS.has(eventName) && typeof pr?.number === 'number')
    return { number: pr.number, source: `the ${eventName} event` };
  const issue = payload.issue as { number?: unknown; pull_request?: unknown } | undefined;
  if (eventName === 'issue_comment' && typeof issue?.number === 'number')
    return { number: issue.number, source: 'the issue_comment event' };
  const run = payload.workflow_run as { pull_requests?: { number?: unknown }[] } | undefined;
  const fromRun = run?.pull_requests?.[0]?.number;
  if (eventName === 'workflow_run' && typeof fromRun === 'number' && run?.pull_requests?.length === 1)
    return { number: fromRun, source: 'the workflow_run event (its only pull request)' };
  return { number: undefined, source: `the ${eventName ?? 'unknown'} event` };
}

/** The event payload; a warning when GITHUB_EVENT_PATH names a file that cannot be read. */
async function eventPayload(): Promise<Record<string, unknown>> {
  const payload = await readEventPayload();
  if (payload === undefined && process.env.GITHUB_EVENT_PATH)
    core.warning(
      `could not read the event payload at GITHUB_EVENT_PATH (${process.env.GITHUB_EVENT_PATH}); set issue-number to comment.`,
    );
  return payload ?? {};
}

const nonEmpty = (value: string | undefined) => (value === '' ? undefined : value);

const FORK_FALLBACK_WARNING =
  'The token cannot write to this pull request, so the fleet status is in the job summary only. ' +
  'Pull requests from forks run `pull_request` workflows with a read-only GITHUB_TOKEN. To comment on them, ' +
  'keep the fleet workflow on `pull_request`, upload the status document as an artifact, and post it from a ' +
  'second workflow triggered by `workflow_run` (it runs with `pull-requests: write`), passing issue-number. ' +
  'Never check out or run pull-request code in that workflow. For same-repository pull requests, grant ' +
  '`permissions: pull-requests: write` (and `issues: write` for mode hide-previous). See docs/status.md.';

function githubFailure(error: unknown, issue: number): UserError {
  const status = httpStatus(error);
  const limited = rateLimitMessage(error, Date.now());
  if (limited)
    return new UserError(limited, {
      fix: 'wait for the reset or use a token with its own rate limit (a GitHub App token); pr-status retried while the wait fitted TALOS_FLEET_RETRY_MAX_MS',
      title: 'GitHub rate limit',
      cause: error,
    });
  if (status === 401)
    return new UserError(`GitHub rejected github-token (401 ${describeError(error)})`, {
      fix: 'pass a valid token, e.g. `github-token: ${{ github.token }}`',
      title: 'github-token',
      cause: error,
    });
  if (status === 404 || status === 410)
    return new UserError(
      `issue or pull request #${issue} was not found in ${process.env.GITHUB_REPOSITORY ?? 'this repository'} (${status} ${describeError(error)})`,
      {
        fix: 'check issue-number, and that the token can read this repository',
        title: 'issue-number',
        cause: error,
      },
    );
  return new UserError(`GitHub API call failed: ${status ? `HTTP ${status} ` : ''}${describeError(error)}`, {
    fix: 're-run the job; if it persists, check https://www.githubstatus.com (or your GHES instance)',
    title: 'GitHub API',
    cause: error,
  });
}

export async function runPrStatus(): Promise<void> {
  const inputs = readInputs({
    names: ['status-file', 'github-token', 'mode', 'issue-number', 'fleet'],
    secrets: ['github-token'],
    schema: inputSchema,
  });
  const mode = inputs.mode;
  // One path per line: the documents of matrix jobs are merged into one report.
  const statusFiles = (inputs['status-file'] ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const statusFile = statusFiles.join(', ');
  if (statusFiles.length === 0 && mode !== 'delete')
    throw new UserError("input 'status-file' is required", {
      fix: 'point it at the status.json written by the earlier talos-fleet steps (only mode: delete can do without it)',
      title: 'status-file',
    });

  const loaded = statusFiles.length
    ? await loadStatusFiles(statusFiles.map((path) => ({ path, source: path })))
    : undefined;
  for (const note of loaded?.notes ?? []) actionsLog.info(note);
  const document: StatusDocument | undefined = loaded?.document;
  if (loaded?.removedSecrets.length)
    core.warning(
      `removed ${loaded.removedSecrets.length} secret field(s) or value(s) from ${statusFile} before rendering: ${describeRemoved(loaded.removedSecrets)}. Status documents must not hold credentials.`,
      { title: 'pr-status: secrets in the status document' },
    );
  const fleet = inputs.fleet ?? document?.fleet;
  if (!fleet)
    throw new UserError("mode 'delete' without a status-file needs the 'fleet' input", {
      fix: 'set fleet to the fleet name whose comment should be deleted',
      title: 'fleet',
    });
  if (document)
    actionsLog.info(
      `fleet '${fleet}' is ${document.stage}: ${document.clusters.length} cluster(s), ${document.errors.length} error(s)`,
    );

  // The document may come from a fork (the workflow_run pattern): its run link is shown only when
  // it points at a run of this repository; otherwise the link is to this run.
  const linkOptions: RenderOptions = runLinksFromEnv();
  // Rendered by publishStickyComment's callback (with the previous comment's digest) when a
  // comment is written; otherwise once, for the job summary, at the end.
  let rendered: RenderedStatus | undefined;
  const render = (previousBody: string | undefined): string => {
    if (!document) return '';
    const previous = parseDigest(previousBody);
    rendered = renderStatus(document, { ...linkOptions, ...(previous ? { previous } : {}) });
    if (rendered.changes.length)
      actionsLog.info(`${rendered.changes.length} change(s) since the previous comment`);
    return rendered.markdown;
  };

  const eventName = process.env.GITHUB_EVENT_NAME;
  const target = targetFromEvent(eventName, await eventPayload(), inputs['issue-number']);
  const summaryLines: string[] = [];
  let result: StickyResult | undefined;
  let outcome: string;

  if (target.number === undefined) {
    outcome = 'summary-only';
    const line = `No pull request or issue for this ${eventName ?? ''} run (set issue-number to comment on one); the status is in the job summary only.`;
    actionsLog.info(line);
    summaryLines.push(line);
  } else if (!inputs['github-token']) {
    throw new UserError("input 'github-token' is empty", {
      fix: 'leave it at its default (${{ github.token }}) or pass a token with pull-requests: write',
      title: 'github-token',
    });
  } else {
    const issue = target.number;
    const token = inputs['github-token'];
    const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
    if (!owner || !repo)
      throw new UserError('GITHUB_REPOSITORY is not set to owner/name', {
        fix: 'run this action inside GitHub Actions',
      });
    actionsLog.info(`${mode} the status comment on #${issue} (from ${target.source})`);
    try {
      result = await core.group(`${mode} the comment for fleet '${fleet}' on #${issue}`, async () => {
        const api = await createCommentsClient({
          token,
          owner,
          repo,
          apiUrl: nonEmpty(process.env.GITHUB_API_URL) ?? 'https://api.github.com',
          graphqlUrl: nonEmpty(process.env.GITHUB_GRAPHQL_URL) ?? 'https://api.github.com/graphql',
          onRetry: (message) => {
            actionsLog.info(message);
          },
        });
        const published = await publishStickyComment(api, {
          issue,
          fleet,
          mode,
          render,
          log: (m) => {
            actionsLog.info(m);
          },
        });
        actionsLog.info(`${published.outcome}; ${api.calls} GitHub API call(s)`);
        return published;
      });
      outcome = result.outcome;
      if (result.hideRefused !== undefined)
        core.warning(
          `The token cannot hide the previous comment (GitHub said: ${result.hideRefused}), so it was updated in place instead. Grant \`permissions: issues: write\` for mode hide-previous, or use mode update or recreate.`,
          { title: 'pr-status: no permission to hide' },
        );
      const url = result.comment?.htmlUrl;
      summaryLines.push(
        url
          ? `Pull-request comment ${result.outcome}: ${url}`
          : `Pull-request comment: ${result.outcome} on #${issue}.`,
      );
    } catch (error) {
      if (isUserError(error)) throw error;
      if (!isPermissionDenied(error, Date.now()) || rateLimitOf(error, Date.now()))
        throw githubFailure(error, issue);
      outcome = 'summary-only';
      core.warning(`${FORK_FALLBACK_WARNING} (GitHub said: ${describeError(error)})`, {
        title: 'pr-status: no permission to comment',
      });
      summaryLines.push(
        `Could not write the comment on #${issue}: the token has no write access (fork pull request?). See the warning in the log.`,
      );
    }
  }

  if (document && !rendered) rendered = renderStatus(document, linkOptions);
  if (rendered?.truncation.length)
    actionsLog.info(`the report was shortened: ${rendered.truncation.join('; ')}`);
  core.setOutput('comment-id', result?.comment ? String(result.comment.id) : '');
  core.setOutput('comment-url', result?.comment?.htmlUrl ?? '');
  core.setOutput('outcome', outcome);
  await writeJobSummary({
    title: `talos-fleet pr-status: ${fleet}`,
    lines: summaryLines,
    ...(rendered ? { markdown: rendered.markdown } : {}),
  });
}
