import type { ServerResponse } from 'node:http';
import { FakeServer, type FakeRequest, sendGoogleError, sendJson } from '../http/fake-server.js';
import { API_BASE, ComputeApiError, ComputeEngine, type FakeOperation, type Scope } from './engine.js';
import { KIND_BY_COLLECTION } from './kinds.js';

/**
 * A loopback Compute Engine API as @googleapis/compute v1 drives it, over `ComputeEngine`:
 * `/compute/v1/projects/<p>/{global | regions/<r> | zones/<z>}/<collection>[/<name>[/<verb>]]`
 * for get, list (filter, maxResults, pageToken, orderBy), insert, patch, update, delete,
 * setLabels and the instance-group member calls; `/aggregated/<collection>`; and global,
 * regional and zonal operations `get` and `wait`. Errors carry the Google error body. Fault
 * injection (5xx, 429, dropped connections, slow responses) comes from `FakeServer.inject`;
 * failed operations from `engine.failNext`.
 */

export interface FakeImage {
  name: string;
  status: string;
  body: Record<string, unknown>;
  creationTimestamp: string;
}

export class FakeCompute extends FakeServer {
  readonly engine: ComputeEngine;
  /** Whether an image's rawDisk.source object exists; default yes. An insert from a missing object fails in its operation. */
  sourceExists: (source: string) => boolean = () => true;

  constructor(readonly project = 'acme-ci') {
    super();
    this.engine = new ComputeEngine(project);
    this.engine.insertChecks.push((r) => {
      if (r.collection !== 'images') return undefined;
      const source = (r.body.rawDisk as { source?: string } | undefined)?.source ?? '';
      return this.sourceExists(source)
        ? undefined
        : {
            code: 'RESOURCE_NOT_FOUND',
            message: `The resource '${source}' of type 'GCS object' was not found.`,
            httpStatus: 404,
          };
    });
    this.route('*', '/compute/v1/projects/:project/:rest*', (req, res) => this.serve(req, res));
  }

  get operationMs(): number {
    return this.engine.operationMs;
  }
  set operationMs(ms: number) {
    this.engine.operationMs = ms;
  }
  get waitCapMs(): number {
    return this.engine.waitCapMs;
  }
  set waitCapMs(ms: number) {
    this.engine.waitCapMs = ms;
  }

  /** The images, as the image tests read them. */
  get images(): Map<string, FakeImage> {
    return new Map(
      this.engine.all('images').map((r) => [
        r.name,
        {
          name: r.name,
          status: String(r.body.status),
          body: r.body,
          creationTimestamp: String(r.body.creationTimestamp),
        },
      ]),
    );
  }

  /** An image that already exists (e.g. from an earlier run or another build). */
  addImage(
    name: string,
    labels: Record<string, string>,
    status = 'READY',
    extra: Record<string, unknown> = {},
  ): FakeImage {
    const r = this.engine.seed('images', 'global', { name, labels, ...extra }, status);
    return {
      name,
      body: r.body,
      creationTimestamp: String(r.body.creationTimestamp),
      get status() {
        return String(r.body.status);
      },
      set status(next: string) {
        r.body.status = next;
      },
    };
  }

  private async serve(req: FakeRequest, res: ServerResponse): Promise<void> {
    if (!/^Bearer \S+/.test(req.headers.authorization ?? ''))
      return sendGoogleError(res, 401, 'required', 'Request is missing required authentication credential.');
    const project = req.params.project ?? '';
    const segments = (req.params.rest ?? '').split('/');
    if (project !== this.project)
      return sendGoogleError(
        res,
        403,
        'forbidden',
        `Required 'compute.${segments.at(-2) ?? 'projects'}.get' permission for 'projects/${project}'`,
      );
    try {
      const answer = await this.dispatch(req, segments);
      if (answer === undefined)
        return sendGoogleError(res, 404, 'notFound', `no fake route for ${req.method} ${req.path}`);
      sendJson(res, 200, answer);
    } catch (error) {
      if (!(error instanceof ComputeApiError)) throw error;
      sendGoogleError(res, error.status, error.reason, error.message);
    }
  }

  private async dispatch(req: FakeRequest, segments: string[]): Promise<unknown> {
    const e = this.engine;
    const q = req.url.searchParams;
    const listOptions = {
      filter: q.get('filter') ?? undefined,
      maxResults: q.has('maxResults') ? Number(q.get('maxResults')) : undefined,
      pageToken: q.get('pageToken') ?? undefined,
      orderBy: q.get('orderBy') ?? undefined,
    };
    if (segments[0] === 'aggregated' && segments.length === 2 && req.method === 'GET') {
      const collection = segments[1] ?? '';
      const { items, nextPageToken } = e.aggregated(collection, listOptions);
      return {
        kind: `${KIND_BY_COLLECTION.get(collection)?.kind ?? 'compute#unknown'}AggregatedList`,
        id: `projects/${this.project}/aggregated/${collection}`,
        items,
        selfLink: `${API_BASE}projects/${this.project}/aggregated/${collection}`,
        ...(nextPageToken ? { nextPageToken } : {}),
      };
    }
    const scoped =
      segments[0] === 'global' ? 1 : segments[0] === 'regions' || segments[0] === 'zones' ? 2 : 0;
    if (!scoped) return undefined;
    const scope: Scope = segments.slice(0, scoped).join('/');
    const [collection = '', name, verb, ...more] = segments.slice(scoped);
    if (more.length) return undefined;

    if (collection === 'operations') {
      if (!name) return undefined;
      if (req.method === 'GET' && !verb) return this.operationJson(e.operation(scope, name));
      if (req.method === 'POST' && verb === 'wait') return this.operationJson(await e.wait(scope, name));
      return undefined;
    }
    if (!KIND_BY_COLLECTION.has(collection)) return undefined;

    if (!name) {
      if (req.method === 'GET') {
        const { items, nextPageToken } = e.list(collection, scope, listOptions);
        return {
          kind: `${KIND_BY_COLLECTION.get(collection)?.kind ?? ''}List`,
          id: `projects/${this.project}/${scope}/${collection}`,
          items,
          selfLink: `${API_BASE}projects/${this.project}/${scope}/${collection}`,
          ...(nextPageToken ? { nextPageToken } : {}),
        };
      }
      if (req.method === 'POST') return this.operationJson(e.insert(collection, scope, await body(req)));
      return undefined;
    }
    if (!verb) {
      switch (req.method) {
        case 'GET':
          return e.get(collection, scope, name);
        case 'PATCH':
          return this.operationJson(e.patch(collection, scope, name, await body(req)));
        case 'PUT':
          return this.operationJson(e.update(collection, scope, name, await body(req)));
        case 'DELETE':
          return this.operationJson(e.remove(collection, scope, name));
        default:
          return undefined;
      }
    }
    if (req.method !== 'POST') return undefined;
    if (verb === 'setLabels')
      return this.operationJson(e.setLabels(collection, scope, name, await body(req)));
    if (collection === 'instanceGroups') {
      const members = async () =>
        ((await body(req)).instances as { instance?: string }[] | undefined)?.map((i) => i.instance ?? '') ??
        [];
      if (verb === 'addInstances') return this.operationJson(e.addInstances(scope, name, await members()));
      if (verb === 'removeInstances')
        return this.operationJson(e.removeInstances(scope, name, await members()));
      if (verb === 'listInstances') {
        const { items, nextPageToken } = e.listInstances(scope, name, listOptions);
        return {
          kind: 'compute#instanceGroupsListInstances',
          items,
          ...(nextPageToken ? { nextPageToken } : {}),
        };
      }
    }
    return undefined;
  }

  private operationJson(op: FakeOperation): unknown {
    const where =
      op.scope === 'global'
        ? {}
        : op.scope.startsWith('regions/')
          ? { region: `${API_BASE}projects/${this.project}/${op.scope}` }
          : { zone: `${API_BASE}projects/${this.project}/${op.scope}` };
    return {
      kind: 'compute#operation',
      id: op.name.replace(/\D/g, '').slice(0, 19),
      name: op.name,
      operationType: op.operationType,
      targetLink: op.targetLink,
      targetId: op.targetId,
      status: op.status,
      progress: op.progress,
      user: `ci@${this.project}.iam.gserviceaccount.com`,
      insertTime: op.insertTime,
      ...(op.startTime ? { startTime: op.startTime } : {}),
      ...(op.endTime ? { endTime: op.endTime } : {}),
      ...where,
      selfLink: `${API_BASE}projects/${this.project}/${op.scope}/operations/${op.name}`,
      ...(op.error
        ? {
            error: op.error,
            httpErrorStatusCode: op.httpErrorStatusCode,
            httpErrorMessage: op.httpErrorMessage,
          }
        : {}),
    };
  }
}

async function body(req: FakeRequest): Promise<Record<string, unknown>> {
  const parsed = await req.json().catch(() => undefined);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new ComputeApiError(400, 'parseError', 'This API does not support parsing form-encoded input.');
  return parsed as Record<string, unknown>;
}

/** A fault matcher for one Compute call: `{method: 'POST', collection: 'firewalls'}`, optionally a name or verb. */
export function computeCall(match: {
  method?: string;
  collection?: string;
  name?: string;
  verb?: string;
}): (req: { method: string; path: string }) => boolean {
  return (req) => {
    if (match.method && req.method !== match.method) return false;
    const m =
      /\/compute\/v1\/projects\/[^/]+\/(?:global|regions\/[^/]+|zones\/[^/]+|aggregated)\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(
        req.path,
      );
    if (!m) return false;
    if (match.collection && m[1] !== match.collection) return false;
    if (match.name && m[2] !== match.name) return false;
    if (match.verb !== undefined && (m[3] ?? '') !== match.verb) return false;
    return true;
  };
}
