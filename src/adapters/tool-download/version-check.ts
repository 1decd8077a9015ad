import { getExecOutput } from '@actions/exec';
import semver from 'semver';
import { UserError } from '../../core/user-error.js';
import { TOOLS, type ToolName } from '../../core/tools/catalog.js';
import { childEnv } from './child-env.js';

/** Runs the tool's version command once and checks it reports the version that was asked for. */
export async function checkReportedVersion(
  tool: ToolName,
  binary: string,
  version: string,
  url: string,
): Promise<string> {
  const check = TOOLS[tool].versionCheck;
  const result = await getExecOutput(binary, [...check.args], {
    silent: true,
    ignoreReturnCode: true,
    env: childEnv(check.env),
  }).catch((error: unknown) => ({ exitCode: -1, stdout: '', stderr: String(error) }));
  const output = `${result.stdout}\n${result.stderr}`;
  const reported = check.pattern.exec(output)?.[1];
  const command = `${tool} ${check.args.join(' ')}`;
  if (result.exitCode !== 0 || !reported) {
    throw new UserError(
      `${tool} ${version} from ${url} did not run: '${command}' exited ${result.exitCode} and printed ${JSON.stringify(output.trim().slice(0, 200))}. Nothing was cached.`,
      {
        fix: 'the download may be for another platform or broken; check the runner platform and the mirror',
        title: 'Post-install check failed',
      },
    );
  }
  if (semver.clean(reported) !== semver.clean(version)) {
    throw new UserError(
      `${tool} from ${url} reports version ${reported} ('${command}'), but ${version} was requested. Nothing was cached.`,
      {
        fix: 'the release or the mirror serves the wrong build for this version; report it, or pin another version',
        title: 'Post-install check failed',
      },
    );
  }
  return reported;
}
