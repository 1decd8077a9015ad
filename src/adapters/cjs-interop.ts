/**
 * A dynamically imported CommonJS package: Node gives named exports plus `default` (the whole
 * `module.exports`); an esbuild bundle gives only `default`. Both have `default`, so read that.
 */
export function cjsExports<T extends object>(mod: T): T {
  const def = (mod as { default?: unknown }).default;
  return (def && typeof def === 'object' ? def : mod) as T;
}
