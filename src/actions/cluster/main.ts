import * as core from '@actions/core';
import { runAction } from '../../runtime/run-action.js';

// The first line goes out before zod, yaml and the Kubernetes client load (cold start <= 150 ms).
core.info('talos-fleet cluster: provisioning the fleet through a Cluster API management cluster');
await runAction('cluster', async () => (await import('./cluster-action.js')).run());
