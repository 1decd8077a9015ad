import * as core from '@actions/core';
import { runAction } from '../../runtime/run-action.js';

// The first line goes out before zod and the Google clients load (cold start <= 150 ms).
core.info('talos-fleet network: making the GCP network match the plan');
await runAction('network', async () => (await import('./network-action.js')).run());
