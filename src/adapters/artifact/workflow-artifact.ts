import type { ArtifactPort } from '../../core/cluster/ports.js';

/**
 * Workflow artifacts through @actions/artifact (loaded only when there is something to upload).
 * Off a runner (no ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL) there is nowhere to upload to:
 * the files stay on disk and the caller says where.
 */
export function workflowArtifacts(env: NodeJS.ProcessEnv, retentionDays: number): ArtifactPort {
  return {
    async upload(name, root, files) {
      if (!env.ACTIONS_RUNTIME_TOKEN || !env.ACTIONS_RESULTS_URL) return undefined;
      const { DefaultArtifactClient } = await import('@actions/artifact');
      const { id } = await new DefaultArtifactClient().uploadArtifact(name, [...files], root, {
        retentionDays,
      });
      return id === undefined ? undefined : String(id);
    },
  };
}
