import { afterEach, expect } from 'vitest';
import { violations } from './network-guard.mjs';

afterEach(() => {
  const seen = violations.splice(0);
  expect(seen, 'connections outside loopback').toEqual([]);
});
