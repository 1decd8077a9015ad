import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError } from '../core/user-error.js';
import { type ParsedStatus, parseStatusDocument, parseStatusJson } from '../core/status/parse.js';
import type {
  ClusterStatus,
  StatusDocument,
  StatusDocumentInput,
  StatusError,
} from '../core/status/schema.js';

/**
 * The small library every talos-fleet step uses to report into the status document that
 * pr-status renders. Writes are validated (a step cannot write a document pr-status would
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

export async function writeStatusFile(path: string, document: StatusDocumentInput): Promise<StatusDocument> {
  const { document: clean } = parseStatusDocument(document, `the status document for ${path}`);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(clean, null, 2)}\n`, { mode: 0o644 });
  await rename(temporary, path);
  return clean;
}

/**
 * Read-modify-write: `change` gets the current document (undefined if there is none yet) and
 * returns the next one; `updatedAt` is set to `now`.
 */
export async function updateStatusFile(
  path: string,
  change: (current: StatusDocument | undefined) => StatusDocumentInput,
  now: Date = new Date(),
): Promise<StatusDocument> {
  const next = change(await readStatusFileIfExists(path));
  return writeStatusFile(path, { ...next, updatedAt: now.toISOString() });
}

/** The document with `cluster` added, or replacing the cluster of the same name (order kept). */
export function withCluster(document: StatusDocument, cluster: ClusterStatus): StatusDocument {
  const index = document.clusters.findIndex((c) => c.name === cluster.name);
  const clusters = [...document.clusters];
  if (index === -1) clusters.push(cluster);
  else clusters[index] = cluster;
  return { ...document, clusters };
}

/** The document with one more error; a failed step also moves the fleet to `failed`. */
export function withError(document: StatusDocument, error: StatusError): StatusDocument {
  return { ...document, stage: 'failed', errors: [...document.errors, error] };
}
