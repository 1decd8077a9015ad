#!/usr/bin/env node
import { commands } from './commands/index.js';
import { dispatch } from './dispatch.js';

process.exitCode = await dispatch(process.argv.slice(2), commands, {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
