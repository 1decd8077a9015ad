import * as core from '@actions/core';
import type { z } from 'zod';
import { parseOrThrow } from '../core/zod-issues.js';

export interface InputSpec<S extends z.ZodType> {
  /** Input names as in action.yml; each is read as a raw string, '' becomes undefined. */
  names: readonly string[];
  /** Inputs that hold secrets: masked with core.setSecret before anything else happens. */
  secrets?: readonly string[];
  /** Schema over `{ [name]: string | undefined }`; it parses, defaults and validates. */
  schema: S;
}

/** The one place an action reads its inputs: raw strings in, a validated object out, or a UserError naming every bad input. */
export function readInputs<S extends z.ZodType>(spec: InputSpec<S>): z.output<S> {
  for (const name of spec.secrets ?? []) {
    const value = core.getInput(name);
    if (value) core.setSecret(value);
  }
  const raw: Record<string, string | undefined> = {};
  for (const name of spec.names) {
    const value = core.getInput(name);
    raw[name] = value === '' ? undefined : value;
  }
  return parseOrThrow(spec.schema, raw, {
    where: (path) => `input '${path}'`,
    plural: 'inputs',
    title: 'Invalid input',
  });
}
