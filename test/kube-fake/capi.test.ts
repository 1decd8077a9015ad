import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CAPI_KINDS } from '../fakes/kubernetes/fake-kube.js';
import { schemasAvailable, schemasDir, schemasMissingReason } from '../support/paths.js';
import { apply, closeAll, cluster, statusOf } from './helpers.js';

afterEach(closeAll);

const gcpCluster = (spec: Record<string, unknown>) => ({
  apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta1',
  kind: 'GCPCluster',
  metadata: { name: 'c1', namespace: 'default' },
  spec,
});

const clusterV1beta2 = (infrastructureRef: Record<string, unknown>) => ({
  apiVersion: 'cluster.x-k8s.io/v1beta2',
  kind: 'Cluster',
  metadata: { name: 'c1', namespace: 'default' },
  spec: {
    infrastructureRef,
    controlPlaneRef: { apiGroup: 'controlplane.cluster.x-k8s.io', kind: 'TalosControlPlane', name: 'c1-cp' },
  },
});

describe.skipIf(!schemasAvailable)(
  `Cluster API kinds validated against ../shared/schemas${schemasAvailable ? '' : ` (${schemasMissingReason})`}`,
  () => {
    it('agrees with the CRD files on group, kind, plural, scope and served versions', () => {
      for (const info of CAPI_KINDS) {
        if (!info.crd?.file) continue;
        const crd = parse(readFileSync(join(schemasDir, info.crd.file), 'utf8'));
        const served = crd.spec.versions
          .filter((v: { served: boolean }) => v.served)
          .map((v: { name: string }) => v.name);
        const storage = crd.spec.versions.find((v: { storage: boolean }) => v.storage).name;
        expect({
          group: info.group,
          kind: info.kind,
          plural: info.plural,
          namespaced: info.namespaced,
        }).toEqual({
          group: crd.spec.group,
          kind: crd.spec.names.kind,
          plural: crd.spec.names.plural,
          namespaced: crd.spec.scope === 'Namespaced',
        });
        expect([...info.versions].sort()).toEqual([...served].sort());
        expect(info.versions[0]).toBe(storage);
      }
    });

    it('answers 422 with Status causes for a v1beta1-style reference in a v1beta2 Cluster', async () => {
      const { objects } = await cluster();
      const status = await statusOf(
        apply(
          objects,
          clusterV1beta2({
            apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta1',
            kind: 'GCPCluster',
            name: 'c1',
          }),
          'talos-fleet',
          false,
        ),
      );
      expect(status).toMatchObject({
        kind: 'Status',
        reason: 'Invalid',
        code: 422,
        details: { name: 'c1', group: 'cluster.x-k8s.io', kind: 'Cluster' },
      });
      expect(status.details?.causes).toEqual(
        expect.arrayContaining([
          {
            reason: 'FieldValueRequired',
            message: 'Required value',
            field: 'spec.infrastructureRef.apiGroup',
          },
        ]),
      );
      expect(status.message).toContain('Cluster.cluster.x-k8s.io "c1" is invalid');

      const ok = await apply(
        objects,
        clusterV1beta2({ apiGroup: 'infrastructure.cluster.x-k8s.io', kind: 'GCPCluster', name: 'c1' }),
        'talos-fleet',
        false,
      );
      expect(ok.metadata.uid).toBeDefined();
    });

    it('validates the served older version against its own schema', async () => {
      const { objects } = await cluster();
      const v1beta1 = await objects.create({
        apiVersion: 'cluster.x-k8s.io/v1beta1',
        kind: 'Cluster',
        metadata: { name: 'old', namespace: 'default' },
        spec: {
          infrastructureRef: {
            apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta1',
            kind: 'GCPCluster',
            name: 'old',
          },
        },
      });
      expect(v1beta1.apiVersion).toBe('cluster.x-k8s.io/v1beta1');
    });

    it('requires GCPCluster project and region, and prunes unknown fields with a warning', async () => {
      const { objects, api } = await cluster();
      const missing = await statusOf(objects.create(gcpCluster({ network: { name: 'n' } })));
      expect(missing.details?.causes?.map((c) => c.field).sort()).toEqual(['spec.project', 'spec.region']);
      const res = await fetch(
        `${api.url}/apis/infrastructure.cluster.x-k8s.io/v1beta1/namespaces/default/gcpclusters`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(gcpCluster({ project: 'p', region: 'europe-west4', regoin: 'typo' })),
        },
      );
      expect(res.status).toBe(201);
      expect(res.headers.get('warning')).toBe('299 - "unknown field \\"spec.regoin\\""');
      expect(((await res.json()) as { spec: Record<string, unknown> }).spec).toEqual({
        project: 'p',
        region: 'europe-west4',
      });
      const strict = await fetch(
        `${api.url}/apis/infrastructure.cluster.x-k8s.io/v1beta1/namespaces/default/gcpclusters?fieldValidation=Strict`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            ...gcpCluster({ project: 'p', region: 'r', regoin: 'typo' }),
            metadata: { name: 'c2' },
          }),
        },
      );
      expect(strict.status).toBe(400);
      expect(await strict.json()).toMatchObject({
        reason: 'BadRequest',
        message: 'strict decoding error: unknown field "spec.regoin"',
      });
    });

    it('validates status writes too', async () => {
      const { objects, api } = await cluster();
      await objects.create(gcpCluster({ project: 'p', region: 'r' }));
      expect(() =>
        api.store.updateStatus('infrastructure.cluster.x-k8s.io/v1beta1', 'GCPCluster', 'default', 'c1', {
          ready: 'yes',
        }),
      ).toThrow(/status.ready/);
      const ok = api.store.updateStatus(
        'infrastructure.cluster.x-k8s.io/v1beta1',
        'GCPCluster',
        'default',
        'c1',
        { ready: true },
      );
      expect(ok.status).toEqual({ ready: true });
    });
  },
);

describe('Cluster API kinds without the schemas', () => {
  it('serves every kind with open schemas when crdSchemas is off', async () => {
    const { objects } = await cluster({ crdSchemas: false });
    const created = await objects.create(gcpCluster({ anything: true }));
    expect(created.spec).toEqual({ anything: true });
    const provider = await objects.create({
      apiVersion: 'clusterctl.cluster.x-k8s.io/v1alpha3',
      kind: 'Provider',
      metadata: {
        name: 'infrastructure-gcp',
        namespace: 'default',
        labels: { 'clusterctl.cluster.x-k8s.io': '' },
      },
      providerName: 'gcp',
      type: 'InfrastructureProvider',
      version: 'v1.12.0',
    });
    expect(provider).toMatchObject({ providerName: 'gcp', version: 'v1.12.0' });
  });
});
