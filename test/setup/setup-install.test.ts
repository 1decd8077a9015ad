import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PINNED } from '../fakes/tool-mirror/tool-mirror.js';
import { cachedEntries, errors, newRunnerDir, runSetupAction, useFakes, TOKEN } from './harness.js';

const fakes = useFakes();

describe('setup action: full toolchain through the mirror', () => {
  it('installs every tool at its pin, verified, on PATH, with outputs and a summary; a warm rerun makes no request', async () => {
    const runnerDir = await newRunnerDir();
    const cold = await runSetupAction(fakes, {}, { runnerDir });
    expect(errors(cold), cold.stdout).toEqual([]);
    expect(cold.code).toBe(0);

    expect(JSON.parse(cold.outputs.versions ?? '{}')).toEqual(PINNED);
    for (const [tool, version] of Object.entries(PINNED)) {
      expect(cold.outputs[`${tool}-version`]).toBe(version);
      const bin = cold.outputs[`${tool}-path`] ?? '';
      expect(existsSync(bin), `${tool}-path ${bin}`).toBe(true);
      expect(cold.path.some((p) => bin.startsWith(p))).toBe(true);
    }
    // The real layouts: helm from linux-amd64/, gcloud from google-cloud-sdk/bin, yq renamed.
    expect(cold.outputs['helm-path']).toMatch(/helm\/4\.3\.0\/x64\/linux-amd64\/helm$/);
    expect(cold.outputs['gcloud-path']).toMatch(/gcloud\/583\.0\.0\/x64\/google-cloud-sdk\/bin\/gcloud$/);
    expect(cold.outputs['yq-path']).toMatch(/yq\/4\.54\.1\/x64\/yq$/);
    expect(
      execFileSync(cold.outputs['kubectl-path'] ?? '', ['version', '--client'], { encoding: 'utf8' }),
    ).toContain('Client Version: v1.37.1');

    // gcloud is not verifiable without a lock file: one loud warning, and the summary says so.
    const warnings = cold.annotations.filter((a) => a.level === 'warning');
    expect(warnings.map((w) => w.message).join('\n')).toMatch(/gcloud 583\.0\.0 was NOT verified/);
    expect(cold.summary).toContain('<th>Source URL</th>');
    expect(cold.summary).toMatch(
      /kubectl<\/td><td>1\.37\.1<\/td><td>https:\/\/127\.0\.0\.1:\d+\/dl\.k8s\.io\/release\/v1\.37\.1\/bin\/linux\/amd64\/kubectl<\/td><td>sha256 \(kubectl\.sha256\)<\/td><td>no<\/td>/,
    );
    expect(cold.summary).toContain('sha256 (GitHub asset digest)');
    expect(cold.summary).toContain('sha256 (checksums + checksums_hashes_order)');
    expect(cold.summary).toContain('NOT VERIFIED');

    // The token went to the API only (for clusterctl's digest), never to the mirror.
    expect(fakes.mirror.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
    expect(fakes.api.requests.length).toBeGreaterThan(0);
    expect(fakes.api.requests.every((r) => r.headers.authorization === `token ${TOKEN}`)).toBe(true);

    expect(await cachedEntries(runnerDir)).toHaveLength(Object.keys(PINNED).length);

    const mirrorBefore = fakes.mirror.requests.length;
    const apiBefore = fakes.api.requests.length;
    const warm = await runSetupAction(fakes, {}, { runnerDir });
    expect(warm.code).toBe(0);
    expect(fakes.mirror.requests.length).toBe(mirrorBefore);
    expect(fakes.api.requests.length).toBe(apiBefore);
    expect(JSON.parse(warm.outputs.versions ?? '{}')).toEqual(PINNED);
    expect(warm.outputs['gcloud-path']).toBe(cold.outputs['gcloud-path']);
    expect(warm.summary).toMatch(/<td>\(tool cache\)<\/td><td>[^<]*<\/td><td>yes<\/td>/);
    expect(existsSync(join(runnerDir, 'tool-cache', 'gcloud', '583.0.0', 'x64.complete'))).toBe(true);
  });

  it('starts every download at once: with 200 ms per request, six tools overlap instead of going in rounds', async () => {
    const tools = ['kubectl', 'helm', 'talosctl', 'yq', 'kind', 'cilium'] as const;
    const before = fakes.mirror.timings.length;
    fakes.mirror.throttle = { latencyMs: 200 };
    try {
      const r = await runSetupAction(fakes, { tools: tools.join(', ') }, { runnerDir: await newRunnerDir() });
      expect(errors(r), r.stdout).toEqual([]);
      expect(r.stdout).toContain('(all 6 at once)');
    } finally {
      fakes.mirror.throttle = {};
    }
    const downloads = fakes.mirror.timings
      .slice(before)
      .filter((t) => tools.some((tool) => t.path === `/${fakes.mirror.assetPath(tool, PINNED[tool])}`));
    expect(downloads).toHaveLength(6);
    // Every asset download was in flight at one moment: the last to start began before the first ended.
    const lastStart = Math.max(...downloads.map((d) => d.startMs));
    const firstEnd = Math.min(...downloads.map((d) => d.endMs));
    expect(lastStart).toBeLessThan(firstEnd);
  });
});
