import { UserError } from '../../core/user-error.js';
import type { Command } from '../command.js';

export const statusCommand: Command = {
  help: 'Usage: talos-fleet status (being built)',
  run: () => {
    return Promise.reject(
      new UserError("'talos-fleet status' is being built in this branch and does nothing yet."),
    );
  },
};
