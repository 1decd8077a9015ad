import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parseStatusDocument, parseStatusJson } from '../../src/core/status/parse.js';
import { statusJsonSchemaText } from '../../src/core/status/json-schema.js';
import { FLEET_STAGES, statusDocumentSchema } from '../../src/core/status/schema.js';
import { isSecretKey, REDACTED, stripSecrets } from '../../src/core/status/secrets.js';
import { UserError } from '../../src/core/user-error.js';
import { addError, setClusterCondition, setStage } from '../../src/core/status/update.js';
import { fileStatusSink, startStatusFile } from '../../src/runtime/status-file-sink.js';
import { readStatusFile } from '../../src/runtime/status-report.js';
import { repoRoot } from '../support/paths.js';

const examplesDir = join(repoRoot, 'examples/status');
const schemaFile = join(repoRoot, 'schemas/status.schema.json');

describe('status document schema', () => {
  it("schemas/status.schema.json is generated from the zod schema (run 'npm run schemas' when this fails)", async () => {
    expect(JSON.parse(await readFile(schemaFile, 'utf8'))).toEqual(JSON.parse(statusJsonSchemaText()));
  });

  it('has one example per stage, each valid for both zod and the published JSON Schema', async () => {
    const files = (await readdir(examplesDir)).sort();
    expect(files).toEqual(FLEET_STAGES.map((stage) => `${stage}.json`).sort());
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormatsPlugin.default(ajv);
    const validate = ajv.compile(JSON.parse(await readFile(schemaFile, 'utf8')));
    for (const file of files) {
      const raw = JSON.parse(await readFile(join(examplesDir, file), 'utf8'));
      expect(validate(raw), `${file}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      const { document } = parseStatusDocument(raw, file);
      expect(document.stage).toBe(file.replace('.json', ''));
      // The example's written state is the one its conditions give.
      expect(raw.clusters.map((c: { state: string }) => c.state)).toEqual(
        document.clusters.map((c) => c.state),
      );
    }
  });

  it('names no field of its own like a secret (so stripping never drops real data)', () => {
    const keys = new Set<string>();
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === 'properties') Object.keys(x as object).forEach((p) => keys.add(p));
          walk(x);
        }
      }
    };
    walk(JSON.parse(statusJsonSchemaText()));
    expect(keys.size).toBeGreaterThan(30);
    expect([...keys].filter(isSecretKey)).toEqual([]);
  });

  it('reports every problem with its path in one UserError', () => {
    let error: unknown;
    try {
      parseStatusDocument(
        { schemaVersion: 1, fleet: '', stage: 'exploded', clusters: [{ name: 'a' }] },
        'status.json',
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    const text = (error as UserError).describe();
    for (const path of [
      'fleet',
      'stage',
      'startedAt',
      'updatedAt',
      'clusters[0].region',
      'clusters[0].nodes',
    ]) {
      expect(text).toContain(`${path}:`);
    }
  });

  it('never quotes the file in a JSON syntax error (it could hold a secret)', () => {
    expect(() => parseStatusJson('{"token": "ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ" oops', 'status.json')).toThrow(
      /^status\.json is not valid JSON( \(at character \d+\))?$/,
    );
  });
});

describe('secret stripping', () => {
  it('drops credential fields anywhere and redacts credential-looking text', () => {
    const { value, removed } = stripSecrets({
      fleet: 'f',
      kubeconfig: 'x',
      clusters: [
        { name: 'a', talosconfig: 'x', adminToken: 'x', nested: { privateKey: 'x', client_key: 'x' } },
      ],
      errors: [
        {
          message: 'token is ghp_0123456789abcdefghijABCDEFGHIJ0123 ok',
          diagnostics: 'x-goog: ya29.abcdefghijklmnopqrstuvwxyz012345',
        },
      ],
    });
    expect(value).toEqual({
      fleet: 'f',
      clusters: [{ name: 'a', nested: {} }],
      errors: [{ message: `token is ${REDACTED} ok`, diagnostics: `x-goog: ${REDACTED}` }],
    });
    expect(removed).toEqual([
      'kubeconfig',
      'clusters[0].talosconfig',
      'clusters[0].adminToken',
      'clusters[0].nested.privateKey',
      'clusters[0].nested.client_key',
      'errors[0].message',
      'errors[0].diagnostics',
    ]);
  });
});

describe('status-report (the library other steps write with)', () => {
  it('writes validated, secret-free documents atomically and updates them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tf-status-'));
    try {
      const file = join(dir, 'nested/status.json');
      const planned = statusDocumentSchema.parse(
        JSON.parse(await readFile(join(examplesDir, 'planned.json'), 'utf8')),
      );
      await startStatusFile(file, { ...planned, kubeconfig: 'apiVersion: v1' } as typeof planned);
      const sink = fileStatusSink(file);
      const at = new Date('2026-11-24T10:02:00Z');
      const after = await sink.update((current) =>
        addError(
          setClusterCondition(
            setStage(current, 'provisioning', at),
            current.clusters[0]!.name,
            { type: 'InfrastructureReady', status: 'False', reason: 'Creating' },
            at,
          ),
          { step: 'provision', message: 'boom' },
          at,
        ),
      );
      expect(after.stage).toBe('failed');
      expect(after.updatedAt).toBe('2026-11-24T10:02:00Z');
      const text = await readFile(file, 'utf8');
      expect(text).not.toContain('kubeconfig');
      expect((await readStatusFile(file)).clusters[0]?.state).toBe('provisioning');
      expect(await readdir(join(dir, 'nested'))).toEqual(['status.json']);
      await expect(sink.update((c) => ({ ...c, stage: 'exploded' as 'ready' }))).rejects.toBeInstanceOf(
        UserError,
      );
      await expect(fileStatusSink(join(dir, 'missing.json')).update((c) => c)).rejects.toThrow(
        /no status document/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('docs/status.md', () => {
  it('documents every field of the published schema', async () => {
    const doc = await readFile(join(repoRoot, 'docs/status.md'), 'utf8');
    const paths: string[] = [];
    const walk = (schema: Record<string, unknown>, prefix: string) => {
      const props = schema.properties as Record<string, Record<string, unknown>> | undefined;
      for (const [name, sub] of Object.entries(props ?? {})) {
        const path = prefix ? `${prefix}.${name}` : name;
        paths.push(path);
        const items = sub.items as Record<string, unknown> | undefined;
        if (items?.properties) walk(items, `${path}[]`);
        if (sub.properties) walk(sub, path);
      }
    };
    walk(JSON.parse(statusJsonSchemaText()), '');
    expect(paths.length).toBeGreaterThan(40);
    expect(paths.filter((p) => !doc.includes(`\`${p}\``))).toEqual([]);
  });
});
