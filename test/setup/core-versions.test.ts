import fc from 'fast-check';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import {
  highestRelease,
  parseChannelVersion,
  parseGcloudComponentsVersion,
  parseVersionSpec,
  resolutionStep,
  type VersionSpec,
} from '../../src/core/tools/version-spec.js';

describe('version specs', () => {
  it('parses exact, latest and partial forms', () => {
    expect(parseVersionSpec('kubectl', '1.34.1', 'x')).toEqual({ kind: 'exact', version: '1.34.1' });
    expect(parseVersionSpec('kubectl', 'v1.34.1', 'x')).toEqual({ kind: 'exact', version: '1.34.1' });
    expect(parseVersionSpec('talosctl', 'v1.14.0-rc.1', 'x')).toEqual({
      kind: 'exact',
      version: '1.14.0-rc.1',
    });
    expect(parseVersionSpec('kubectl', 'latest', 'x')).toEqual({ kind: 'latest' });
    expect(parseVersionSpec('kubectl', 'LATEST', 'x')).toEqual({ kind: 'latest' });
    expect(parseVersionSpec('kubectl', '1.34', 'x')).toEqual({ kind: 'partial', major: 1, minor: 34 });
    expect(parseVersionSpec('kubectl', 'v1.34.x', 'x')).toEqual({ kind: 'partial', major: 1, minor: 34 });
    expect(parseVersionSpec('helm', '3', 'x')).toEqual({ kind: 'partial', major: 3 });
  });

  it('rejects malformed versions naming the tool, where, and the accepted forms', () => {
    for (const bad of ['1.x.3', 'one', '1.2.3.4', '>=1.2', '', 'v', '1..2', 'lts']) {
      expect(() => parseVersionSpec('helm', bad, "input 'tools'"), bad).toThrow(
        new RegExp(
          `Malformed version '${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}' for helm in input 'tools'`,
        ),
      );
    }
  });

  it('chooses channel files where published, else the releases API', () => {
    expect(resolutionStep('kubectl', { kind: 'latest' })).toEqual({
      kind: 'channel',
      url: 'https://dl.k8s.io/release/stable.txt',
    });
    expect(resolutionStep('kubectl', { kind: 'partial', major: 1, minor: 36 })).toEqual({
      kind: 'channel',
      url: 'https://dl.k8s.io/release/stable-1.36.txt',
    });
    expect(resolutionStep('helm', { kind: 'partial', major: 3 })).toEqual({
      kind: 'channel',
      url: 'https://get.helm.sh/helm3-latest-version',
    });
    expect(resolutionStep('helm', { kind: 'partial', major: 3, minor: 21 })).toEqual({
      kind: 'github-releases',
      repo: 'helm/helm',
    });
    expect(resolutionStep('cilium', { kind: 'latest' })).toEqual({
      kind: 'channel',
      url: 'https://raw.githubusercontent.com/cilium/cilium-cli/main/stable.txt',
    });
    expect(resolutionStep('gcloud', { kind: 'latest' }).kind).toBe('gcloud-components');
    expect(resolutionStep('gcloud', { kind: 'partial', major: 583 })).toEqual({
      kind: 'fixed',
      version: '583.0.0',
    });
    expect(resolutionStep('clusterctl', { kind: 'latest' })).toEqual({
      kind: 'github-releases',
      repo: 'kubernetes-sigs/cluster-api',
    });
    expect(resolutionStep('kind', { kind: 'partial', major: 0, minor: 31 })).toEqual({
      kind: 'github-releases',
      repo: 'kubernetes-sigs/kind',
    });
  });

  it('reads channel files and components-2.json strictly', () => {
    expect(parseChannelVersion('v1.37.1\n')).toBe('1.37.1');
    expect(parseChannelVersion('0.20.1')).toBe('0.20.1');
    expect(parseChannelVersion('<html>')).toBeUndefined();
    expect(parseGcloudComponentsVersion({ version: '583.0.0', components: [] })).toBe('583.0.0');
    expect(parseGcloudComponentsVersion({ revision: 1 })).toBeUndefined();
  });

  it('picks the highest stable release matching the spec, never a draft or prerelease, in any listing order', () => {
    const release = fc.record({
      tag_name: fc
        .tuple(fc.nat(3), fc.nat(20), fc.nat(20), fc.constantFrom('', '-rc.1', '-beta.0'))
        .map(([a, b, c, pre]) => `v${a}.${b}.${c}${pre}`),
      draft: fc.boolean(),
      prerelease: fc.boolean(),
    });
    const spec: fc.Arbitrary<VersionSpec> = fc.oneof(
      fc.constant({ kind: 'latest' } as const),
      fc.record({ kind: fc.constant('partial' as const), major: fc.nat(3) }),
      fc.record({ kind: fc.constant('partial' as const), major: fc.nat(3), minor: fc.nat(20) }),
    );
    fc.assert(
      fc.property(fc.array(release, { maxLength: 40 }), spec, (releases, s) => {
        const got = highestRelease(releases, s);
        const eligible = releases
          .filter((r) => !r.draft && !r.prerelease)
          .map((r) => r.tag_name.slice(1))
          .filter((v) => semver.prerelease(v) === null)
          .filter((v) => {
            if (s.kind !== 'partial') return true;
            return semver.major(v) === s.major && (s.minor === undefined || semver.minor(v) === s.minor);
          });
        const want = eligible.sort(semver.rcompare)[0];
        expect(got).toBe(want);
      }),
    );
  });
});
