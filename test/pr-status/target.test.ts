import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { targetFromEvent } from '../../src/actions/pr-status/pr-status.js';
import { repoRoot } from '../support/paths.js';

const payload = (name: string) =>
  JSON.parse(readFileSync(join(repoRoot, 'test/pr-status/events', `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;

describe('which pull request to comment on', () => {
  it('takes the number from pull_request and pull_request_target payloads', () => {
    expect(targetFromEvent('pull_request', payload('pull_request'), undefined).number).toBe(1234);
    expect(targetFromEvent('pull_request_target', payload('pull_request_fork'), undefined).number).toBe(1234);
  });

  it('lets the issue-number input win, and needs it for workflow_run from a fork, schedule and workflow_dispatch', () => {
    expect(targetFromEvent('pull_request', payload('pull_request'), 7)).toEqual({
      number: 7,
      source: 'the issue-number input',
    });
    expect(targetFromEvent('workflow_run', payload('workflow_run'), undefined).number).toBeUndefined();
    expect(targetFromEvent('schedule', payload('schedule'), undefined).number).toBeUndefined();
    expect(targetFromEvent('workflow_dispatch', {}, undefined).number).toBeUndefined();
    expect(targetFromEvent('schedule', payload('schedule'), 42).number).toBe(42);
  });

  it('uses the single pull request a same-repository workflow_run names', () => {
    const run = payload('workflow_run');
    const same = {
      ...run,
      workflow_run: { ...(run.workflow_run as object), pull_requests: [{ number: 99 }] },
    };
    expect(targetFromEvent('workflow_run', same, undefined).number).toBe(99);
    const two = {
      ...run,
      workflow_run: { ...(run.workflow_run as object), pull_requests: [{ number: 1 }, { number: 2 }] },
    };
    expect(targetFromEvent('workflow_run', two, undefined).number).toBeUndefined();
  });
});
