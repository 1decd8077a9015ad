import { UserError } from '../../core/user-error.js';
import { runAction } from '../../runtime/run-action.js';

await runAction('image', () => {
  return Promise.reject(new UserError('This action is being built in this branch and does nothing yet.'));
});
