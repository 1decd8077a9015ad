/**
 * The one error for an HTTP answer that is not what was asked for, and the one way to turn any
 * error into a short line for a log or a UserError. Pure: adapters throw HttpStatusError (or the
 * client library's own errors) and everything describes them with describeError.
 */

export interface HttpStatusErrorOptions {
  url?: string;
  /** The Retry-After header, if the server sent one. */
  retryAfter?: string | undefined;
  /** What the server said: its error message or the start of the body. */
  detail?: string;
}

/** Bodies can be pages of HTML; a log line keeps the start. */
const DETAIL_MAX = 300;

export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
  readonly url: string | undefined;
  readonly retryAfter: string | undefined;
  readonly detail: string | undefined;

  constructor(
    readonly status: number,
    options: HttpStatusErrorOptions = {},
  ) {
    super(`HTTP ${status}${options.url ? ` from ${options.url}` : ''}`);
    this.url = options.url;
    this.retryAfter = options.retryAfter;
    const detail = options.detail?.replace(/\s+/g, ' ').trim();
    this.detail = detail ? detail.slice(0, DETAIL_MAX) : undefined;
  }
}

interface ErrorShape {
  message?: unknown;
  code?: unknown;
  cause?: unknown;
  /** Octokit's GraphqlResponseError. */
  errors?: unknown;
  /** gaxios and Octokit RequestError: the parsed body. */
  response?: { data?: unknown };
}

/** The message an API put in its error body: Google's `{error: {message}}`, GitHub's `{message}` or GraphQL `errors[0].message`. */
function bodyMessage(e: ErrorShape): string | undefined {
  if (Array.isArray(e.errors)) {
    const first = (e.errors as { message?: unknown }[])[0]?.message;
    if (typeof first === 'string') return first;
  }
  const data = e.response?.data;
  if (data && typeof data === 'object') {
    const google = (data as { error?: { message?: unknown } }).error?.message;
    if (typeof google === 'string') return google;
    const github = (data as { message?: unknown }).message;
    if (typeof github === 'string') return github;
  }
  return undefined;
}

/**
 * One line about any error: the API's own message when the body has one, else the error's message
 * with its code, and the code or message of its cause (fetch hides ECONNREFUSED there).
 */
export function describeError(error: unknown): string {
  if (error instanceof HttpStatusError)
    return error.detail ? `HTTP ${error.status}: ${error.detail}` : `HTTP ${error.status}`;
  if (typeof error !== 'object' || error === null) return String(error);
  const e = error as ErrorShape;
  const fromBody = bodyMessage(e);
  if (fromBody !== undefined) return fromBody;
  let text =
    typeof e.message === 'string' && e.message !== ''
      ? e.message
      : error instanceof Error
        ? error.name
        : JSON.stringify(error).slice(0, DETAIL_MAX);
  if (typeof e.code === 'string' && !text.includes(e.code)) text += ` (${e.code})`;
  const cause = e.cause as ErrorShape | undefined;
  const why =
    typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
  if (why && !text.includes(why)) text += `: ${why}`;
  return text;
}
