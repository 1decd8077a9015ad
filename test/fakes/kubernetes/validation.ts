import { createHash } from 'node:crypto';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import type { StatusCause } from './status.js';

/**
 * What kube-apiserver checks on a write: ObjectMeta (apimachinery pkg/api/validation/objectmeta.go)
 * and, for custom resources, the version's openAPIV3Schema (apiextensions-apiserver
 * pkg/apiserver/validation), after pruning fields the schema does not declare
 * (pkg/apiserver/schema/pruning). Errors become Status causes with the apiserver's reasons
 * (FieldValueRequired, FieldValueInvalid, FieldValueNotSupported, FieldValueTypeInvalid, …).
 */

const K8S_KEYWORDS = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
];

const addFormats = addFormatsPlugin.default;
let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function validatorFor(schema: unknown): ValidateFunction {
  const text = JSON.stringify(schema);
  const hash = createHash('sha1').update(text).digest('hex');
  let validate = compiled.get(hash);
  if (!validate) {
    if (!ajv) {
      ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
      addFormats(ajv);
      ajv.addVocabulary(K8S_KEYWORDS);
    }
    const root = JSON.parse(text) as Record<string, unknown>;
    // ObjectMeta is checked by validateObjectMeta, as the apiserver does for every kind.
    if (root.properties && typeof root.properties === 'object')
      root.properties = { ...root.properties, metadata: { type: 'object' } };
    validate = ajv.compile(root);
    compiled.set(hash, validate);
  }
  return validate;
}

const fieldOf = (instancePath: string, extra?: string) => {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  if (extra) out += out ? `.${extra}` : extra;
  return out;
};

function causeOf(error: ErrorObject, object: unknown): StatusCause {
  const params = error.params as Record<string, unknown>;
  const value = valueAtPointer(object, error.instancePath);
  const shown = JSON.stringify(value);
  switch (error.keyword) {
    case 'required':
      return {
        reason: 'FieldValueRequired',
        message: 'Required value',
        field: fieldOf(error.instancePath, String(params.missingProperty)),
      };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return {
        reason: 'FieldValueNotSupported',
        message: `Unsupported value: ${shown}: supported values: ${allowed}`,
        field: fieldOf(error.instancePath),
      };
    }
    case 'type':
      return {
        reason: 'FieldValueTypeInvalid',
        message: `Invalid value: ${shown}: ${fieldOf(error.instancePath)} in body must be of type ${String(params.type)}: ${shown}`,
        field: fieldOf(error.instancePath),
      };
    default:
      return {
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${shown}: ${fieldOf(error.instancePath)} in body ${error.message ?? 'is invalid'}`,
        field: fieldOf(error.instancePath),
      };
  }
}

function valueAtPointer(object: unknown, pointer: string): unknown {
  let node = object;
  for (const part of pointer.split('/').slice(1)) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

/** Schema errors of a custom resource, as Status causes (none when valid). */
export function schemaCauses(schema: unknown, object: unknown): StatusCause[] {
  const validate = validatorFor(schema);
  if (validate(object)) return [];
  const causes: StatusCause[] = [];
  for (const e of validate.errors ?? []) {
    // anyOf/oneOf report each branch and then themselves; the summary is enough.
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') continue;
    const cause = causeOf(e, object);
    if (!causes.some((c) => c.field === cause.field && c.message === cause.message)) causes.push(cause);
  }
  return causes;
}

type SchemaNode = Record<string, unknown>;

/**
 * Drops fields the schema does not declare, in place, and returns their paths
 * (`spec.foo`), as structural-schema pruning does; `x-kubernetes-preserve-unknown-fields` stops it.
 */
export function prune(schema: unknown, object: unknown): string[] {
  const unknown: string[] = [];
  const visit = (node: SchemaNode | undefined, value: unknown, path: string, root: boolean) => {
    if (!node || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      const items = node.items as SchemaNode | undefined;
      value.forEach((v, i) => visit(items, v, `${path}[${i}]`, false));
      return;
    }
    const record = value as Record<string, unknown>;
    const props = node.properties as Record<string, SchemaNode> | undefined;
    const additional = node.additionalProperties;
    for (const k of Object.keys(record)) {
      if (root && (k === 'apiVersion' || k === 'kind' || k === 'metadata')) continue;
      const child =
        props?.[k] ?? (additional && typeof additional === 'object' ? (additional as SchemaNode) : undefined);
      if (child) visit(child, record[k], path ? `${path}.${k}` : k, false);
      else if (additional === true || node['x-kubernetes-preserve-unknown-fields'] === true) continue;
      else {
        unknown.push(path ? `${path}.${k}` : k);
        delete record[k];
      }
    }
  };
  visit(schema as SchemaNode, object, '', true);
  return unknown;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** ObjectMeta checks: the name (a DNS label for namespaces, a subdomain otherwise), label keys and values. */
export function metadataCauses(metadata: Record<string, unknown>, nameIsLabel: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  const name = metadata.name;
  if (typeof name !== 'string' || !name)
    causes.push({
      reason: 'FieldValueRequired',
      message: 'Required value: name or generateName is required',
      field: 'metadata.name',
    });
  else if (
    nameIsLabel ? name.length > 63 || !DNS_LABEL.test(name) : name.length > 253 || !DNS_SUBDOMAIN.test(name)
  )
    causes.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: "${name}": ${nameIsLabel ? LABEL_MESSAGE : SUBDOMAIN_MESSAGE}`,
      field: 'metadata.name',
    });
  const labels = metadata.labels;
  if (labels !== undefined && labels !== null) {
    if (typeof labels !== 'object' || Array.isArray(labels))
      causes.push({
        reason: 'FieldValueTypeInvalid',
        message: 'Invalid value: must be a map of strings',
        field: 'metadata.labels',
      });
    else
      for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
        const slash = k.lastIndexOf('/');
        const prefix = slash >= 0 ? k.slice(0, slash) : '';
        const local = slash >= 0 ? k.slice(slash + 1) : k;
        if ((prefix && !DNS_SUBDOMAIN.test(prefix)) || local.length > 63 || !QUALIFIED_NAME.test(local))
          causes.push({
            reason: 'FieldValueInvalid',
            message: `Invalid value: "${k}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
            field: 'metadata.labels',
          });
        if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v))
          causes.push({
            reason: 'FieldValueInvalid',
            message: `Invalid value: ${JSON.stringify(v)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
            field: `metadata.labels`,
          });
      }
  }
  const annotations = metadata.annotations;
  if (annotations !== undefined && annotations !== null) {
    if (
      typeof annotations !== 'object' ||
      Array.isArray(annotations) ||
      Object.values(annotations).some((v) => typeof v !== 'string')
    )
      causes.push({
        reason: 'FieldValueTypeInvalid',
        message: 'Invalid value: annotations must be a map of strings',
        field: 'metadata.annotations',
      });
  }
  return causes;
}
