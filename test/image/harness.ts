import { FakeCompute } from '../fakes/compute/server.js';
import { FakeGcs } from '../fakes/gcs/server.js';
import { FakeImageFactory } from '../fakes/image-factory/server.js';
import { runDist, type RunDistOptions, type RunDistResult } from '../support/run-dist.js';

export const PROJECT = 'acme-ci';
export const TOKEN = 'ya29.fake-token-for-tests';
export const EMPTY_ID = '376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba';

export interface Fakes {
  factory: FakeImageFactory;
  gcs: FakeGcs;
  compute: FakeCompute;
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startFakes(): Promise<Fakes> {
  const factory = await new FakeImageFactory().start();
  const gcs = await new FakeGcs().start();
  const compute = await new FakeCompute(PROJECT).start();
  compute.sourceExists = (source) => {
    const m = /^https:\/\/storage\.googleapis\.com\/([^/]+)\/(.+)$/.exec(source);
    return !!m && !!gcs.object(m[1] ?? '', decodeURIComponent(m[2] ?? ''));
  };
  return {
    factory,
    gcs,
    compute,
    env: {
      TALOS_FLEET_GCS_ENDPOINT: gcs.url,
      TALOS_FLEET_COMPUTE_ENDPOINT: compute.url,
      GOOGLE_OAUTH_ACCESS_TOKEN: TOKEN,
      TALOS_FLEET_RETRY_BASE_MS: '5',
      TALOS_FLEET_RETRY_MAX_MS: '20',
      TALOS_FLEET_GCS_CHUNK_BYTES: String(256 * 1024),
    },
    async close() {
      await Promise.all([factory.close(), gcs.close(), compute.close()]);
    },
  };
}

export function runImage(
  fakes: Fakes,
  inputs: Record<string, string>,
  options: RunDistOptions = {},
): Promise<RunDistResult> {
  return runDist('image', {
    ...options,
    inputs: { 'talos-version': 'v1.13.9', project: PROJECT, 'factory-url': fakes.factory.url, ...inputs },
    env: { ...fakes.env, ...options.env },
  });
}
