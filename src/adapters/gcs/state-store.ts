import type { Storage } from '@google-cloud/storage';
import { describeError } from '../../core/http-error.js';
import type { StateStorePort } from '../../core/janitor/ports.js';
import { STATE_PREFIX, stateObjectOf } from '../../core/janitor/state-objects.js';
import type { RetryPolicy } from '../../core/retry-policy.js';
import { UserError } from '../../core/user-error.js';
import { httpStatus, isTransient } from '../http-errors.js';
import { retryingCall } from '../retry.js';

/**
 * The fleets' objects in the state bucket, as the janitor and teardown see them: everything under
 * `talos-fleet/` whose metadata marks it as a fleet's (one list call per 1,000 objects; the
 * metadata comes with the listing).
 */
export function gcsStateStore(options: {
  storage: Storage;
  bucket: string;
  /** Only this fleet's prefix (teardown); default every fleet's. */
  prefix?: string;
  policy: RetryPolicy;
  onRetry: (message: string) => void;
}): StateStorePort {
  const bucket = options.storage.bucket(options.bucket);
  const call = <T>(what: string, fn: () => Promise<T>) =>
    retryingCall(what, fn, {
      policy: options.policy,
      retryable: isTransient,
      describe: describeError,
      log: options.onRetry,
    }).catch((error: unknown) => {
      const status = httpStatus(error);
      throw new UserError(`${what} failed: ${describeError(error)}`, {
        fix:
          status === 403
            ? `give the identity roles/storage.objectAdmin on gs://${options.bucket} (docs/iam.md)`
            : status === 404
              ? `check the state-bucket input: gs://${options.bucket} does not exist`
              : 're-run; the sweep continues where it stopped',
        title: 'state-bucket',
        cause: error,
      });
    });
  return {
    bucket: options.bucket,
    async list() {
      const [files] = await call(`listing gs://${options.bucket}/${options.prefix ?? STATE_PREFIX}`, () =>
        bucket.getFiles({ prefix: options.prefix ?? STATE_PREFIX, autoPaginate: true }),
      );
      return files.flatMap(
        (f) => stateObjectOf(f.name, f.metadata.metadata as Record<string, unknown> | undefined) ?? [],
      );
    },
    async remove(name) {
      await call(`deleting gs://${options.bucket}/${name}`, async () => {
        try {
          await bucket.file(name).delete();
        } catch (error) {
          if (httpStatus(error) !== 404) throw error;
        }
      });
    },
  };
}
