import * as core from '@actions/core';
import { runAction } from '../../runtime/run-action.js';

// The first line goes out before zod and the Google clients load (cold start <= 150 ms).
core.info('talos-fleet janitor: sweeping expired fleets');
await runAction('janitor', async () => (await import('./janitor-action.js')).run());
