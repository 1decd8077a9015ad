import { z } from 'zod';
import { CLUSTER_NAME, FLEET_NAME } from '../fleet/schema.js';
import { GCE_NAME } from '../gcp-names.js';

/**
 * The fleet status document: written by every talos-fleet step, rendered by pr-status into the
 * pull-request comment and the job summary, printed by `talos-fleet status`. The published JSON
 * Schema (schemas/status.schema.json) is generated from this file; docs/status.md documents each
 * field. Unknown fields are dropped when a document is parsed, so newer writers stay readable.
 */

export const STATUS_SCHEMA_VERSION = 1;

export const FLEET_STAGES = [
  'planned',
  'image',
  'network',
  'provisioning',
  'mesh',
  'ready',
  'failed',
  'destroying',
  'destroyed',
] as const;
export const CLUSTER_STATES = [
  'planned',
  'provisioning',
  'ready',
  'failed',
  'deleting',
  'destroyed',
] as const;
export const MESH_STATES = ['pending', 'connecting', 'ready', 'failed'] as const;
/**
 * The conditions a cluster carries, after cluster-api's (kubernetes-sigs/cluster-api,
 * api/v1beta1/condition_consts.go: InfrastructureReady, ControlPlaneReady) and kstatus's
 * `Stalled` (kubernetes-sigs/cli-utils, pkg/kstatus/status/status.go) for a failure that will not
 * heal by waiting. The cluster's `state` is derived from them (`clusterStateOf`, state.ts).
 */
export const CLUSTER_CONDITION_TYPES = [
  'InfrastructureReady',
  'ControlPlaneReady',
  'NodesReady',
  'Stalled',
  'Deleting',
  'Destroyed',
] as const;
export const CONDITION_STATUSES = ['True', 'False', 'Unknown'] as const;
export const NETWORK_STATES = ['pending', 'applying', 'ready', 'failed', 'deleting', 'deleted'] as const;
export const NETWORK_ACTIONS = ['create', 'update', 'delete', 'unchanged'] as const;
export const MACHINE_ROLES = ['control-plane', 'worker'] as const;

const timestamp = z.iso.datetime({ offset: true }).describe('RFC 3339 timestamp, e.g. 2026-11-24T10:00:00Z.');
/**
 * Names follow the fleet spec's rules (core/fleet/schema.ts), so a document written by a fork
 * cannot carry a name with a newline, `::` or markup into a log line or the marker; they are
 * still escaped wherever they are rendered.
 */
const fleetName = z
  .string()
  .max(63)
  .regex(FLEET_NAME, { error: 'must be a fleet name from the spec: lowercase letters, digits and single -' });
const clusterName = z.string().max(32).regex(CLUSTER_NAME, {
  error: 'must be a cluster name from the spec: lowercase alphanumerics and -, at most 32',
});
/** A GCE resource name (an instance, a firewall rule): gcp-names.ts GCE_NAME. */
const gceName = z
  .string()
  .regex(GCE_NAME, { error: 'must be a GCE resource name (lowercase, digits and -)' });
/** The shape of a GCP region (europe-west1, us-central1), not the catalogue, so new regions parse. */
const regionName = z
  .string()
  .max(63)
  .regex(/^[a-z]+(?:-[a-z]+)*\d+$/, { error: 'must be a GCP region such as europe-west1' });
const text = (max: number) => z.string().max(max);
const count = z.int().min(0).max(100_000);

export const nodeCountsSchema = z
  .object({
    ready: count.describe('Nodes that are Ready.'),
    desired: count.describe('Nodes the plan asks for.'),
  })
  .describe('Node readiness of one cluster, control plane and workers together.');

export const conditionSchema = z
  .object({
    type: z.enum(CLUSTER_CONDITION_TYPES).describe('What the condition is about.'),
    status: z.enum(CONDITION_STATUSES).describe('True, False or Unknown.'),
    reason: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9]*$/, 'must be one CamelCase word, e.g. WaitingForNodes')
      .max(128)
      .describe('One CamelCase word, e.g. WaitingForNodes.'),
    message: text(2000).optional().describe('Human-readable detail.'),
    lastTransitionTime: timestamp.describe('When `status` last changed.'),
  })
  .describe('One observed condition of a cluster (after Kubernetes metav1.Condition).');

export const machineSchema = z
  .object({
    name: gceName.describe('Instance name.'),
    role: z.enum(MACHINE_ROLES),
    zone: text(64).optional().describe('GCP zone, e.g. europe-west1-b.'),
    internalIp: text(64).optional().describe('Address inside the VPC.'),
    externalIp: text(64).optional().describe('Public address, when it has one.'),
  })
  .describe('One machine of a cluster and its addresses.');

export const machineCountsSchema = z
  .object({
    desired: count.describe('Machines the plan asks for.'),
    created: count.describe('Machines whose instances exist.'),
    running: count.describe('Machines whose instances are RUNNING.'),
    items: z.array(machineSchema).max(10_000).default([]).describe('The machines with their addresses.'),
  })
  .describe('Machines (GCE instances) of one cluster.');

export const clusterStatusSchema = z
  .object({
    name: clusterName.describe('Cluster name from the fleet spec.'),
    region: regionName.describe('GCP region, e.g. europe-west1.'),
    talosVersion: text(64).describe('Talos Linux version, e.g. v1.13.9.'),
    kubernetesVersion: text(64).describe('Kubernetes version, e.g. v1.35.2.'),
    nodes: nodeCountsSchema,
    controlPlaneEndpoint: text(512)
      .optional()
      .describe('Kubernetes API endpoint, e.g. https://203.0.113.10:6443, once known.'),
    machines: machineCountsSchema.optional(),
    conditions: z
      .array(conditionSchema)
      .max(64)
      .default([])
      .describe('Observed conditions, at most one per type; `state` is derived from them.'),
    state: z
      .enum(CLUSTER_STATES)
      .describe(
        'Where this cluster is in its life: derived from `conditions` when there are any (docs/status.md).',
      ),
    timings: z
      .object({
        startedAt: timestamp.optional().describe('When provisioning of this cluster started.'),
        readyAt: timestamp.optional().describe('When every node and the API server were ready.'),
        destroyedAt: timestamp.optional().describe('When the last resource of this cluster was deleted.'),
      })
      .default({})
      .describe('Milestones of this cluster.'),
  })
  .describe('One cluster of the fleet.');

export const meshPairSchema = z
  .object({
    from: clusterName.describe('Cluster whose Cilium agents connect.'),
    to: clusterName.describe('Cluster they connect to.'),
    state: z.enum(MESH_STATES),
    message: text(2000).optional().describe('Short reason, e.g. why the connection failed.'),
  })
  .describe('One direction of a ClusterMesh connection.');

export const networkObjectSchema = z
  .object({
    kind: text(64).describe('Compute resource kind, e.g. network, subnetwork, firewall, router.'),
    name: gceName,
    action: z.enum(NETWORK_ACTIONS).describe('What the network step did to it.'),
    selfLink: text(1024).optional(),
  })
  .describe('One network resource and what was done to it.');

export const networkStatusSchema = z
  .object({
    state: z.enum(NETWORK_STATES),
    vpcSelfLink: text(1024).optional().describe('selfLink of the fleet VPC once it exists.'),
    counts: z
      .object({ created: count, updated: count, deleted: count, unchanged: count })
      .default({ created: 0, updated: 0, deleted: 0, unchanged: 0 })
      .describe('How many network objects were created, updated, deleted, or left as they were.'),
    objects: z.array(networkObjectSchema).max(10_000).default([]),
  })
  .describe('The fleet network (VPC, subnets, firewall rules, routers and NAT).');

export const statusErrorSchema = z
  .object({
    step: text(128).describe('The step that failed, e.g. "provision" or "mesh".'),
    cluster: clusterName.optional().describe('The cluster it concerns, if any.'),
    message: text(4000).describe('One-line summary shown in the comment.'),
    diagnostics: text(1_000_000)
      .optional()
      .describe(
        'Longer output (events, logs) shown collapsed; truncated first when the comment is too long.',
      ),
    at: timestamp.optional(),
  })
  .describe('A failure with its diagnostics.');

export const planSummarySchema = z
  .object({
    clusters: count.describe('Clusters in the plan.'),
    controlPlaneNodes: count.describe('Control-plane nodes across the fleet.'),
    workerNodes: count.describe('Worker nodes across the fleet.'),
    regions: z.array(regionName).max(1000).describe('Distinct GCP regions.'),
    digest: text(128)
      .optional()
      .describe('Hash of the rendered plan, so two runs can tell they used the same plan.'),
  })
  .describe('What the plan step decided.');

export const statusDocumentSchema = z
  .object({
    schemaVersion: z.literal(STATUS_SCHEMA_VERSION).describe('Version of this document format.'),
    fleet: fleetName.describe('Fleet name; also part of the hidden marker that finds the comment.'),
    stage: z.enum(FLEET_STAGES).describe('Where the fleet is in its life.'),
    startedAt: timestamp.describe('When the fleet run started; the elapsed time counts from here.'),
    updatedAt: timestamp.describe(
      'When this document was written; elapsed time and expiry are relative to it.',
    ),
    source: z
      .object({
        repository: text(256).optional().describe('owner/name of the repository.'),
        branch: text(256).optional().describe('Branch the run is for.'),
        sha: text(64).optional().describe('Commit the run is for.'),
        pullRequest: z.int().positive().optional().describe('Pull request number, when there is one.'),
      })
      .default({})
      .describe('What the fleet was built from.'),
    run: z
      .object({
        url: z.url({ protocol: /^https?$/ }).describe('Link to the workflow run.'),
        id: z.int().positive().optional(),
        attempt: z.int().positive().optional(),
      })
      .optional()
      .describe(
        'The workflow run that wrote this document. pr-status fills the link in from the runner when absent.',
      ),
    ttl: z
      .object({
        seconds: z.int().positive().optional().describe('Requested lifetime.'),
        expiresAt: timestamp.describe(
          "The fleet's expires-at label: after it, whatever is left may be deleted.",
        ),
      })
      .optional()
      .describe('Lifetime of the fleet.'),
    clusters: z.array(clusterStatusSchema).max(1000).default([]),
    mesh: z
      .object({
        enabled: z.boolean(),
        pairs: z.array(meshPairSchema).max(1_000_000).default([]),
      })
      .default({ enabled: false, pairs: [] })
      .describe('Cilium ClusterMesh connections.'),
    network: networkStatusSchema.optional(),
    errors: z.array(statusErrorSchema).max(1000).default([]),
    plan: planSummarySchema.optional(),
  })
  .describe('talos-fleet status document');

export type FleetStage = (typeof FLEET_STAGES)[number];
export type ClusterState = (typeof CLUSTER_STATES)[number];
export type MeshState = (typeof MESH_STATES)[number];
export type StatusDocument = z.output<typeof statusDocumentSchema>;
/** What writers may pass: defaults (empty lists, `{}`) can be left out. */
export type StatusDocumentInput = z.input<typeof statusDocumentSchema>;
export type ClusterStatus = StatusDocument['clusters'][number];
export type MeshPair = StatusDocument['mesh']['pairs'][number];
export type StatusError = StatusDocument['errors'][number];
export type Condition = z.output<typeof conditionSchema>;
export type ConditionType = (typeof CLUSTER_CONDITION_TYPES)[number];
export type ConditionStatus = (typeof CONDITION_STATUSES)[number];
export type MachineCounts = z.output<typeof machineCountsSchema>;
export type NetworkStatus = z.output<typeof networkStatusSchema>;
export type NetworkState = (typeof NETWORK_STATES)[number];
