import type { KindInfo } from './kinds.js';

/**
 * Kubernetes `Status` bodies as kube-apiserver sends them with an error (k8s.io/apimachinery
 * pkg/api/errors/errors.go: the reason, code, message wording and details of each constructor).
 */

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: StatusCause[];
    retryAfterSeconds?: number;
  };
  code: number;
}

export function statusBody(
  code: number,
  reason: string,
  message: string,
  details?: KubeStatus['details'],
): KubeStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: code < 400 ? 'Success' : 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

/** An error a store operation raises; the HTTP layer answers it as its Status. */
export class KubeApiError extends Error {
  constructor(readonly status: KubeStatus) {
    super(status.message);
    this.name = 'KubeApiError';
  }
  get code(): number {
    return this.status.code;
  }
}

/** `configmaps` for the core group, `clusters.cluster.x-k8s.io` otherwise (schema.GroupResource.String()). */
export function groupResource(info: Pick<KindInfo, 'group' | 'plural'>): string {
  return info.group ? `${info.plural}.${info.group}` : info.plural;
}

const detailsOf = (info: Pick<KindInfo, 'group' | 'plural'>, name: string) => ({
  name,
  ...(info.group ? { group: info.group } : {}),
  kind: info.plural,
});

export function notFound(info: Pick<KindInfo, 'group' | 'plural'>, name: string): KubeApiError {
  return new KubeApiError(
    statusBody(404, 'NotFound', `${groupResource(info)} "${name}" not found`, detailsOf(info, name)),
  );
}

export function alreadyExists(info: Pick<KindInfo, 'group' | 'plural'>, name: string): KubeApiError {
  return new KubeApiError(
    statusBody(
      409,
      'AlreadyExists',
      `${groupResource(info)} "${name}" already exists`,
      detailsOf(info, name),
    ),
  );
}

export function conflict(info: Pick<KindInfo, 'group' | 'plural'>, name: string, why: string): KubeApiError {
  return new KubeApiError(
    statusBody(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${groupResource(info)} "${name}": ${why}`,
      detailsOf(info, name),
    ),
  );
}

export const STALE =
  'the object has been modified; please apply your changes to the latest version and try again';

export function invalid(
  info: Pick<KindInfo, 'group' | 'kind'>,
  name: string,
  causes: StatusCause[],
): KubeApiError {
  const kindGroup = info.group ? `${info.kind}.${info.group}` : info.kind;
  const summary =
    causes.length === 1
      ? describeCause(causes[0] as StatusCause)
      : `[${causes.map(describeCause).join(', ')}]`;
  return new KubeApiError(
    statusBody(422, 'Invalid', `${kindGroup} "${name}" is invalid: ${summary}`, {
      name,
      ...(info.group ? { group: info.group } : {}),
      kind: info.kind,
      causes,
    }),
  );
}

function describeCause(c: StatusCause): string {
  return c.field ? `${c.field}: ${c.message}` : c.message;
}

export function badRequest(message: string): KubeApiError {
  return new KubeApiError(statusBody(400, 'BadRequest', message));
}

export function forbidden(
  info: Pick<KindInfo, 'group' | 'plural'>,
  name: string,
  why: string,
  causes?: StatusCause[],
): KubeApiError {
  return new KubeApiError(
    statusBody(403, 'Forbidden', `${groupResource(info)} "${name}" is forbidden: ${why}`, {
      ...detailsOf(info, name),
      ...(causes ? { causes } : {}),
    }),
  );
}

export function expired(message: string): KubeApiError {
  return new KubeApiError(statusBody(410, 'Expired', message));
}

export function methodNotAllowed(): KubeApiError {
  return new KubeApiError(
    statusBody(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'),
  );
}

export function unsupportedMediaType(contentType: string): KubeApiError {
  return new KubeApiError(
    statusBody(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got ${contentType})`,
    ),
  );
}

export const UNAUTHORIZED = statusBody(401, 'Unauthorized', 'Unauthorized');
