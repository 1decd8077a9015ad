import type { components, operations } from '@octokit/openapi-types';
import { z } from 'zod';

/**
 * Request checks for the GitHub operations the fake serves, tied to GitHub's OpenAPI description.
 *
 * Why not the description itself: the @octokit/openapi package is 385 MB and its
 * api.github.com.json alone is 13 MB (toolchain-notes §7), far too heavy to load per test run for
 * four operations. @octokit/openapi-types (5 MB, types generated from that same description) is
 * used instead: each runtime zod schema below is checked at compile time to be EXACTLY the
 * OpenAPI request body or parameter type (`Exact` fails `tsc` when GitHub's description and the
 * schema disagree), and the fake's responses are typed as the OpenAPI response schemas.
 */

type Json<Op extends keyof operations> = operations[Op] extends {
  requestBody: { content: { 'application/json': infer B } };
}
  ? B
  : never;

type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const exact = <T extends true>(value: T) => value;

export const createCommentBody = z.strictObject({ body: z.string() });
export const updateCommentBody = z.strictObject({ body: z.string() });
exact<Exact<z.output<typeof createCommentBody>, Json<'issues/create-comment'>>>(true);
exact<Exact<z.output<typeof updateCommentBody>, Json<'issues/update-comment'>>>(true);

type ListQuery = NonNullable<operations['issues/list-comments']['parameters']['query']>;
export const listCommentsQuery = z.strictObject({
  since: z.iso.datetime().optional(),
  per_page: z.coerce.number().int().min(1).max(100).optional(),
  page: z.coerce.number().int().min(1).optional(),
});
exact<Exact<keyof z.output<typeof listCommentsQuery>, keyof ListQuery>>(true);

export const graphqlRequest = z.strictObject({
  query: z.string().min(1),
  variables: z.record(z.string(), z.unknown()).optional(),
  operationName: z.string().optional(),
});

export type IssueCommentResponse = components['schemas']['issue-comment'];
export type SimpleUser = components['schemas']['simple-user'];
export type BasicError = components['schemas']['basic-error'];
export type ValidationError = components['schemas']['validation-error'];

/** GitHub's 422 for a body that does not match the operation's schema. */
export function validationFailure(issues: z.core.$ZodIssue[]): ValidationError {
  return {
    message: 'Invalid request.',
    documentation_url: 'https://docs.github.com/rest/issues/comments',
    errors: issues.map((i) => ({
      code: i.code === 'unrecognized_keys' ? 'unexpected' : 'invalid',
      field: i.path.join('.') || 'body',
      message: i.message,
    })),
  };
}
