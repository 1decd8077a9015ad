#!/usr/bin/env node
import packageJson from '../../package.json' with { type: 'json' };
import { commands } from './commands/index.js';
import { dispatch } from './dispatch.js';
import { workflowSafe } from './workflow-safe-stream.js';

// Inside a runner, no line the CLI prints can be taken for a workflow command.
const onRunner = process.env.GITHUB_ACTIONS === 'true';

process.exitCode = await dispatch(
  process.argv.slice(2),
  commands,
  {
    stdout: onRunner ? workflowSafe(process.stdout) : process.stdout,
    stderr: onRunner ? workflowSafe(process.stderr) : process.stderr,
    cwd: process.cwd(),
    env: process.env,
  },
  packageJson.version,
);
