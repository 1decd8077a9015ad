import * as core from '@actions/core';

/** Reads a secret from the environment and masks it at once. */
export function readSecretEnv(name: string): string | undefined {
  const value = process.env[name];
  if (value) core.setSecret(value);
  return value === '' ? undefined : value;
}

/** Masks a secret obtained at run time (a minted token, a generated key). Multi-line values are masked line by line too. */
export function maskSecret(value: string): void {
  if (!value) return;
  core.setSecret(value);
  for (const line of value.split(/\r?\n/)) if (line.trim().length >= 8) core.setSecret(line.trim());
}
