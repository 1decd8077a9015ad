import { UserError } from '../../core/user-error.js';
import type { Command } from '../command.js';

export const planCommand: Command = {
  help: 'Usage: talos-fleet plan (being built)',
  run: () => {
    return Promise.reject(
      new UserError("'talos-fleet plan' is being built in this branch and does nothing yet."),
    );
  },
};
