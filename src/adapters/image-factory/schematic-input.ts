import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkSchematicYaml, EMPTY_SCHEMATIC, isInlineSchematic } from '../../core/image/options.js';
import { UserError } from '../../core/user-error.js';

/** The schematic input: empty (the empty schematic), inline YAML, or a path relative to the workspace. */
export async function loadSchematic(value: string | undefined, base: string): Promise<string> {
  if (value === undefined || value.trim() === '') return EMPTY_SCHEMATIC;
  if (isInlineSchematic(value)) return checkSchematicYaml(value, "input 'schematic'");
  const path = resolve(base, value.trim());
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UserError(
      `input 'schematic': cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
      {
        fix: 'give a path relative to the workspace, or the schematic YAML itself',
        title: 'Invalid input',
      },
    );
  }
  return checkSchematicYaml(text, path);
}
