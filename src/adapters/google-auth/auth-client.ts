import type { AuthClient } from 'google-auth-library';
import { UserError } from '../../core/user-error.js';
import { cjsExports } from '../cjs-interop.js';

/**
 * One google-auth-library client for GCS and Compute: the `access-token` input, else
 * GOOGLE_OAUTH_ACCESS_TOKEN, else Application Default Credentials (what
 * google-github-actions/auth sets up). A token obtained here is masked before anything else runs;
 * a given one was masked where it was read.
 */
export async function googleAuthClient(options: {
  accessToken: string | undefined;
  /** Given, so an external-account (WIF) client never looks it up through Resource Manager. */
  project: string;
  mask: (secret: string) => void;
}): Promise<AuthClient> {
  const { GoogleAuth, OAuth2Client } = cjsExports(await import('google-auth-library'));
  if (options.accessToken) {
    // Masked where it was read (the input, or GOOGLE_OAUTH_ACCESS_TOKEN).
    const client = new OAuth2Client();
    client.setCredentials({ access_token: options.accessToken });
    return client;
  }
  try {
    const auth = new GoogleAuth({
      scopes: ['https://www.googleapis.com/auth/cloud-platform'],
      projectId: options.project,
    });
    const client = await auth.getClient();
    const { token } = await client.getAccessToken();
    if (token) options.mask(token);
    return client;
  } catch (error) {
    throw new UserError(`No Google credentials: ${error instanceof Error ? error.message : String(error)}`, {
      fix: 'run google-github-actions/auth before this step (Workload Identity Federation), or pass access-token',
      title: 'Google credentials missing',
      cause: error,
    });
  }
}
