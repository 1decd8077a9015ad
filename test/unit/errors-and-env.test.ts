import { describe, expect, it } from 'vitest';
import { envNumber } from '../../src/core/env-number.js';
import { describeError, HttpStatusError } from '../../src/core/http-error.js';
import { UserError } from '../../src/core/user-error.js';
import { retryPolicyFromEnv } from '../../src/adapters/retry.js';
import { httpStatus, isTransient } from '../../src/adapters/http-errors.js';

describe('envNumber', () => {
  const fallback = { fallback: 7 };
  it('falls back only when the variable is unset or empty', () => {
    expect(envNumber({}, 'X', fallback)).toBe(7);
    expect(envNumber({ X: '' }, 'X', fallback)).toBe(7);
    expect(envNumber({ X: '  ' }, 'X', fallback)).toBe(7);
    expect(envNumber({ X: '12' }, 'X', fallback)).toBe(12);
    expect(envNumber({ X: '0.5' }, 'X', fallback)).toBe(0.5);
    expect(envNumber({ X: '1e3' }, 'X', fallback)).toBe(1000);
  });

  it.each([
    ['abc', {}],
    ['12ms', {}],
    ['0x10', {}],
    ['Infinity', {}],
    ['1.5', { integer: true }],
    ['0', { min: 1 }],
    ['99', { max: 10 }],
    ['1000', { multipleOf: 256 }],
  ])('rejects %j (%j) with a UserError naming the variable', (raw, options) => {
    let thrown: unknown;
    try {
      envNumber({ TALOS_FLEET_X: raw }, 'TALOS_FLEET_X', { fallback: 5, ...options });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UserError);
    const e = thrown as UserError;
    expect(e.message).toContain(`environment variable TALOS_FLEET_X must be`);
    expect(e.message).toContain(`got '${raw}'`);
    expect(e.fix).toContain('unset TALOS_FLEET_X (the default is 5)');
  });

  it('is what the retry policy reads', () => {
    expect(retryPolicyFromEnv({ TALOS_FLEET_RETRY_ATTEMPTS: '3' }).attempts).toBe(3);
    expect(() => retryPolicyFromEnv({ TALOS_FLEET_RETRY_ATTEMPTS: 'three' })).toThrow(
      /TALOS_FLEET_RETRY_ATTEMPTS/,
    );
    expect(() => retryPolicyFromEnv({ TALOS_FLEET_RETRY_MAX_MS: '-1' })).toThrow(/TALOS_FLEET_RETRY_MAX_MS/);
  });
});

describe('HttpStatusError and describeError', () => {
  it('HttpStatusError carries status, url, Retry-After and a bounded one-line detail', () => {
    const e = new HttpStatusError(503, {
      url: 'https://x/y',
      retryAfter: '2',
      detail: `busy\n${'x'.repeat(1000)}`,
    });
    expect(e.message).toBe('HTTP 503 from https://x/y');
    expect(e.retryAfter).toBe('2');
    expect(e.detail?.length).toBe(300);
    expect(describeError(e)).toMatch(/^HTTP 503: busy x+$/);
    expect(describeError(new HttpStatusError(404))).toBe('HTTP 404');
    expect(httpStatus(e)).toBe(503);
    expect(isTransient(e)).toBe(true);
    expect(isTransient(new HttpStatusError(404))).toBe(false);
  });

  it("prefers the API's own message: Google, GitHub REST and GraphQL", () => {
    const google = Object.assign(new Error('Request failed with status code 403'), {
      response: {
        status: 403,
        data: { error: { code: 403, message: 'Required permission compute.images.create' } },
      },
    });
    expect(describeError(google)).toBe('Required permission compute.images.create');
    const rest = Object.assign(
      new Error('Resource not accessible by integration - https://docs.github.com'),
      {
        status: 403,
        response: { data: { message: 'Resource not accessible by integration' } },
      },
    );
    expect(describeError(rest)).toBe('Resource not accessible by integration');
    const graphql = Object.assign(new Error('Request failed'), {
      errors: [{ message: 'Could not resolve to a node' }],
    });
    expect(describeError(graphql)).toBe('Could not resolve to a node');
  });

  it('adds the code and the cause fetch hides the reason in', () => {
    expect(describeError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(
      'socket hang up (ECONNRESET)',
    );
    expect(describeError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(
      'read ECONNRESET',
    );
    expect(
      describeError(
        new TypeError('fetch failed', {
          cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
        }),
      ),
    ).toBe('fetch failed: ECONNREFUSED');
    expect(describeError('plain')).toBe('plain');
    expect(describeError({ odd: true })).toBe('{"odd":true}');
  });
});
