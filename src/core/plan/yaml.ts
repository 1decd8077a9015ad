import { stringify } from 'yaml';

/** YAML 1.1 quoting, as Helm and kubectl (go-yaml) read it: a cluster named `no` stays a string. */
export const yamlDoc = (value: unknown) =>
  stringify(value, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false });

/** Several documents in one stream, separated by `---`. */
export const yamlDocs = (values: readonly unknown[]) => values.map(yamlDoc).join('---\n');
