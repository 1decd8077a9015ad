import { z } from 'zod';
import { FLEET_STAGES, type StatusDocument } from './schema.js';

/**
 * The hidden parts of a status comment. The marker is the comment's first line and names the
 * fleet, so several fleets on one pull request each keep their own comment; only a body that
 * STARTS with the marker counts, so a marker quoted inside diagnostics never matches. The digest
 * is the comment's last line: a compact copy of what was shown, so the next update can say what
 * changed without any other storage.
 */

const MARKER_PREFIX = '<!-- talos-fleet:status fleet=';
const HIDDEN_PREFIX = '<!-- talos-fleet:status-hidden fleet=';
const DIGEST_PREFIX = '<!-- talos-fleet:digest ';

/** encodeURIComponent keeps `-->`, spaces and newlines out of the HTML comment. */
export function statusMarker(fleet: string): string {
  return `${MARKER_PREFIX}${encodeURIComponent(fleet)} -->`;
}

/** Whether a body starts with this fleet's marker, whoever wrote it. */
export function isStatusCommentFor(body: string | null | undefined, fleet: string): boolean {
  return typeof body === 'string' && body.startsWith(`${statusMarker(fleet)}\n`);
}

/**
 * Whether a comment is this fleet's status comment: written by the token's own identity (so a
 * comment by anyone else that quotes the marker is ignored) and starting with the marker.
 * GitHub logins are case-insensitive.
 */
export function isOwnStatusComment(
  comment: { author: string | null; body: string },
  viewer: string,
  fleet: string,
): boolean {
  return (
    comment.author !== null &&
    comment.author.toLowerCase() === viewer.toLowerCase() &&
    isStatusCommentFor(comment.body, fleet)
  );
}

/** The body of a comment being hidden, with its marker retired so it is never found (and updated) again. */
export function retireStatusComment(body: string, fleet: string): string {
  const marker = statusMarker(fleet);
  return body.startsWith(marker)
    ? `${HIDDEN_PREFIX}${encodeURIComponent(fleet)} -->${body.slice(marker.length)}`
    : body;
}

const digestSchema = z.object({
  v: z.literal(1),
  stage: z.enum(FLEET_STAGES),
  updatedAt: z.string().max(64),
  clusters: z
    .array(
      z.object({
        n: z.string().max(253),
        r: z.string().max(253),
        t: z.string().max(64),
        k: z.string().max(64),
        s: z.string().max(32),
      }),
    )
    .max(1000),
  /** Clusters left out of `clusters` (the last ones) to keep the digest within its share of the comment. */
  omitted: z.int().min(1).max(1000).optional(),
});

export type StatusDigest = z.output<typeof digestSchema>;

export function digestOf(doc: StatusDocument): StatusDigest {
  return {
    v: 1,
    stage: doc.stage,
    updatedAt: doc.updatedAt,
    clusters: doc.clusters.map((c) => ({
      n: c.name,
      r: c.region,
      t: c.talosVersion,
      k: c.kubernetesVersion,
      s: c.state,
    })),
  };
}

/**
 * JSON on one line with `<` and `>` written as \u escapes (valid only inside strings, the only
 * place the digest has them). Without `>` nothing can end the HTML comment (`-->`, `--!>`), and
 * without `<` nothing can open another, so dashes stay as they are.
 */
export function digestLine(digest: StatusDigest): string {
  const json = JSON.stringify(digest).replace(/[<>]/g, (c) => (c === '<' ? '\\u003c' : '\\u003e'));
  return `${DIGEST_PREFIX}${json} -->`;
}

/**
 * The digest with as many clusters as fit in `maxLength` characters of digest line (the first
 * ones, in document order); the rest are counted in `omitted`, so the next update compares the
 * clusters it can and says that it could not compare the others.
 */
export function fitDigest(digest: StatusDigest, maxLength: number): StatusDigest {
  if (digestLine(digest).length <= maxLength) return digest;
  const keep = (n: number): StatusDigest => {
    const omitted = digest.clusters.length - n + (digest.omitted ?? 0);
    return { ...digest, clusters: digest.clusters.slice(0, n), ...(omitted > 0 ? { omitted } : {}) };
  };
  let low = 0;
  let high = digest.clusters.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (digestLine(keep(mid)).length <= maxLength) low = mid;
    else high = mid - 1;
  }
  return keep(low);
}

/** The digest on the last line of a previous comment body, or undefined when absent or unreadable. */
export function parseDigest(body: string | null | undefined): StatusDigest | undefined {
  if (!body) return undefined;
  const match = /<!-- talos-fleet:digest (\{[^\n]*\}) -->\s*$/.exec(body);
  if (!match?.[1]) return undefined;
  try {
    const parsed = digestSchema.safeParse(JSON.parse(match[1]));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
