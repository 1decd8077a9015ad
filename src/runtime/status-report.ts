import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isUserError, UserError } from '../core/user-error.js';
import { mergeStatusDocuments } from '../core/status/merge.js';
import { type ParsedStatus, parseStatusDocument, parseStatusJson, tooLarge } from '../core/status/parse.js';
import { MAX_STATUS_CHARS } from '../core/status/secrets.js';
import type { StatusDocument, StatusDocumentInput } from '../core/status/schema.js';
import { checkOutputDirectory, createOutputDirectory, replaceFile } from './output-files.js';

/**
 * Reading and writing the status document file that pr-status renders; flows update it through
 * a StatusSink (fileStatusSink, status-file-sink.ts). Writes are validated (a step cannot write a document pr-status would
 * reject), stripped of secrets, and atomic (write a temporary file, then rename), so a reader
 * never sees half a document.
 */

export async function readStatusFile(path: string): Promise<StatusDocument> {
  return (await loadStatusFile(path)).document;
}

function cannotRead(source: string, error: unknown): UserError {
  const code = (error as NodeJS.ErrnoException).code;
  return new UserError(`cannot read the status document ${source}: ${code ?? String(error)}`, {
    fix: 'pass the path of the status.json written by the earlier talos-fleet steps (or `talos-fleet status` output)',
    title: 'status-file',
  });
}

/**
 * The file's text, refused by its size before it is read (a status artifact may come from a fork):
 * a UTF-16 unit takes at most 3 UTF-8 bytes, so a file over 3 x the bound cannot be within it (the
 * text is measured exactly once read). Only a regular file: /dev/zero or a FIFO would never end.
 */
async function readBounded(path: string, source: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    const stats = await file.stat();
    if (!stats.isFile())
      throw new UserError(`the status document ${source} is not a regular file`, {
        fix: 'pass the path of the status.json written by the earlier talos-fleet steps',
        title: 'status-file',
      });
    if (stats.size > MAX_STATUS_CHARS * 3) throw tooLarge(source, stats.size);
    return await file.readFile('utf8');
  } finally {
    await file.close();
  }
}

/** The document and the paths of the secret fields removed from it; `source` names the file in messages. */
export async function loadStatusFile(path: string, source = path): Promise<ParsedStatus> {
  let text: string;
  try {
    text = await readBounded(path, source);
  } catch (error) {
    if (isUserError(error)) throw error;
    throw cannotRead(source, error);
  }
  return parseStatusJson(text, source);
}

export interface LoadedStatus {
  document: StatusDocument;
  /** `<file>: <path>` of every secret field removed. */
  removedSecrets: string[];
  /** What merging several documents decided, for the log; empty for one document. */
  notes: string[];
}

/** One document, or the documents of matrix jobs merged into one (mergeStatusDocuments). */
export async function loadStatusFiles(
  paths: readonly { path: string; source: string }[],
): Promise<LoadedStatus> {
  const loaded = await Promise.all(
    paths.map(async ({ path, source }) => ({ source, ...(await loadStatusFile(path, source)) })),
  );
  const removedSecrets = loaded.flatMap((l) =>
    loaded.length === 1 ? l.removedSecrets : l.removedSecrets.map((p) => `${l.source}: ${p}`),
  );
  if (loaded.length === 1 && loaded[0]) return { document: loaded[0].document, removedSecrets, notes: [] };
  const merged = mergeStatusDocuments(loaded);
  return {
    document: merged.document,
    removedSecrets,
    notes: [`merged ${loaded.length} status documents`, ...merged.notes],
  };
}

/** Reads the document, or undefined when the file does not exist yet. */
export async function readStatusFileIfExists(path: string): Promise<StatusDocument | undefined> {
  let text: string;
  try {
    text = await readBounded(path, path);
  } catch (error) {
    if (isUserError(error)) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw cannotRead(path, error);
  }
  return parseStatusJson(text, path).document;
}

/** `what` names the input or option that gave `path`, in messages. */
export async function writeStatusFile(
  path: string,
  document: StatusDocumentInput,
  what = 'status-file',
): Promise<StatusDocument> {
  const { document: clean } = parseStatusDocument(document, `the status document for ${path}`);
  const target = { what, dir: dirname(path), example: '.talos-fleet/status.json' };
  await checkOutputDirectory(target);
  await createOutputDirectory(target);
  await replaceFile(target, path, `${JSON.stringify(clean, null, 2)}\n`);
  return clean;
}
