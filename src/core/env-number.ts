import { UserError } from './user-error.js';

/** The one parser of numeric settings from the environment (TALOS_FLEET_*): the env is passed in, so core stays pure. */
export interface EnvNumberOptions {
  /** Used when the variable is unset or empty. */
  fallback: number;
  min?: number;
  max?: number;
  integer?: boolean;
  /** The value must be a multiple of this (e.g. GCS upload chunks of 256 KiB). */
  multipleOf?: number;
}

/**
 * The variable's number, or `fallback` when unset or empty. Anything else that is not a number in
 * range is an error naming the variable, never a silent fallback: a typo in a tuning knob would
 * otherwise go unnoticed.
 */
export function envNumber(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  options: EnvNumberOptions,
): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return options.fallback;
  const value = Number(raw);
  const { min, max, integer, multipleOf } = options;
  const wanted = [
    integer ? 'an integer' : 'a number',
    min === undefined ? '' : ` ≥ ${min}`,
    max === undefined ? '' : ` ≤ ${max}`,
    multipleOf === undefined ? '' : `, a multiple of ${multipleOf}`,
  ].join('');
  const ok =
    /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw) &&
    Number.isFinite(value) &&
    (!integer || Number.isSafeInteger(value)) &&
    (min === undefined || value >= min) &&
    (max === undefined || value <= max) &&
    (multipleOf === undefined || value % multipleOf === 0);
  if (!ok)
    throw new UserError(`environment variable ${name} must be ${wanted}, got '${raw.slice(0, 40)}'`, {
      fix: `unset ${name} (the default is ${options.fallback}) or set it to ${wanted}`,
      title: name,
    });
  return value;
}
