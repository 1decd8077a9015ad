import * as core from '@actions/core';
import { runAction } from '../../runtime/run-action.js';

// First line before anything heavy loads (zod, the renderer, Octokit): the cold-start budget.
core.info('talos-fleet pr-status: reporting the fleet status');
await runAction('pr-status', async () => {
  const { runPrStatus } = await import('./pr-status.js');
  await runPrStatus();
});
