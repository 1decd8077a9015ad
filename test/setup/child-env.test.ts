import { describe, expect, it } from 'vitest';
import { childEnv } from '../../src/adapters/tool-download/child-env.js';

describe('the environment downloaded binaries run with', () => {
  it('withholds action inputs, runner runtime tokens and URLs, and anything named like a secret', () => {
    const env = {
      PATH: '/usr/bin',
      HOME: '/home/runner',
      RUNNER_TEMP: '/tmp/r',
      GITHUB_API_URL: 'https://api.github.com',
      GITHUB_REPOSITORY: 'acme/fleet',
      'INPUT_GITHUB-TOKEN': 'ghs_x',
      INPUT_TOOLS: 'kubectl',
      GITHUB_TOKEN: 'ghs_y',
      GH_TOKEN: 'ghs_z',
      ACTIONS_RUNTIME_TOKEN: 'rt',
      ACTIONS_RUNTIME_URL: 'https://pipelines.example/',
      ACTIONS_RESULTS_URL: 'https://results.example/',
      ACTIONS_CACHE_URL: 'https://cache.example/',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.example/',
      GOOGLE_OAUTH_ACCESS_TOKEN: 'ya29.x',
      CLOUDSDK_AUTH_ACCESS_TOKEN: 'ya29.y',
      GOOGLE_APPLICATION_CREDENTIALS: '/tmp/creds.json',
      NPM_PASSWORD: 'p',
      MY_SECRET: 's',
      input_lowercase: 'x',
      UNSET: undefined,
    };
    expect(childEnv({ CLOUDSDK_CORE_DISABLE_PROMPTS: '1' }, env)).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      RUNNER_TEMP: '/tmp/r',
      GITHUB_API_URL: 'https://api.github.com',
      GITHUB_REPOSITORY: 'acme/fleet',
      CLOUDSDK_CORE_DISABLE_PROMPTS: '1',
    });
  });

  it('defaults to this process environment, without its token input', () => {
    const saved = process.env['INPUT_GITHUB-TOKEN'];
    process.env['INPUT_GITHUB-TOKEN'] = 'ghs_in_this_process';
    try {
      const env = childEnv();
      expect(env.PATH).toBe(process.env.PATH);
      expect(Object.values(env)).not.toContain('ghs_in_this_process');
    } finally {
      if (saved === undefined) delete process.env['INPUT_GITHUB-TOKEN'];
      else process.env['INPUT_GITHUB-TOKEN'] = saved;
    }
  });
});
