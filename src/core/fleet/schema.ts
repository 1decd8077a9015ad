import semver from 'semver';
import { z } from 'zod';
import { GCE_NAME, PROJECT_ID } from '../gcp-names.js';
import { IMAGE_REF_PATTERN } from './image.js';
import { DEFAULT_VERSIONS } from './versions.js';
import { parseCidr } from './cidr.js';
import { DISK_TYPES } from './disk-type.js';
import { suggestion } from './did-you-mean.js';
import { parseDurationSeconds } from './duration.js';
import { GCP_REGIONS, isKnownRegion } from './gcp-regions.js';

/**
 * The fleet spec: the one zod schema the code validates with, and the source of the published
 * JSON Schema (schemas/fleet.schema.json, `npm run schemas`). Objects are strict, so an unknown
 * key is an error (with a did-you-mean).
 */

export const API_VERSION = 'talos-fleet.dev/v1alpha1';
export const MAX_TTL_SECONDS = 30 * 86_400;

/**
 * Starts with a letter, ends alphanumeric, no `--`: names are `<fleet>--<rest>` (plan/names.ts),
 * so the first `--` ends the fleet name and two fleets' names can never collide.
 */
export const FLEET_NAME = /^[a-z](-?[a-z0-9])*$/;
/** Cilium's cluster-name rule: lowercase alphanumerics and `-`, alphanumeric at both ends, <= 32. */
export const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/**
 * The shape of GCE machine type names, not a catalogue (which types exist depends on the zone):
 * `<series>-<kind>[-<size>][-<variant>...]` as in `e2-medium`, `n2-standard-2`, `a2-highgpu-1g`,
 * `a3-highgpu-8g`, `c4-standard-8-lssd`, `c3d-highmem-360-metal`, `ct5lp-hightpu-4t`; and custom
 * types `[<series>-]custom-<vCPUs|micro|small|medium>-<MB>[-ext]`, as in `e2-custom-4-8192`,
 * `custom-2-4096-ext`.
 */
export const MACHINE_TYPE =
  /^(?=.{1,63}$)([a-z][a-z0-9]*-custom-(\d+|micro|small|medium)-\d+(-ext)?|custom-\d+-\d+(-ext)?|[a-z][a-z0-9]*-(?!custom(-|$))[a-z]+(-\d+[a-z]?)?(-[a-z]+)*)$/;

const cidr = (what: string, minPrefix = 0, maxPrefix = 32) =>
  z
    .string()
    .superRefine((value, ctx) => {
      const parsed = parseCidr(value);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.problem });
      else if (parsed.cidr.prefix < minPrefix || parsed.cidr.prefix > maxPrefix)
        ctx.addIssue({
          code: 'custom',
          message: `'${value}' must be between /${minPrefix} and /${maxPrefix}`,
        });
    })
    .meta({ description: what, examples: ['10.1.0.0/16'] });

/**
 * `v1.13.9`, `v1.14.0-rc.1`: a leading `v` and a full semver, without build metadata (`+...`):
 * release tags, container image tags and Image Factory versions never carry it, and `+` is not
 * allowed in an image tag.
 */
const vVersion = (what: string, example: string) =>
  z
    .string()
    .superRefine((value, ctx) => {
      const bare = value.startsWith('v') ? value.slice(1) : value;
      if (value.includes('+') && semver.valid(bare))
        ctx.addIssue({
          code: 'custom',
          message: `'${value}' has build metadata ('+...'), which no release tag carries; use the release tag, e.g. '${value.split('+')[0] ?? example}'`,
        });
      else if (!value.startsWith('v') || !semver.valid(bare))
        ctx.addIssue({
          code: 'custom',
          message: `'${value}' is not a version like ${example}${semver.valid(value) ? `; did you mean 'v${value}'?` : ''}`,
        });
    })
    .meta({ description: `${what} (default ${example})` });

const ciliumVersion = z
  .string()
  .superRefine((value, ctx) => {
    if (value.startsWith('v') || !semver.valid(value))
      ctx.addIssue({
        code: 'custom',
        message: `'${value}' is not a Cilium chart version like ${DEFAULT_VERSIONS.cilium}${value.startsWith('v') && semver.valid(value.slice(1)) ? `; did you mean '${value.slice(1)}'?` : ''}`,
      });
  })
  .meta({
    description: `Cilium Helm chart version, without a leading v (default ${DEFAULT_VERSIONS.cilium})`,
  });

const machineType = z
  .string()
  .regex(MACHINE_TYPE, {
    error: (issue) => `'${String(issue.input)}' is not a GCE machine type like n2-standard-2`,
  })
  .meta({ description: 'GCE machine type, e.g. n2-standard-2, a2-highgpu-1g or e2-custom-4-8192' });

const diskSizeGb = z.int().min(10).max(65_536).meta({ description: 'Boot disk size in GB (default 30)' });

const diskType = z.enum(DISK_TYPES).meta({
  description:
    'Boot disk type (default: pd-balanced, or hyperdisk-balanced for series that take only Hyperdisk such as C4 and N4)',
});

export const ControlPlanePoolSchema = z
  .strictObject({
    replicas: z
      .int()
      .min(1)
      .max(7)
      .refine((n) => n % 2 === 1, {
        error: 'control-plane replicas must be odd (1, 3, 5 or 7) for etcd quorum',
      })
      .optional()
      .meta({ description: 'Control-plane machines: 1, 3, 5 or 7 (default 1)' }),
    machineType: machineType.optional(),
    diskSizeGb: diskSizeGb.optional(),
    diskType: diskType.optional(),
  })
  .meta({ description: 'Control-plane machines' });

export const WorkerPoolSchema = z
  .strictObject({
    replicas: z.int().min(0).max(1000).optional().meta({ description: 'Worker machines (default 2)' }),
    machineType: machineType.optional(),
    diskSizeGb: diskSizeGb.optional(),
    diskType: diskType.optional(),
  })
  .meta({ description: 'Worker machines (one MachineDeployment per zone)' });

export const ClusterSchema = z
  .strictObject({
    name: z
      .string()
      .max(32, { error: 'must be at most 32 characters (Cilium cluster.name)' })
      .regex(CLUSTER_NAME, {
        error:
          'must be lowercase alphanumerics and -, starting and ending alphanumeric (Cilium cluster.name)',
      })
      .refine((n) => n !== 'default', { error: "'default' is reserved by Cilium for cluster id 0" })
      .refine((n) => !n.includes('--'), {
        error: 'must not contain -- (it separates the fleet from the cluster in every GCP name)',
      })
      .meta({ description: 'Cluster name: Cilium cluster.name, and part of every GCP name (fleet-name)' }),
    region: z
      .string()
      .superRefine((value, ctx) => {
        if (!isKnownRegion(value))
          ctx.addIssue({
            code: 'custom',
            message: `unknown GCP region '${value}'${suggestion(value, GCP_REGIONS)}`,
          });
      })
      .meta({ description: 'GCP region for the node subnet and machines', examples: ['europe-west1'] }),
    zones: z
      .array(z.string().regex(/^[a-z]+(-[a-z]+)*\d+-[a-z]$/, { error: 'is not a zone like europe-west1-b' }))
      .min(1)
      .optional()
      .meta({ description: 'Zones (CAPG failureDomains) in the region; default: every zone of the region' }),
    id: z
      .int()
      .min(1, { error: 'must be 1-255 (Cilium cluster.id)' })
      .max(255, { error: 'must be 1-255 (Cilium cluster.id)' })
      .optional()
      .meta({ description: 'Cilium cluster.id, unique in the fleet (default: allocated)' }),
    podCidr: cidr(
      'Pod CIDR, /8 to /22 (default: the first free /16 in 10.0.0.0/8 from 10.<id>.0.0/16)',
      8,
      22,
    ).optional(),
    serviceCidr: cidr('Service CIDR, /12 to /24 (default: a free /20 in 172.16.0.0/12)', 12, 24).optional(),
    nodeCidr: cidr(
      'Node subnet (GCP subnetwork range, /8 to /29; default: a free /24 in 192.168.0.0/16)',
      8,
      29,
    ).optional(),
    controlPlane: ControlPlanePoolSchema.optional(),
    workers: WorkerPoolSchema.optional(),
  })
  .meta({ description: 'One Talos cluster' });

export const FleetSpecSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'Editor hint: URL or path of fleet.schema.json' }),
    apiVersion: z.literal(API_VERSION),
    kind: z.literal('Fleet'),
    metadata: z.strictObject({
      name: z
        .string()
        .max(63)
        .regex(FLEET_NAME, {
          error:
            'must be lowercase letters, digits and single -, starting with a letter and not ending with -',
        })
        .regex(/^(?!allow-)/, {
          error:
            "must not start with 'allow-': CAPG names its firewall rules allow-<fleet>--<cluster>-..., so teardown could not tell this fleet's resources from another's",
        })
        .meta({ description: 'Fleet id: prefix of every resource name and the talos-fleet label value' }),
    }),
    spec: z.strictObject({
      ttl: z
        .string()
        .superRefine((value, ctx) => {
          const seconds = parseDurationSeconds(value);
          if (seconds === undefined)
            ctx.addIssue({
              code: 'custom',
              message: `'${value}' is not a duration like 90m, 6h, 1h30m or 2d`,
            });
          else if (seconds > MAX_TTL_SECONDS)
            ctx.addIssue({ code: 'custom', message: `'${value}' is longer than the 30d maximum` });
        })
        .optional()
        .meta({
          description: 'Lifetime; sets the expires-at label teardown and the janitor read (default 6h)',
        }),
      gcp: z.strictObject({
        project: z
          .string()
          .regex(PROJECT_ID, { error: (i) => `'${String(i.input)}' is not a GCP project id` })
          .meta({ description: 'GCP project id' }),
        network: z
          .string()
          .regex(GCE_NAME, { error: (i) => `'${String(i.input)}' is not a GCE network name` })
          .optional()
          .meta({
            description:
              "'auto' (default): one custom-mode VPC for this fleet; or the name of an existing VPC to share",
          }),
        nodeServiceAccount: z
          .strictObject({
            email: z
              .string()
              .regex(/^(default|[^@\s]+@[^@\s]+\.[^@\s]+)$/, {
                error: (i) =>
                  `'${String(i.input)}' is not a service account email (or 'default', the project's Compute Engine default account)`,
              })
              .optional()
              .meta({
                description:
                  "Service account the VMs run as (default 'default', the Compute Engine default account; a project that deleted it needs one here, e.g. an account with no roles)",
              }),
            scopes: z
              .array(
                z.string().regex(/^https:\/\/www\.googleapis\.com\/auth\/[a-z0-9._-]+$/, {
                  error: (i) =>
                    `'${String(i.input)}' is not an OAuth scope URL like https://www.googleapis.com/auth/devstorage.read_only`,
                }),
              )
              .optional()
              .meta({
                description:
                  'OAuth scopes of its tokens (default none: Talos and the Talos CCM call no Google API, so no pod can mint a token)',
              }),
          })
          .optional()
          .meta({ description: 'The VMs service account (GCPMachineTemplate serviceAccounts)' }),
        usedRanges: z.array(cidr('A range already in use')).optional().meta({
          description:
            'Ranges already used in a shared network (its subnets, peerings); the planner allocates around them',
        }),
      }),
      image: z
        .string()
        .regex(IMAGE_REF_PATTERN, {
          error: (i) =>
            `'${String(i.input)}' is not a GCE image name, family/<family>, or projects/<p>/global/images/...`,
        })
        .optional()
        .meta({
          description:
            'GCE image: a name in the project, family/<name>, or a self-link. Default: the image action default name',
        }),
      versions: z
        .strictObject({
          talos: vVersion('Talos', DEFAULT_VERSIONS.talos).optional(),
          kubernetes: vVersion('Kubernetes', DEFAULT_VERSIONS.kubernetes).optional(),
          cilium: ciliumVersion.optional(),
          capi: vVersion('Cluster API core', DEFAULT_VERSIONS.capi).optional(),
          capg: vVersion('Cluster API Provider GCP', DEFAULT_VERSIONS.capg).optional(),
          cabpt: vVersion('Talos bootstrap provider', DEFAULT_VERSIONS.cabpt).optional(),
          cacppt: vVersion('Talos control-plane provider', DEFAULT_VERSIONS.cacppt).optional(),
          talosCcm: vVersion('Talos cloud controller manager', DEFAULT_VERSIONS.talosCcm).optional(),
        })
        .optional()
        .meta({ description: 'Pinned versions; every key defaults to a tested pin' }),
      defaults: z
        .strictObject({
          controlPlane: ControlPlanePoolSchema.optional(),
          workers: WorkerPoolSchema.optional(),
        })
        .optional()
        .meta({ description: 'Machine settings for every cluster; a cluster may override each key' }),
      access: z
        .strictObject({
          talosApiSourceRanges: z
            .array(
              cidr(
                'A range that may reach Talos apid (TCP 50000) on control planes: the management cluster (CACPPT) and talosctl',
              ),
            )
            .min(1)
            .optional()
            .meta({
              description:
                'Who may reach Talos apid (TCP 50000) on control planes for the life of the cluster: the management cluster, whose CACPPT bootstraps etcd and health-checks through it, and talosctl users (default 0.0.0.0/0, with a warning)',
            }),
          bootstrapSourceRanges: z
            .array(cidr('Deprecated: see talosApiSourceRanges'))
            .min(1)
            .optional()
            .meta({
              description: 'Deprecated name of talosApiSourceRanges (still read, with a warning)',
              deprecated: true,
            }),
        })
        .optional(),
      clusters: z.array(ClusterSchema).min(1, { error: 'list at least one cluster' }),
      mesh: z
        .strictObject({
          enabled: z
            .boolean()
            .optional()
            .meta({ description: 'Join every cluster with Cilium ClusterMesh (default false)' }),
          datapath: z
            .enum(['vxlan', 'geneve'])
            .optional()
            .meta({ description: 'Cilium tunnel protocol: vxlan (UDP 8472, default) or geneve (UDP 6081)' }),
          apiserverNodePort: z
            .int()
            .min(30_000)
            .max(32_767)
            .optional()
            .meta({ description: 'NodePort of the clustermesh-apiserver (default 32379)' }),
        })
        .optional(),
    }),
  })
  .meta({ title: 'talos-fleet Fleet', description: 'One file describing N meshed Talos clusters on GCP' });

export type FleetSpec = z.output<typeof FleetSpecSchema>;
export type ClusterSpec = z.output<typeof ClusterSchema>;
