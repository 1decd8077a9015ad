import { UserError } from '../../core/user-error.js';
import type { Command } from '../command.js';

export const imageCommand: Command = {
  help: 'Usage: talos-fleet image (being built)',
  run: () => {
    return Promise.reject(
      new UserError("'talos-fleet image' is being built in this branch and does nothing yet."),
    );
  },
};
