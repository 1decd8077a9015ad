import { describe, expect, it } from 'vitest';
import { TOOL_NAMES, TOOLS } from '../../src/core/tools/catalog.js';
import { parseLockFile, renderLockFile, type LockFile } from '../../src/core/tools/lock-file.js';
import { applyLock, planRequests } from '../../src/core/tools/requests.js';
import { parsePinFile, parseToolVersions, parseVersionsFile } from '../../src/core/tools/version-files.js';

const A = 'a'.repeat(64);

describe('versions files', () => {
  it('.tool-versions: comments, asdf/mise names, the first of several versions, other tools skipped', () => {
    const f = parseToolVersions(
      '# tools\nnodejs 24.1.0\nkubectl 1.34.1 1.33.0\ncilium-cli v0.19.7 # mesh\n\ngo-task 3.54.0\nhelm\n',
    );
    expect(f.versions).toEqual({ kubectl: '1.34.1', cilium: 'v0.19.7', task: '3.54.0' });
    expect(f.skipped).toEqual(['nodejs', 'helm']);
  });
  it('the pin file is YAML with a tools mapping', () => {
    expect(parsePinFile('tools:\n  kubectl: "1.34"\n  gcloud: 583\n', 'p.yaml').versions).toEqual({
      kubectl: '1.34',
      gcloud: '583',
    });
    expect(() => parsePinFile('kubectl: 1.34.1\n', 'p.yaml')).toThrow(/has no 'tools:' mapping/);
    expect(() => parsePinFile('tools: [\n', 'p.yaml')).toThrow(/is not valid YAML/);
    expect(() => parsePinFile('tools:\n  kubectl: [1]\n', 'p.yaml')).toThrow(
      /tools\.kubectl must be a version string/,
    );
    expect(parseVersionsFile('.tool-versions', 'yq 4.54.1\n').versions).toEqual({ yq: '4.54.1' });
    expect(parseVersionsFile('tools.yml', 'tools:\n  yq: 4.54.1\n').versions).toEqual({ yq: '4.54.1' });
  });
});

describe('requests', () => {
  it('defaults to every tool at its pin', () => {
    expect(planRequests({ tools: [] })).toEqual(
      TOOL_NAMES.map((tool) => ({
        tool,
        spec: { kind: 'exact', version: TOOLS[tool].pinned },
        from: 'the toolkit pin',
      })),
    );
  });
  it('takes name@version over the versions file over the pin', () => {
    const r = planRequests({
      tools: ['kubectl', 'helm@3', 'yq'],
      versionsFile: { path: '.tool-versions', versions: { kubectl: '1.34.1', helm: '4.3.0' } },
    });
    expect(r).toEqual([
      { tool: 'kubectl', spec: { kind: 'exact', version: '1.34.1' }, from: 'versions-file .tool-versions' },
      { tool: 'helm', spec: { kind: 'partial', major: 3 }, from: "input 'tools'" },
      { tool: 'yq', spec: { kind: 'exact', version: TOOLS.yq.pinned }, from: 'the toolkit pin' },
    ]);
  });
  it('reports unknown names, duplicates and bad versions together', () => {
    expect(() => planRequests({ tools: ['kubectl', 'KUBECTL'] })).toThrow(/kubectl is listed twice/);
    try {
      planRequests({ tools: ['kubectx', 'helm@x', 'yq'] });
      expect.unreachable();
    } catch (e) {
      const err = e as { message: string; details: string[] };
      expect(err.message).toBe('2 problems with the requested tools:');
      expect(err.details[0]).toMatch(
        /^Unknown tool 'kubectx' in input 'tools'\. Fix: use one of: task, kubectl/,
      );
      expect(err.details[1]).toMatch(/^Malformed version 'x' for helm/);
    }
  });
});

describe('lock file', () => {
  const lock: LockFile = {
    lockfileVersion: 1,
    tools: {
      yq: {
        version: '4.54.1',
        assets: {
          'linux/arm64': { url: 'https://x/yq', sha256: A, source: 'checksums' },
          'darwin/amd64': { url: 'https://x/yq2', sha256: A, source: 'checksums' },
        },
      },
      kubectl: {
        version: '1.37.1',
        assets: { 'linux/amd64': { url: 'https://x/k', sha256: A, source: 'kubectl.sha256' } },
      },
    },
  };
  it('renders stably (catalog order, sorted platforms) and parses back', () => {
    const text = renderLockFile(lock);
    expect(Object.keys(JSON.parse(text).tools)).toEqual(['kubectl', 'yq']);
    expect(Object.keys(JSON.parse(text).tools.yq.assets)).toEqual(['darwin/amd64', 'linux/arm64']);
    expect(parseLockFile(text, 'l.json')).toEqual(JSON.parse(text));
  });
  it('rejects malformed lock files naming the field', () => {
    expect(() => parseLockFile('{', 'l.json')).toThrow(/not valid JSON/);
    try {
      parseLockFile(
        JSON.stringify({
          lockfileVersion: 1,
          tools: {
            kubectl: {
              version: 'v1.2.3',
              assets: { 'linux/amd64': { url: 'https://x', sha256: 'nope', source: 's' } },
            },
          },
        }),
        'l.json',
      );
      expect.unreachable();
    } catch (e) {
      expect((e as { details: string[] }).details.join('\n')).toMatch(
        /tools\.kubectl\.version: must be an exact version without v[\s\S]*sha256: must be 64 lowercase hex digits/,
      );
    }
  });
  it('applies the lock: versions from it, mismatches reported together', () => {
    expect(applyLock(planRequests({ tools: ['kubectl'] }), lock, 'l.json')).toEqual([
      { tool: 'kubectl', spec: { kind: 'exact', version: '1.37.1' }, from: 'lock-file l.json' },
    ]);
    expect(applyLock(planRequests({ tools: ['kubectl@1.37', 'yq@latest'] }), lock, 'l.json')).toHaveLength(2);
    expect(() => applyLock(planRequests({ tools: ['kubectl@1.36', 'helm'] }), lock, 'l.json')).toThrow(
      expect.objectContaining({
        message: 'Lock-file mismatch: l.json does not match the requested tools.',
        details: [
          "kubectl: input 'tools' asks for 1.36 but the lock file has 1.37.1",
          'helm is not in the lock file',
        ],
      }),
    );
  });
});
