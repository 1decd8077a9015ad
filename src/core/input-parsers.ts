import { z } from 'zod';

/** Zod pieces for Actions inputs, which always arrive as strings. */

export const booleanInput = (defaultValue: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return defaultValue;
      const s = v.trim().toLowerCase();
      if (s === 'true') return true;
      if (s === 'false') return false;
      ctx.addIssue({ code: 'custom', message: `must be 'true' or 'false', got '${v}'` });
      return z.NEVER;
    });

/** Items separated by commas or newlines; blanks and `#` comment lines dropped. */
export function splitList(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'));
}

export const listInput = () =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined ? [] : splitList(v)));

/** `key=value` pairs separated by commas or newlines. */
export const keyValueInput = () =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const out: Record<string, string> = {};
      for (const item of v === undefined ? [] : splitList(v)) {
        const eq = item.indexOf('=');
        if (eq <= 0) {
          ctx.addIssue({ code: 'custom', message: `'${item}' is not key=value` });
          return z.NEVER;
        }
        out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
      }
      return out;
    });
