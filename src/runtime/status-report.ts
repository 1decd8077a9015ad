import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError } from '../core/user-error.js';
import { mergeStatusDocuments } from '../core/status/merge.js';
import { type ParsedStatus, parseStatusDocument, parseStatusJson } from '../core/status/parse.js';
import type { StatusDocument, StatusDocumentInput } from '../core/status/schema.js';

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

/** The document and the paths of the secret fields removed from it; `source` names the file in messages. */
export async function loadStatusFile(path: string, source = path): Promise<ParsedStatus> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
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
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw cannotRead(path, error);
  }
  return parseStatusJson(text, path).document;
}

let temporaryCount = 0;

export async function writeStatusFile(path: string, document: StatusDocumentInput): Promise<StatusDocument> {
  const { document: clean } = parseStatusDocument(document, `the status document for ${path}`);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${++temporaryCount}.tmp`;
  await writeFile(temporary, `${JSON.stringify(clean, null, 2)}\n`, { mode: 0o644 });
  await rename(temporary, path);
  return clean;
}
