import { z } from 'zod';
import { FleetSpecSchema } from './schema.js';

export const FLEET_SCHEMA_ID = 'https://talos-fleet.dev/schemas/fleet.schema.json';

/**
 * The published JSON Schema of the fleet spec (schemas/fleet.schema.json), generated from the
 * zod schema the code validates with, so editors complete and check the same keys. Checks zod
 * runs in code (CIDR math, known regions, overlaps) are not expressible here; the planner runs them.
 */
export function fleetJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(FleetSpecSchema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  });
  return { ...schema, $id: FLEET_SCHEMA_ID };
}

export function fleetJsonSchemaText(): string {
  return `${JSON.stringify(fleetJsonSchema(), null, 2)}\n`;
}
