import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { schemasAvailable, schemasMissingReason } from '../support/paths.js';
import { apply, closeAll, cluster, statusOf } from './helpers.js';

afterEach(closeAll);

const config = (data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', namespace: 'default' },
  data,
});

async function rawApply(url: string, token: string, body: string, query = 'fieldManager=m') {
  const res = await fetch(`${url}/api/v1/namespaces/default/configmaps/c?${query}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/apply-patch+yaml' },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('server-side apply details', () => {
  it('words several conflicts per manager, naming an Update manager with its version and time', async () => {
    const { objects, core } = await cluster();
    await apply(objects, config({ a: '1', b: '2' }), 'talos-fleet');
    await core.patchNamespacedConfigMap(
      { name: 'c', namespace: 'default', fieldManager: 'kubectl-edit', body: { data: { b: '3', x: '9' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const status = await statusOf(apply(objects, config({ a: '2', b: '2', x: '0' }), 'other'));
    const edit = (
      await core.readNamespacedConfigMap({ name: 'c', namespace: 'default' })
    ).metadata?.managedFields?.find((m) => m.manager === 'kubectl-edit');
    const at = edit?.time?.toISOString().replace('.000Z', 'Z') ?? '';
    expect(status.message).toBe(
      [
        'Apply failed with 3 conflicts: conflicts with "kubectl-edit" using v1 at ' + at + ':',
        '- .data.b',
        '- .data.x',
        'conflicts with "talos-fleet":',
        '- .data.a',
      ].join('\n'),
    );
    expect(status.details).toEqual({
      causes: [
        { reason: 'FieldManagerConflict', message: 'conflict with "talos-fleet"', field: '.data.a' },
        {
          reason: 'FieldManagerConflict',
          message: `conflict with "kubectl-edit" using v1 at ${at}`,
          field: '.data.b',
        },
        {
          reason: 'FieldManagerConflict',
          message: `conflict with "kubectl-edit" using v1 at ${at}`,
          field: '.data.x',
        },
      ],
    });
  });

  it('refuses managedFields in the configuration and a version other than the URL', async () => {
    const { api } = await cluster();
    const withFields = await rawApply(
      api.url,
      api.token,
      JSON.stringify({ ...config({}), metadata: { name: 'c', managedFields: [{ manager: 'x' }] } }),
    );
    expect(withFields).toMatchObject({
      status: 400,
      body: { reason: 'BadRequest', message: 'metadata.managedFields must be nil' },
    });
    const res = await fetch(
      `${api.url}/apis/cluster.x-k8s.io/v1beta2/namespaces/default/machines/m?fieldManager=m`,
      {
        method: 'PATCH',
        headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/apply-patch+yaml' },
        body: 'apiVersion: cluster.x-k8s.io/v1beta1\nkind: Machine\nmetadata:\n  name: m\nspec:\n  clusterName: c\n',
      },
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe(
      'Incorrect version specified in apply patch. Specified patch version: cluster.x-k8s.io/v1beta1, expected: cluster.x-k8s.io/v1beta2',
    );
  });

  it('accepts YAML bodies and answers 201 on create, 200 after', async () => {
    const { api } = await cluster();
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n';
    expect((await rawApply(api.url, api.token, yaml)).status).toBe(201);
    const again = await rawApply(api.url, api.token, yaml);
    expect(again.status).toBe(200);
  });

  it('applies to the status subresource under its own manager entry', async () => {
    const { objects, api } = await cluster({ crdSchemas: false });
    const machine = {
      apiVersion: 'cluster.x-k8s.io/v1beta2',
      kind: 'Machine',
      metadata: { name: 'm', namespace: 'default' },
    };
    await apply(objects, { ...machine, spec: { clusterName: 'c' } }, 'talos-fleet');
    const res = await fetch(
      `${api.url}/apis/cluster.x-k8s.io/v1beta2/namespaces/default/machines/m/status?fieldManager=capi&force=true`,
      {
        method: 'PATCH',
        headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/apply-patch+yaml' },
        body: JSON.stringify({ ...machine, spec: { clusterName: 'ignored' }, status: { phase: 'Running' } }),
      },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      spec: unknown;
      status: unknown;
      metadata: { managedFields: { manager: string; subresource?: string }[] };
    };
    expect(body.spec).toEqual({ clusterName: 'c' });
    expect(body.status).toEqual({ phase: 'Running' });
    expect(body.metadata.managedFields.map((m) => [m.manager, m.subresource])).toEqual([
      ['talos-fleet', undefined],
      ['capi', 'status'],
    ]);
  });

  it('owns and replaces an atomic map whole', async () => {
    const { objects, api } = await cluster({ crdSchemas: false });
    api.store.create({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'refs.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Ref', plural: 'refs', singular: 'ref' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: {
                    type: 'object',
                    properties: {
                      target: {
                        type: 'object',
                        'x-kubernetes-map-type': 'atomic',
                        properties: {
                          kind: { type: 'string' },
                          name: { type: 'string' },
                          apiVersion: { type: 'string' },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        ],
      },
    });
    const ref = (target: Record<string, string>) => ({
      apiVersion: 'example.com/v1',
      kind: 'Ref',
      metadata: { name: 'r', namespace: 'default' },
      spec: { target },
    });
    await apply(objects, ref({ kind: 'A', name: 'a', apiVersion: 'x/v1' }), 'talos-fleet');
    const after = await apply(objects, ref({ kind: 'B', name: 'b' }), 'talos-fleet');
    expect(after.spec).toEqual({ target: { kind: 'B', name: 'b' } });
    expect(after.metadata.managedFields?.[0]?.fieldsV1).toEqual({ 'f:spec': { 'f:target': {} } });
  });

  it.skipIf(!schemasAvailable)(
    `reads list types from the CAPI schemas${schemasAvailable ? '' : ` (${schemasMissingReason})`}`,
    async () => {
      const { objects } = await cluster();
      const md = (classes: Record<string, unknown>[]) => ({
        apiVersion: 'cluster.x-k8s.io/v1beta2',
        kind: 'MachineDeployment',
        metadata: { name: 'md', namespace: 'default' },
        spec: {
          clusterName: 'c',
          selector: { matchLabels: { a: 'b' } },
          template: {
            metadata: { labels: { a: 'b' } },
            spec: {
              clusterName: 'c',
              bootstrap: {
                configRef: { apiGroup: 'bootstrap.cluster.x-k8s.io', kind: 'TalosConfigTemplate', name: 't' },
              },
              infrastructureRef: {
                apiGroup: 'infrastructure.cluster.x-k8s.io',
                kind: 'GCPMachineTemplate',
                name: 'g',
              },
              readinessGates: classes,
            },
          },
        },
      });
      await apply(objects, md([{ conditionType: 'A' }]), 'talos-fleet');
      const merged = await apply(objects, md([{ conditionType: 'B' }]), 'other');
      // readinessGates is a map list keyed by conditionType: both managers' items are kept.
      const gates = (
        merged.spec as { template: { spec: { readinessGates: { conditionType: string }[] } } }
      ).template.spec.readinessGates.map((g) => g.conditionType);
      expect(gates).toEqual(['A', 'B']);
    },
  );
});
