import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeServer, type FakeRequest, sendGoogleError, sendJson } from '../http/fake-server.js';

/**
 * A loopback Compute Engine API for images, as @googleapis/compute drives it: images
 * get/insert/delete under /compute/v1/projects/<p>/global/images, and global operations get and
 * wait. Insert answers a RUNNING operation at once and leaves the image PENDING until the
 * operation finishes; a taken name answers 409 alreadyExists, as GCE does.
 */

export interface FakeImage {
  name: string;
  status: 'PENDING' | 'READY' | 'FAILED' | 'DELETING';
  body: Record<string, unknown>;
  creationTimestamp: string;
}

interface Operation {
  name: string;
  operationType: 'insert' | 'delete';
  targetLink: string;
  status: 'PENDING' | 'RUNNING' | 'DONE';
  progress: number;
  error: { errors: { code: string; message: string }[] } | undefined;
  done: Promise<void>;
}

const NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

export class FakeCompute extends FakeServer {
  readonly images = new Map<string, FakeImage>();
  readonly operations = new Map<string, Operation>();
  /** How long an insert or delete takes. */
  operationMs = 60;
  /** How long `wait` holds before answering a still-running operation (GCE: up to 2 minutes). */
  waitCapMs = 500;
  /** Whether the rawDisk.source object exists; default yes. An insert from a missing object fails in its operation. */
  sourceExists: (source: string) => boolean = () => true;
  private seq = 0;

  constructor(readonly project = 'acme-ci') {
    super();
    const base = '/compute/v1/projects/:project/global';
    this.route('GET', `${base}/images/:image`, (req, res) => {
      if (!this.check(req, res)) return;
      const image = this.images.get(req.params.image ?? '');
      if (!image) return this.notFound(res, `images/${req.params.image ?? ''}`);
      sendJson(res, 200, this.imageJson(image));
    });
    this.route('POST', `${base}/images`, async (req, res) => {
      if (!this.check(req, res)) return;
      const body = await req.json<Record<string, unknown>>();
      const name = typeof body.name === 'string' ? body.name : '';
      if (!NAME.test(name))
        return sendGoogleError(
          res,
          400,
          'invalid',
          `Invalid value for field 'resource.name': '${name}'. Must be a match of regex '(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?|[1-9][0-9]{0,19})'`,
        );
      const source = (body.rawDisk as { source?: unknown } | undefined)?.source;
      if (typeof source !== 'string')
        return sendGoogleError(
          res,
          400,
          'required',
          "Required field 'resource.rawDisk.source' not specified",
        );
      if (this.images.has(name))
        return sendGoogleError(
          res,
          409,
          'alreadyExists',
          `The resource 'projects/${this.project}/global/images/${name}' already exists`,
        );
      const image: FakeImage = { name, status: 'PENDING', body, creationTimestamp: new Date().toISOString() };
      this.images.set(name, image);
      const failure = this.sourceExists(source)
        ? undefined
        : `The resource '${source}' of type 'GCS object' was not found.`;
      const op = this.startOperation(
        'insert',
        name,
        () => {
          image.status = failure ? 'FAILED' : 'READY';
        },
        failure,
      );
      sendJson(res, 200, this.operationJson(op));
    });
    this.route('DELETE', `${base}/images/:image`, (req, res) => {
      if (!this.check(req, res)) return;
      const name = req.params.image ?? '';
      const image = this.images.get(name);
      if (!image) return this.notFound(res, `images/${name}`);
      image.status = 'DELETING';
      const op = this.startOperation('delete', name, () => {
        this.images.delete(name);
      });
      sendJson(res, 200, this.operationJson(op));
    });
    this.route('GET', `${base}/operations/:operation`, (req, res) => {
      if (!this.check(req, res)) return;
      const op = this.operations.get(req.params.operation ?? '');
      if (!op) return this.notFound(res, `operations/${req.params.operation ?? ''}`);
      sendJson(res, 200, this.operationJson(op));
    });
    this.route('POST', `${base}/operations/:operation/wait`, async (req, res) => {
      if (!this.check(req, res)) return;
      const op = this.operations.get(req.params.operation ?? '');
      if (!op) return this.notFound(res, `operations/${req.params.operation ?? ''}`);
      await Promise.race([op.done, sleep(this.waitCapMs)]);
      sendJson(res, 200, this.operationJson(op));
    });
  }

  /** An image that already exists (e.g. from an earlier run or another build). */
  addImage(name: string, labels: Record<string, string>, status: FakeImage['status'] = 'READY'): FakeImage {
    const image: FakeImage = {
      name,
      status,
      body: { name, labels, family: undefined },
      creationTimestamp: new Date().toISOString(),
    };
    this.images.set(name, image);
    return image;
  }

  private check(req: FakeRequest, res: ServerResponse): boolean {
    if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) {
      sendGoogleError(res, 401, 'required', 'Request is missing required authentication credential.');
      return false;
    }
    if (req.params.project !== this.project) {
      sendGoogleError(
        res,
        403,
        'forbidden',
        `Required 'compute.images.get' permission for 'projects/${req.params.project ?? ''}'`,
      );
      return false;
    }
    return true;
  }

  private notFound(res: ServerResponse, what: string): void {
    sendGoogleError(
      res,
      404,
      'notFound',
      `The resource 'projects/${this.project}/global/${what}' was not found`,
    );
  }

  private startOperation(
    type: Operation['operationType'],
    image: string,
    finish: () => void,
    failure?: string,
  ): Operation {
    const name = `operation-${Date.now()}-${(++this.seq).toString(16).padStart(8, '0')}`;
    const op: Operation = {
      name,
      operationType: type,
      targetLink: `https://www.googleapis.com/compute/v1/projects/${this.project}/global/images/${image}`,
      status: 'RUNNING',
      progress: 0,
      error: undefined,
      done: Promise.resolve(),
    };
    op.done = sleep(this.operationMs).then(() => {
      finish();
      op.status = 'DONE';
      op.progress = 100;
      if (failure) op.error = { errors: [{ code: 'RESOURCE_NOT_FOUND', message: failure }] };
    });
    this.operations.set(name, op);
    return op;
  }

  private operationJson(op: Operation): unknown {
    return {
      kind: 'compute#operation',
      id: String(this.seq),
      name: op.name,
      operationType: op.operationType,
      targetLink: op.targetLink,
      status: op.status,
      progress: op.progress,
      user: 'ci@acme-ci.iam.gserviceaccount.com',
      insertTime: new Date().toISOString(),
      selfLink: `https://www.googleapis.com/compute/v1/projects/${this.project}/global/operations/${op.name}`,
      ...(op.error ? { error: op.error, httpErrorStatusCode: 404, httpErrorMessage: 'NOT FOUND' } : {}),
    };
  }

  private imageJson(image: FakeImage): unknown {
    return {
      kind: 'compute#image',
      id: '1234567890',
      ...image.body,
      name: image.name,
      status: image.status,
      creationTimestamp: image.creationTimestamp,
      sourceType: 'RAW',
      selfLink: `https://www.googleapis.com/compute/v1/projects/${this.project}/global/images/${image.name}`,
      labelFingerprint: '42WmSpB8rSM=',
    };
  }
}
