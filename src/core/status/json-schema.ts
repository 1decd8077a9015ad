import { z } from 'zod';
import { statusDocumentSchema } from './schema.js';

export const STATUS_SCHEMA_ID =
  'https://github.com/talos-fleet/talos-fleet-actions/blob/main/schemas/status.schema.json';

/**
 * The published JSON Schema of the status document, generated from the zod schema (the source of
 * truth) by `npm run schemas`; a test fails when schemas/status.schema.json
 * is out of date. It describes what writers may send (`io: 'input'`, so defaulted fields are optional).
 */
export function statusJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(statusDocumentSchema, { target: 'draft-2020-12', io: 'input' });
  return { ...schema, $id: STATUS_SCHEMA_ID, title: 'talos-fleet status document' };
}

export function statusJsonSchemaText(): string {
  return `${JSON.stringify(statusJsonSchema(), null, 2)}\n`;
}
