import { Storage } from '@google-cloud/storage';
import { OAuth2Client } from 'google-auth-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gcsCaStore } from '../../src/adapters/gcs/ca-object.js';
import { generateFleetCa } from '../../src/adapters/x509/fleet-ca.js';
import { caObjectName } from '../../src/core/mesh/ca.js';
import { FakeGcs } from '../fakes/gcs/server.js';

const policy = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };
const labels = { 'talos-fleet': 'pr-42', 'managed-by': 'talos-fleet' };

describe('the fleet CA in the state bucket', () => {
  let gcs: FakeGcs;
  let storage: Storage;
  beforeEach(async () => {
    gcs = await new FakeGcs().start();
    const authClient = new OAuth2Client();
    authClient.setCredentials({ access_token: 'ya29.fake-token-for-tests' });
    storage = new Storage({
      apiEndpoint: gcs.url,
      projectId: 'acme-ci',
      authClient,
      useAuthWithCustomEndpoint: true,
      retryOptions: { autoRetry: false },
    });
  });
  afterEach(() => gcs.close());

  const store = (bucket = 'acme-fleet-state') =>
    gcsCaStore({ storage, bucket, fleet: 'pr-42', location: 'US', labels, policy, onRetry: () => undefined });

  it('is created once with uniform access and the fleet labels, and read back by later jobs', async () => {
    const s = store();
    expect(await s.load()).toBeUndefined();
    const ca = await generateFleetCa({ fleet: 'pr-42', now: new Date() });
    expect(await s.create(ca)).toBe('created');
    expect(gcs.buckets.get('acme-fleet-state')).toMatchObject({ uniform: true, labels });
    expect(gcs.objects.get(`acme-fleet-state/${caObjectName('pr-42')}`)?.metadata).toMatchObject(labels);
    expect(await store().load()).toEqual(ca);
    // A second job racing to create its own keeps the first one.
    const other = await generateFleetCa({ fleet: 'pr-42', now: new Date() });
    expect(await store().create(other)).toBe('exists');
    expect(await store().load()).toEqual(ca);
    expect(s.where).toBe('gs://acme-fleet-state/talos-fleet/pr-42/mesh-ca.json');
  });

  it('refuses a bucket without uniform bucket-level access', async () => {
    await storage.createBucket('legacy-acl');
    const ca = await generateFleetCa({ fleet: 'pr-42', now: new Date() });
    await expect(store('legacy-acl').create(ca)).rejects.toThrow(/does not use uniform bucket-level access/);
  });
});
