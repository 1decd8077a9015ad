import { join } from 'node:path';
import { getExecOutput } from '@actions/exec';
import { UserError } from '../../core/user-error.js';
import type { Asset } from '../../core/tools/catalog.js';
import { mirrorUrl } from '../../core/tools/mirror.js';
import { childEnv } from './child-env.js';
import { type InstallRecord, writeInstallRecord } from './install-record.js';

interface ComponentsContext {
  gcloudComponents: readonly string[];
  mirror: string | undefined;
  log: (tool: 'gcloud', message: string) => void;
}

const SNAPSHOT = 'https://dl.google.com/dl/cloudsdk/channels/rapid/components-2.json';

/**
 * `gcloud components install` writes into the SDK tree, so the components already installed are
 * kept in the install record beside the cached tree and only missing ones are installed. With a
 * mirror, the component manager reads its snapshot through it too.
 */
export async function installGcloudComponents(
  dir: string,
  asset: Asset,
  record: InstallRecord | undefined,
  ctx: ComponentsContext,
): Promise<void> {
  const have = record?.components ?? [];
  const missing = ctx.gcloudComponents.filter((c) => !have.includes(c));
  if (missing.length === 0) return;
  ctx.log('gcloud', `installing components: ${missing.join(', ')}`);
  const env = childEnv({ CLOUDSDK_CORE_DISABLE_PROMPTS: '1' });
  if (ctx.mirror) env.CLOUDSDK_COMPONENT_MANAGER_SNAPSHOT_URL = mirrorUrl(SNAPSHOT, ctx.mirror);
  const result = await getExecOutput(
    join(dir, asset.binary),
    ['components', 'install', '--quiet', ...missing],
    {
      silent: true,
      ignoreReturnCode: true,
      env,
    },
  );
  if (result.exitCode !== 0) {
    throw new UserError(
      `gcloud components install ${missing.join(' ')} failed (exit ${result.exitCode}): ${(result.stderr || result.stdout).trim().slice(0, 500)}`,
      {
        fix: "check the names in 'gcloud-components' (gcloud components list shows them)",
        title: 'gcloud components',
      },
    );
  }
  await writeInstallRecord(dir, { ...record, components: [...have, ...missing] });
}
