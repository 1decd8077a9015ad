import type { Storage } from '@google-cloud/storage';
import { caFromJson, caObjectName, caToJson } from '../../core/mesh/ca.js';
import type { CaStorePort } from '../../core/mesh/ports.js';
import type { RetryPolicy } from '../../core/retry-policy.js';
import { UserError } from '../../core/user-error.js';
import { describeError as apiMessage } from '../../core/http-error.js';
import { httpStatus, isTransient } from '../http-errors.js';
import { retryingCall } from '../retry.js';

/**
 * The fleet CA as one JSON object in the state bucket, `talos-fleet/<fleet>/mesh-ca.json`. The
 * bucket is created when missing with uniform bucket-level access (no object ACLs can expose the
 * key) and the fleet's labels; an existing bucket without uniform access is refused. The object is
 * written with `ifGenerationMatch: 0`, so of two jobs racing only one CA is ever stored.
 */
export function gcsCaStore(options: {
  storage: Storage;
  bucket: string;
  fleet: string;
  location: string;
  labels: Record<string, string>;
  policy: RetryPolicy;
  onRetry: (message: string) => void;
}): CaStorePort {
  const { storage, bucket } = options;
  const object = caObjectName(options.fleet);
  const where = `gs://${bucket}/${object}`;
  const call = <T>(what: string, fn: () => Promise<T>) =>
    retryingCall(what, fn, {
      policy: options.policy,
      retryable: isTransient,
      describe: apiMessage,
      log: options.onRetry,
    });
  const failed = (what: string, error: unknown) =>
    new UserError(`${what} failed: ${apiMessage(error)}`, {
      fix:
        httpStatus(error) === 403
          ? `give the job's service account roles/storage.objectAdmin on gs://${bucket} (and storage.buckets.create on the project to create it)`
          : 're-run; if it persists, check the state-bucket',
      title: 'state-bucket',
      cause: error,
    });

  async function ensureBucket(): Promise<void> {
    try {
      const [meta] = await call(`reading bucket ${bucket}`, () => storage.bucket(bucket).getMetadata());
      if (meta.iamConfiguration?.uniformBucketLevelAccess?.enabled !== true)
        throw new UserError(
          `The state-bucket gs://${bucket} does not use uniform bucket-level access, so object ACLs could expose the fleet CA's key.`,
          {
            fix: `enable it (gcloud storage buckets update gs://${bucket} --uniform-bucket-level-access) or use another bucket`,
            title: 'state-bucket',
          },
        );
      return;
    } catch (error) {
      if (error instanceof UserError) throw error;
      if (httpStatus(error) !== 404) throw failed(`Reading gs://${bucket}`, error);
    }
    try {
      await call(`creating bucket ${bucket}`, () =>
        storage.createBucket(bucket, {
          location: options.location,
          labels: options.labels,
          iamConfiguration: { uniformBucketLevelAccess: { enabled: true } },
        }),
      );
    } catch (error) {
      if (httpStatus(error) !== 409) throw failed(`Creating gs://${bucket}`, error);
    }
  }

  return {
    where,
    async load() {
      try {
        const [bytes] = await call(`reading ${where}`, () => storage.bucket(bucket).file(object).download());
        const ca = caFromJson(bytes.toString('utf8'));
        if (!ca)
          throw new UserError(`${where} is not a talos-fleet mesh CA.`, {
            fix: `delete ${where} and re-run (a new CA is made and installed everywhere)`,
            title: 'state-bucket',
          });
        return ca;
      } catch (error) {
        if (error instanceof UserError) throw error;
        if (httpStatus(error) === 404) return undefined;
        throw failed(`Reading ${where}`, error);
      }
    },
    async create(ca) {
      await ensureBucket();
      try {
        await call(`writing ${where}`, () =>
          storage
            .bucket(bucket)
            .file(object)
            .save(caToJson(ca), {
              resumable: false,
              contentType: 'application/json',
              metadata: { metadata: { ...options.labels, 'talos-fleet-kind': 'mesh-ca' } },
              preconditionOpts: { ifGenerationMatch: 0 },
            }),
        );
        return 'created';
      } catch (error) {
        if (httpStatus(error) === 412) return 'exists';
        throw failed(`Writing ${where}`, error);
      }
    },
  };
}
