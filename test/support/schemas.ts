import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { parse } from 'yaml';
import { schemasDir } from './paths.js';

/** ajv set-ups for the upstream schemas in ../shared/schemas, as SOURCES.md describes. */

const K8S_KEYWORDS = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
];

type Schema = Record<string, unknown>;

// ajv-formats is CommonJS; its function is on `.default` both under NodeNext typing and at run time.
const addFormats = addFormatsPlugin.default;

/**
 * Adds `additionalProperties: false` to every object schema that lists `properties`, except
 * preserve-unknown-fields objects and maps, the way `kubectl apply --validate=strict` rejects
 * unknown fields. Without it a typo in a field name would pass.
 */
export function closeSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const s = schema as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    out[k] =
      k === 'properties'
        ? Object.fromEntries(Object.entries(v as Schema).map(([pk, pv]) => [pk, closeSchema(pv)]))
        : closeSchema(v);
  }
  if (
    s.properties &&
    s.additionalProperties === undefined &&
    s['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out.additionalProperties = false;
  }
  return out;
}

let crdAjv: Ajv | undefined;
function crdValidator(): Ajv {
  if (!crdAjv) {
    crdAjv = new Ajv({ strict: true, allErrors: true });
    addFormats(crdAjv);
    crdAjv.addVocabulary(K8S_KEYWORDS);
  }
  return crdAjv;
}

const crdCache = new Map<string, ValidateFunction>();

/**
 * A validator for one kind at one apiVersion from a CRD file under shared/schemas, closed against
 * unknown fields. `metadata` is checked separately with `validateObjectMeta`.
 */
export function crdSchemaValidator(relativeFile: string, version: string): ValidateFunction {
  const key = `${relativeFile}@${version}`;
  const cached = crdCache.get(key);
  if (cached) return cached;
  const crd = parse(readFileSync(join(schemasDir, relativeFile), 'utf8')) as {
    spec: {
      group: string;
      names: { kind: string };
      versions: { name: string; schema: { openAPIV3Schema: Schema } }[];
    };
  };
  const entry = crd.spec.versions.find((v) => v.name === version);
  if (!entry) throw new Error(`${relativeFile} has no version ${version}`);
  const closed = closeSchema(entry.schema.openAPIV3Schema) as Schema;
  const properties = { ...(closed.properties as Schema), metadata: { type: 'object' } };
  const schema = {
    ...closed,
    properties: {
      ...properties,
      apiVersion: { const: `${crd.spec.group}/${version}` },
      kind: { const: crd.spec.names.kind },
    },
    required: [
      ...new Set([
        ...((closed.required as string[] | undefined) ?? []),
        'apiVersion',
        'kind',
        'metadata',
        'spec',
      ]),
    ],
  };
  const validate = crdValidator().compile(schema);
  crdCache.set(key, validate);
  return validate;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** ObjectMeta checks the CRDs leave to the apiserver: name, namespace, label keys and values. */
export function validateObjectMeta(metadata: unknown): string[] {
  const errors: string[] = [];
  const m = (metadata ?? {}) as {
    name?: unknown;
    namespace?: unknown;
    labels?: Record<string, unknown>;
    annotations?: unknown;
  };
  const allowed = new Set(['name', 'namespace', 'labels', 'annotations']);
  for (const key of Object.keys(m))
    if (!allowed.has(key)) errors.push(`metadata.${key} is not expected in a manifest`);
  if (typeof m.name !== 'string' || m.name.length > 253 || !DNS_SUBDOMAIN.test(m.name))
    errors.push(`metadata.name '${String(m.name)}' is not a DNS subdomain`);
  if (
    m.namespace !== undefined &&
    (typeof m.namespace !== 'string' || m.namespace.length > 63 || !DNS_LABEL.test(m.namespace))
  )
    errors.push(`metadata.namespace '${JSON.stringify(m.namespace)}' is not a DNS label`);
  for (const [k, v] of Object.entries(m.labels ?? {})) {
    const name = k.includes('/') ? k.slice(k.indexOf('/') + 1) : k;
    if (name.length > 63 || !LABEL_VALUE.test(name) || name === '')
      errors.push(`metadata.labels key '${k}' is invalid`);
    if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v))
      errors.push(`metadata.labels['${k}'] value '${String(v)}' is invalid`);
  }
  return errors;
}

const jsonCache = new Map<string, ValidateFunction>();

interface TalosSchema {
  ajv: Ajv2020;
  id: string;
  defs: Record<string, { properties?: { kind?: { enum?: unknown[] } } }>;
}
const talosSchemas = new Map<string, TalosSchema>();

/**
 * The Talos machine-config schema (draft 2020-12) of one Talos version directory (e.g. 'v1.13.9'),
 * narrowed to the definition of one document's kind (`v1alpha1.Config` for the classic document
 * without `kind`), so multi-document configs and patches are checked document by document.
 */
export function talosDocumentValidator(version: string, doc: Record<string, unknown>): ValidateFunction {
  let entry = talosSchemas.get(version);
  if (!entry) {
    const ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: true });
    addFormats(ajv);
    ajv.addVocabulary(['markdownDescription', 'x-intellij-html-description']);
    const schema = JSON.parse(readFileSync(join(schemasDir, 'talos', version, 'config.schema.json'), 'utf8'));
    ajv.addSchema(schema);
    entry = { ajv, id: schema.$id, defs: schema.$defs };
    talosSchemas.set(version, entry);
  }
  const { defs } = entry;
  const key =
    doc.kind === undefined
      ? 'v1alpha1.Config'
      : Object.keys(defs).find((k) => defs[k]?.properties?.kind?.enum?.includes(doc.kind));
  if (!key) throw new Error(`Talos ${version} has no document kind ${String(doc.kind)}`);
  const validate = entry.ajv.getSchema(`${entry.id}#/$defs/${key}`);
  if (!validate) throw new Error(`cannot compile ${key}`);
  return validate;
}

/** A draft-07 JSON schema file under shared/schemas, checked leniently as upstream does (Cilium values, SchemaStore). */
export function jsonSchemaValidator(relativeFile: string): ValidateFunction {
  const cached = jsonCache.get(relativeFile);
  if (cached) return cached;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(join(schemasDir, relativeFile), 'utf8')));
  jsonCache.set(relativeFile, validate);
  return validate;
}

export function formatAjvErrors(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`)
    .join('\n');
}
