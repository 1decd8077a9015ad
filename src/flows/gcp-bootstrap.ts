import {
  type BootstrapOptions,
  bootstrapScript,
  bootstrapSteps,
  DEPLOYER_ACCOUNT,
  NODE_ACCOUNT,
  PROJECT_NUMBER,
  projectNumberCommand,
  serviceAccountEmail,
  STATE_BUCKET_LABEL,
  workloadIdentityProvider,
} from '../core/gcp-bootstrap/steps.js';
import type { CommandRunner } from '../core/command-runner.js';
import type { Log } from '../core/log.js';
import { UserError } from '../core/user-error.js';

export interface GcpBootstrapOptions extends BootstrapOptions {
  /** Run the commands (through the gcloud on PATH) instead of only printing them. */
  apply: boolean;
  /** Whether the state bucket name was given, rather than made up with a random suffix. */
  stateBucketGiven: boolean;
}

export interface GcpBootstrapResult {
  /** The copy-paste script, for the bucket name used. */
  script: string;
  /** With apply: each step and whether it was already there. */
  steps: { title: string; outcome: 'created' | 'already there' | 'done' }[];
  /** The repository variables the example workflows read. */
  variables: Record<string, string>;
}

export async function gcpBootstrapFlow(
  options: GcpBootstrapOptions,
  ports: { gcloud: CommandRunner },
  log: Log,
): Promise<GcpBootstrapResult> {
  bootstrapSteps(options); // validates before anything runs
  if (!options.apply) {
    return { script: bootstrapScript(options), steps: [], variables: variables(options, '$PROJECT_NUMBER') };
  }
  const run = async (argv: readonly string[], title: string) => {
    const result = await ports.gcloud.run(argv);
    if (result.code !== 0)
      throw new UserError(`gcloud failed at "${title}" (exit ${result.code}): ${lastLines(result.stderr)}`, {
        fix: 'run it as a user who may change IAM and enable APIs in the project (roles/owner or the IAM and Service Usage admin roles), with `gcloud auth login`; re-running continues where it stopped',
        title: 'gcp bootstrap',
      });
    return result.stdout.trim();
  };
  const projectNumber = await run(projectNumberCommand(options.project), 'look up the project number');
  let stateBucket = options.stateBucket;
  if (!options.stateBucketGiven) {
    // A re-run finds the bucket the first run made, rather than making a second one.
    const found = await run(
      [
        'gcloud',
        'storage',
        'buckets',
        'list',
        '--project',
        options.project,
        `--filter=labels.${STATE_BUCKET_LABEL.replace('=', ':')}`,
        '--format=value(name)',
      ],
      'look for an existing state bucket',
    );
    const existing = found.split('\n').find(Boolean);
    if (existing) {
      stateBucket = existing.replace(/^gs:\/\//, '');
      log.info(`Reusing the state bucket gs://${stateBucket}, made by an earlier bootstrap`);
    }
  }
  const resolved = { ...options, stateBucket };
  const steps: GcpBootstrapResult['steps'] = [];
  for (const step of bootstrapSteps(resolved)) {
    const argv = step.run.map((a) => a.replace(PROJECT_NUMBER, projectNumber));
    if (step.check && (await ports.gcloud.run(step.check)).code === 0) {
      log.info(`✓ ${step.title}: already there`);
      steps.push({ title: step.title, outcome: 'already there' });
      continue;
    }
    await run(argv, step.title);
    log.info(`✓ ${step.title}`);
    steps.push({ title: step.title, outcome: step.check ? 'created' : 'done' });
  }
  return { script: bootstrapScript(resolved), steps, variables: variables(resolved, projectNumber) };
}

function variables(o: BootstrapOptions, projectNumber: string): Record<string, string> {
  return {
    GCP_PROJECT: o.project,
    WIF_PROVIDER: workloadIdentityProvider(projectNumber),
    DEPLOYER_SA: serviceAccountEmail(DEPLOYER_ACCOUNT, o.project),
    NODE_SA: serviceAccountEmail(NODE_ACCOUNT, o.project),
    STATE_BUCKET: o.stateBucket,
  };
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' / ').slice(0, 500) || '(no output)';
}
