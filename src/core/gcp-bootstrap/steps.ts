import { PROJECT_ID } from '../gcp-names.js';
import { UserError } from '../user-error.js';

/**
 * What `talos-fleet gcp bootstrap` does to a project, as gcloud command lines: the APIs, the
 * state bucket and the image bucket, a deployer service account with the narrow roles each step
 * needs (docs/iam.md says which and why), a node service account with no roles at all, and a
 * Workload Identity pool and provider that only the given repository's workflows can use.
 * Each step that creates has a `check` that exits 0 when the thing already exists, so applying
 * twice changes nothing.
 */

/** Stands in an argument for the project number, known only once `gcloud projects describe` ran. */
export const PROJECT_NUMBER = '{PROJECT_NUMBER}';

export interface BootstrapStep {
  title: string;
  /** Exits 0 when what `run` creates is already there. */
  check?: readonly string[];
  run: readonly string[];
}

export interface BootstrapOptions {
  project: string;
  /** owner/name of the repository whose workflows may impersonate the deployer. */
  repo: string;
  /** Name of the state bucket (globally unique: the CLI adds a random suffix). */
  stateBucket: string;
  bucketLocation: string;
}

export const DEPLOYER_ACCOUNT = 'talos-fleet-deployer';
export const NODE_ACCOUNT = 'talos-fleet-nodes';
export const POOL = 'github';
export const PROVIDER = 'github-actions';
export const STATE_BUCKET_LABEL = 'talos-fleet-role=state';

export const APIS = [
  'compute.googleapis.com',
  'storage.googleapis.com',
  'iam.googleapis.com',
  'iamcredentials.googleapis.com',
  'sts.googleapis.com',
  'cloudresourcemanager.googleapis.com',
] as const;

/** Project-level roles of the deployer, each with the step that needs it (docs/iam.md). */
export const DEPLOYER_ROLES: readonly { role: string; why: string }[] = [
  {
    role: 'roles/compute.instanceAdmin.v1',
    why: 'CAPG creates and deletes instances, disks and instance groups',
  },
  {
    role: 'roles/compute.networkAdmin',
    why: 'network: VPC, subnets, routers, NAT; CAPG: load balancer pieces',
  },
  {
    role: 'roles/compute.securityAdmin',
    why: 'network and CAPG: firewall rules (networkAdmin excludes them)',
  },
  {
    role: 'roles/compute.storageAdmin',
    why: 'image: creates the Talos GCE image; janitor: deletes fleet images',
  },
];

const REPO = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;
const BUCKET = /^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/;

export function validateBootstrapOptions(o: BootstrapOptions): void {
  const problems: UserError[] = [];
  if (!PROJECT_ID.test(o.project))
    problems.push(
      new UserError(`--project '${o.project.slice(0, 64)}' is not a GCP project ID`, {
        fix: 'pass the project ID (6-30 lowercase letters, digits and hyphens), not its name or number',
      }),
    );
  if (!REPO.test(o.repo))
    problems.push(
      new UserError(`--repo '${o.repo.slice(0, 64)}' is not owner/name`, {
        fix: 'pass the repository as owner/name, e.g. acme/platform-ci',
      }),
    );
  if (!BUCKET.test(o.stateBucket))
    problems.push(
      new UserError(`--state-bucket '${o.stateBucket.slice(0, 64)}' is not a valid bucket name`, {
        fix: 'use 3-63 lowercase letters, digits, - and _, starting and ending with a letter or digit',
      }),
    );
  const combined = UserError.combine(
    problems,
    'talos-fleet gcp bootstrap: the options have problems:',
    'gcp bootstrap',
  );
  if (combined) throw combined;
}

export function serviceAccountEmail(account: string, project: string): string {
  return `${account}@${project}.iam.gserviceaccount.com`;
}

/** The image action's default bucket (`<project>-talos-images`), created here so the deployer needs no bucket-creation role. */
export function imageBucketName(project: string): string {
  return `${project}-talos-images`;
}

export function workloadIdentityProvider(projectNumber: string): string {
  return `projects/${projectNumber}/locations/global/workloadIdentityPools/${POOL}/providers/${PROVIDER}`;
}

export function bootstrapSteps(o: BootstrapOptions): BootstrapStep[] {
  validateBootstrapOptions(o);
  const p = ['--project', o.project];
  const deployer = serviceAccountEmail(DEPLOYER_ACCOUNT, o.project);
  const nodes = serviceAccountEmail(NODE_ACCOUNT, o.project);
  const deployerMember = `serviceAccount:${deployer}`;
  const bucketSteps = (bucket: string, role: string, labels: string): BootstrapStep[] => [
    {
      title: `bucket gs://${bucket}`,
      check: ['gcloud', 'storage', 'buckets', 'describe', `gs://${bucket}`, ...p, '--format=value(name)'],
      run: [
        'gcloud',
        'storage',
        'buckets',
        'create',
        `gs://${bucket}`,
        ...p,
        `--location=${o.bucketLocation}`,
        '--uniform-bucket-level-access',
        '--public-access-prevention',
      ],
    },
    {
      title: `labels of gs://${bucket}`,
      run: [
        'gcloud',
        'storage',
        'buckets',
        'update',
        `gs://${bucket}`,
        `--update-labels=managed-by=talos-fleet,${labels}`,
      ],
    },
    {
      title: `deployer may read and write objects in gs://${bucket}`,
      run: [
        'gcloud',
        'storage',
        'buckets',
        'add-iam-policy-binding',
        `gs://${bucket}`,
        `--member=${deployerMember}`,
        `--role=${role}`,
      ],
    },
    {
      // storage.buckets.get: the image action verifies the bucket's project before trusting it.
      title: `deployer may read the metadata of gs://${bucket}`,
      run: [
        'gcloud',
        'storage',
        'buckets',
        'add-iam-policy-binding',
        `gs://${bucket}`,
        `--member=${deployerMember}`,
        '--role=roles/storage.legacyBucketReader',
      ],
    },
  ];
  const account = (name: string, display: string): BootstrapStep => ({
    title: `service account ${serviceAccountEmail(name, o.project)}`,
    check: [
      'gcloud',
      'iam',
      'service-accounts',
      'describe',
      serviceAccountEmail(name, o.project),
      ...p,
      '--format=value(email)',
    ],
    run: ['gcloud', 'iam', 'service-accounts', 'create', name, ...p, `--display-name=${display}`],
  });
  return [
    { title: 'enable the APIs', run: ['gcloud', 'services', 'enable', ...APIS, ...p] },
    account(DEPLOYER_ACCOUNT, 'talos-fleet deployer (CI)'),
    account(NODE_ACCOUNT, 'talos-fleet nodes (no roles)'),
    ...DEPLOYER_ROLES.map(({ role }) => ({
      title: `deployer role ${role}`,
      run: [
        'gcloud',
        'projects',
        'add-iam-policy-binding',
        o.project,
        `--member=${deployerMember}`,
        `--role=${role}`,
        '--condition=None',
        '--format=none',
      ],
    })),
    {
      title: 'deployer may attach the node service account to instances (and nothing else)',
      run: [
        'gcloud',
        'iam',
        'service-accounts',
        'add-iam-policy-binding',
        nodes,
        ...p,
        `--member=${deployerMember}`,
        '--role=roles/iam.serviceAccountUser',
        '--format=none',
      ],
    },
    ...bucketSteps(o.stateBucket, 'roles/storage.objectAdmin', STATE_BUCKET_LABEL),
    ...bucketSteps(imageBucketName(o.project), 'roles/storage.objectAdmin', 'talos-fleet-role=image-cache'),
    {
      title: `Workload Identity pool ${POOL}`,
      check: [
        'gcloud',
        'iam',
        'workload-identity-pools',
        'describe',
        POOL,
        '--location=global',
        ...p,
        '--format=value(name)',
      ],
      run: [
        'gcloud',
        'iam',
        'workload-identity-pools',
        'create',
        POOL,
        '--location=global',
        ...p,
        '--display-name=GitHub Actions',
      ],
    },
    {
      title: `OIDC provider ${PROVIDER}, limited to ${o.repo}`,
      check: [
        'gcloud',
        'iam',
        'workload-identity-pools',
        'providers',
        'describe',
        PROVIDER,
        `--workload-identity-pool=${POOL}`,
        '--location=global',
        ...p,
        '--format=value(name)',
      ],
      run: [
        'gcloud',
        'iam',
        'workload-identity-pools',
        'providers',
        'create-oidc',
        PROVIDER,
        `--workload-identity-pool=${POOL}`,
        '--location=global',
        ...p,
        '--issuer-uri=https://token.actions.githubusercontent.com',
        '--attribute-mapping=google.subject=assertion.sub,attribute.repository=assertion.repository,attribute.ref=assertion.ref',
        `--attribute-condition=assertion.repository=='${o.repo}'`,
      ],
    },
    {
      title: `workflows of ${o.repo} may act as the deployer`,
      run: [
        'gcloud',
        'iam',
        'service-accounts',
        'add-iam-policy-binding',
        deployer,
        ...p,
        '--role=roles/iam.workloadIdentityUser',
        `--member=principalSet://iam.googleapis.com/projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/${POOL}/attribute.repository/${o.repo}`,
        '--format=none',
      ],
    },
  ];
}

/** The command that prints the project number `PROJECT_NUMBER` stands for. */
export function projectNumberCommand(project: string): string[] {
  return ['gcloud', 'projects', 'describe', project, '--format=value(projectNumber)'];
}

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One argument quoted for a POSIX shell; the project number becomes "$PROJECT_NUMBER". */
export function shellQuote(arg: string): string {
  if (arg.includes(PROJECT_NUMBER))
    return `"${arg.replace(/["\\$`]/g, '\\$&').replace(PROJECT_NUMBER, '${PROJECT_NUMBER}')}"`;
  return SAFE.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The whole bootstrap as a copy-paste shell script: each creating step runs only when its check fails. */
export function bootstrapScript(o: BootstrapOptions): string {
  const steps = bootstrapSteps(o);
  const line = (argv: readonly string[]) => argv.map(shellQuote).join(' ');
  const out = [
    '#!/usr/bin/env bash',
    `# talos-fleet gcp bootstrap for project ${o.project} and repository ${o.repo}. Re-running it is safe.`,
    'set -euo pipefail',
    `PROJECT_NUMBER="$(${line(projectNumberCommand(o.project))})"`,
  ];
  for (const s of steps) {
    out.push('', `# ${s.title}`);
    out.push(s.check ? `${line(s.check)} >/dev/null 2>&1 || ${line(s.run)}` : line(s.run));
  }
  return `${out.join('\n')}\n`;
}
