import { parse as parseYaml } from 'yaml';
import { UserError } from '../user-error.js';
import { isToolName, type ToolName } from './catalog.js';

/**
 * Version files: asdf/mise `.tool-versions` (`name version [fallback…]` per line, `#` comments),
 * and the toolkit's own pin file, YAML with a `tools:` mapping of name to version. Lines for tools
 * the toolkit does not install (nodejs, python…) are skipped, since those files serve many tools.
 */

/** asdf and mise plugin names that differ from ours. */
const ALIASES: Record<string, ToolName> = {
  'cilium-cli': 'cilium',
  'go-task': 'task',
  'gcloud-sdk': 'gcloud',
  'google-cloud-sdk': 'gcloud',
};

export interface VersionsFile {
  versions: Partial<Record<ToolName, string>>;
  /** Names present in the file that are not ours (reported at debug level). */
  skipped: string[];
}

function toolFor(name: string): ToolName | undefined {
  const n = name.trim().toLowerCase();
  return isToolName(n) ? n : ALIASES[n];
}

export function parseToolVersions(text: string): VersionsFile {
  const out: VersionsFile = { versions: {}, skipped: [] };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const [name = '', first] = line.split(/\s+/);
    const tool = toolFor(name);
    if (!tool || first === undefined) {
      out.skipped.push(name);
      continue;
    }
    // asdf lists fallbacks after the first version; the first is the one in force.
    out.versions[tool] = first;
  }
  return out;
}

export function parsePinFile(text: string, path: string): VersionsFile {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new UserError(`versions-file ${path} is not valid YAML: ${(error as Error).message}`, {
      fix: 'write `tools:` followed by `name: version` lines, or use the .tool-versions format',
      title: 'Invalid versions file',
    });
  }
  const tools = typeof doc === 'object' && doc !== null && 'tools' in doc ? doc.tools : undefined;
  if (typeof tools !== 'object' || tools === null || Array.isArray(tools)) {
    throw new UserError(`versions-file ${path} has no 'tools:' mapping.`, {
      fix: 'write `tools:` followed by `name: version` lines, e.g. `  kubectl: 1.37.1`',
      title: 'Invalid versions file',
    });
  }
  const out: VersionsFile = { versions: {}, skipped: [] };
  for (const [name, value] of Object.entries(tools as Record<string, unknown>)) {
    const tool = toolFor(name);
    if (!tool) {
      out.skipped.push(name);
      continue;
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new UserError(`versions-file ${path}: tools.${name} must be a version string.`, {
        fix: `write e.g. '${name}: "1.2.3"'`,
        title: 'Invalid versions file',
      });
    }
    out.versions[tool] = String(value);
  }
  return out;
}

/** `.yaml`/`.yml`/`.json` files are the toolkit's pin file; anything else is read as `.tool-versions`. */
export function parseVersionsFile(path: string, text: string): VersionsFile {
  return /\.(ya?ml|json)$/i.test(path) ? parsePinFile(text, path) : parseToolVersions(text);
}
