import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { MeshPorts } from '../flows/mesh.js';
import { loadKubeconfig } from './kubernetes/mesh-kube.js';

/**
 * The mesh flow's files: a private folder (0700, files 0600) for values files, which hold the
 * CA key, and the merged kubeconfig, removed by `dispose`; and an artifact folder for diagnostics
 * and JUnit reports, which never hold a secret (diagnostics are redacted before they are written).
 */
export async function meshFiles(
  tempRoot: string,
  mask: (secret: string) => void,
): Promise<{ files: MeshPorts['files']; artifactDir: string; dispose: () => Promise<void> }> {
  await mkdir(tempRoot, { recursive: true });
  const privateDir = await mkdtemp(join(tempRoot, 'talos-fleet-mesh-'));
  await chmod(privateDir, 0o700);
  const artifactDir = join(tempRoot, 'talos-fleet-mesh-artifacts');
  const writePrivate = async (name: string, content: string) => {
    const path = join(privateDir, name);
    await writeFile(path, content, { mode: 0o600 });
    return path;
  };
  return {
    artifactDir,
    dispose: () => rm(privateDir, { recursive: true, force: true }),
    files: {
      async readText(path) {
        try {
          return await readFile(path, 'utf8');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
          throw error;
        }
      },
      writePrivate,
      async writeArtifact(name, content) {
        const path = join(artifactDir, name);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, content, { mode: 0o644 });
        return path;
      },
      async mergedKubeconfig(files) {
        const k8s = await import('@kubernetes/client-node');
        const merged = new k8s.KubeConfig();
        const clusters = [];
        const users = [];
        const contexts = [];
        for (const [name, file] of files) {
          const { kc } = await loadKubeconfig(await readFile(file, 'utf8'), file, mask);
          const cluster = kc.getCurrentCluster();
          const user = kc.getCurrentUser();
          if (!cluster || !user) continue;
          clusters.push({ ...cluster, name });
          users.push({ ...user, name });
          contexts.push({ name, cluster: name, user: name });
        }
        merged.loadFromOptions({ clusters, users, contexts, currentContext: contexts[0]?.name ?? '' });
        return writePrivate('fleet.kubeconfig', merged.exportConfig());
      },
    },
  };
}
