import { UserError } from '../user-error.js';
import { formatPath } from '../zod-issues.js';
import { type StatusDocument, statusDocumentSchema } from './schema.js';
import { MAX_STATUS_CHARS, StatusBoundsError, stripSecrets } from './secrets.js';
import { clusterStateOf } from './state.js';

export interface ParsedStatus {
  document: StatusDocument;
  /** Paths of secret fields dropped and values redacted before validation. */
  removedSecrets: string[];
}

/**
 * Validates a status document (parsed JSON) after removing secrets from it. `source` names where
 * it came from in error messages (a file path, an input).
 */
export function parseStatusDocument(raw: unknown, source: string): ParsedStatus {
  let stripped: ReturnType<typeof stripSecrets>;
  try {
    stripped = stripSecrets(raw);
  } catch (error) {
    if (!(error instanceof StatusBoundsError)) throw error;
    throw new UserError(`${source} is not a valid talos-fleet status document: ${error.message}`, {
      fix: 'write the status document with the talos-fleet actions (docs/status.md describes every field); diagnostics belong in errors[].diagnostics, which is cut to fit the comment',
      title: 'Invalid status document',
    });
  }
  const { value, removed } = stripped;
  const result = statusDocumentSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => {
      const where = formatPath(issue.path);
      return where ? `${where}: ${issue.message}` : issue.message;
    });
    throw new UserError(
      `${source} is not a valid talos-fleet status document (${issues.length} problem${issues.length === 1 ? '' : 's'}):`,
      {
        details: issues.slice(0, 50),
        fix: 'compare it with schemas/status.schema.json and the examples in examples/status/ (docs/status.md describes every field)',
        title: 'Invalid status document',
      },
    );
  }
  // A cluster's state is derived from its conditions; one without any keeps the state it was written with.
  const clusters = result.data.clusters.map((c) => ({ ...c, state: clusterStateOf(c.conditions, c.state) }));
  return { document: { ...result.data, clusters }, removedSecrets: removed };
}

/** Parses JSON text, turning a syntax error into a UserError that names the source. */
export function parseStatusJson(text: string, source: string): ParsedStatus {
  if (text.length > MAX_STATUS_CHARS) throw tooLarge(source, text.length);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    // The parser's message quotes the text around the fault, which could be a secret: keep only the position.
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    throw new UserError(`${source} is not valid JSON${position ? ` (at character ${position})` : ''}`, {
      fix: 'write the status document with the talos-fleet actions or check it with `talos-fleet status <file>`',
      title: 'Invalid status document',
    });
  }
  return parseStatusDocument(raw, source);
}

/** The document is over MAX_STATUS_CHARS: refused before it is parsed or redacted. */
export function tooLarge(source: string, size: number): UserError {
  return new UserError(
    `${source} is ${size.toLocaleString('en-US')} characters; a status document holds at most ${MAX_STATUS_CHARS.toLocaleString('en-US')}`,
    {
      fix: 'write the status document with the talos-fleet actions; long diagnostics belong in errors[].diagnostics (at most 1,000,000 characters each)',
      title: 'Invalid status document',
    },
  );
}
