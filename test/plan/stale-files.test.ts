import { describe, expect, it } from 'vitest';
import { staleFiles } from '../../src/core/plan/stale-files.js';

describe('staleFiles', () => {
  const next = [
    { path: 'plan.json', content: '' },
    { path: 'eu/cluster.yaml', content: '' },
  ];
  it('lists files of clusters that are gone, and only planner-shaped paths', () => {
    const previous = JSON.stringify({
      kind: 'FleetPlan',
      clusters: [
        { files: { manifests: 'eu/cluster.yaml', ciliumValues: 'eu/cilium-values.yaml' } },
        { files: { manifests: 'us/cluster.yaml', ciliumValues: '../../etc/passwd' } },
      ],
    });
    expect(staleFiles(previous, next)).toEqual(['eu/cilium-values.yaml', 'us/cluster.yaml']);
  });
  it('ignores a missing, unparseable or foreign plan.json', () => {
    expect(staleFiles(undefined, next)).toEqual([]);
    expect(staleFiles('{', next)).toEqual([]);
    expect(staleFiles('{"kind":"Other","clusters":[]}', next)).toEqual([]);
  });
});
