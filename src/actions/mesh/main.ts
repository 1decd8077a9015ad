import * as core from '@actions/core';
import { runAction } from '../../runtime/run-action.js';

// The first line goes out before zod, yaml and the Kubernetes client load (cold start <= 150 ms).
core.info('talos-fleet mesh: installing Cilium and joining the clusters with ClusterMesh');
await runAction('mesh', async () => (await import('./mesh-action.js')).run());
