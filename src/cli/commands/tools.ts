import { UserError } from '../../core/user-error.js';
import type { Command } from '../command.js';

export const toolsCommand: Command = {
  help: 'Usage: talos-fleet tools (being built)',
  run: () => {
    return Promise.reject(
      new UserError("'talos-fleet tools' is being built in this branch and does nothing yet."),
    );
  },
};
