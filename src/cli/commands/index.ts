import type { CommandEntry } from '../command.js';

export const commands: readonly CommandEntry[] = [
  {
    name: 'plan',
    summary:
      'Render every artifact for a fleet spec (Cluster API, network, Talos patches, Cilium values), offline',
    load: async () => (await import('./plan.js')).planCommand,
  },
  {
    name: 'image',
    summary: 'Make a Talos GCE image exist: Image Factory -> GCS -> Compute image, idempotently',
    load: async () => (await import('./image.js')).imageCommand,
  },
  {
    name: 'status',
    summary: 'Validate and print a fleet status document as markdown or JSON',
    load: async () => (await import('./status.js')).statusCommand,
  },
  {
    name: 'tools',
    summary:
      "The toolchain: 'tools lock' pins versions and sha256 into a lock file; 'tools list' shows the pins",
    load: async () => (await import('./tools.js')).toolsCommand,
  },
  {
    name: 'janitor',
    summary:
      'Sweep a GCP project: delete every fleet whose expires-at has passed, in dependency order (dry run by default)',
    load: async () => (await import('./janitor.js')).janitorCommand,
  },
  {
    name: 'gcp',
    summary:
      "Prepare a GCP project: 'gcp bootstrap' prints (or --apply runs) the gcloud commands for least privilege",
    load: async () => (await import('./gcp.js')).gcpCommand,
  },
  {
    name: 'network',
    summary:
      "Make the GCP network match the plan: 'network up', 'network diff' (writes nothing), 'network down'",
    load: async () => (await import('./network.js')).networkCommand,
  },
  {
    name: 'cluster',
    summary:
      "'cluster up': provision the plan's Cluster API clusters through a management cluster, watching until each is up",
    load: async () => (await import('./cluster.js')).clusterCommand,
  },
  {
    name: 'mesh',
    summary: "'mesh up': install Cilium on every cluster, join them with ClusterMesh and verify every pair",
    load: async () => (await import('./mesh.js')).meshCommand,
  },
];
