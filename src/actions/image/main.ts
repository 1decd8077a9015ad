import * as core from '@actions/core';

// The first line goes out before zod, yaml and the Google clients load (cold start <= 150 ms).
core.info('talos-fleet image: making sure the Talos GCE image exists');
const { runImageAction } = await import('./image-action.js');
await runImageAction();
