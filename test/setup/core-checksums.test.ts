import { describe, expect, it } from 'vitest';
import {
  parseGithubDigest,
  parsePerAssetChecksum,
  parseSha256Sums,
  parseYqChecksums,
} from '../../src/core/tools/checksums.js';
import { mirrorUrl, parseMirrorUrl } from '../../src/core/tools/mirror.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('checksum file formats', () => {
  it('goreleaser / sha256sum combined files: two spaces, binary-mode star, ./ prefix, CRLF, uppercase', () => {
    const body = `${A}  task_linux_amd64.tar.gz\r\n${B} *task_darwin_arm64.tar.gz\r\n${'C'.repeat(64)}  ./task_windows_amd64.zip\n`;
    expect(parseSha256Sums(body, 'task_linux_amd64.tar.gz')).toBe(A);
    expect(parseSha256Sums(body, 'task_darwin_arm64.tar.gz')).toBe(B);
    expect(parseSha256Sums(body, 'task_windows_amd64.zip')).toBe('c'.repeat(64));
    expect(parseSha256Sums(body, 'task_linux_arm64.tar.gz')).toBeUndefined();
    expect(
      parseSha256Sums(`${A}  task_linux_amd64.tar.gz.sbom.json\n`, 'task_linux_amd64.tar.gz'),
    ).toBeUndefined();
  });

  it('per-asset files: a bare hash (kubectl .sha256) or hash + name (.sha256sum)', () => {
    expect(parsePerAssetChecksum(`${A}\n`, 'kubectl')).toBe(A);
    expect(
      parsePerAssetChecksum(`${B}  helm-v4.3.0-linux-amd64.tar.gz\n`, 'helm-v4.3.0-linux-amd64.tar.gz'),
    ).toBe(B);
    expect(
      parsePerAssetChecksum(`${B}  cilium-linux-arm64.tar.gz\n`, 'cilium-linux-amd64.tar.gz'),
    ).toBeUndefined();
    expect(parsePerAssetChecksum('<Error>NoSuchKey</Error>', 'kubectl')).toBeUndefined();
  });

  it('yq checksums: the SHA-256 column is found from checksums_hashes_order, not assumed', () => {
    const order = ['CRC32', 'MD5', 'SHA-256', 'SHA-512'].join('\n');
    const body = `yq_linux_amd64  0badc0de ${'1'.repeat(32)} ${A} ${'f'.repeat(128)}\nyq_linux_arm64  0badc0de ${'1'.repeat(32)} ${B} ${'f'.repeat(128)}\n`;
    expect(parseYqChecksums(body, order, 'yq_linux_arm64')).toBe(B);
    expect(parseYqChecksums(body, order, 'yq_windows_amd64.exe')).toBeUndefined();
    const shifted = ['SHA256', 'CRC32'].join('\n');
    expect(parseYqChecksums(`yq_linux_amd64  ${A} 0badc0de\n`, shifted, 'yq_linux_amd64')).toBe(A);
    expect(parseYqChecksums(body, 'CRC32\nMD5', 'yq_linux_amd64')).toBeUndefined();
  });

  it('GitHub asset digests', () => {
    expect(parseGithubDigest(`sha256:${A}`)).toBe(A);
    expect(parseGithubDigest(null)).toBeUndefined();
    expect(parseGithubDigest(`sha512:${A}`)).toBeUndefined();
  });
});

describe('mirror URLs', () => {
  it('rewrites to <mirror>/<host>/<path>, keeping a sub-path and the query', () => {
    expect(
      mirrorUrl('https://dl.k8s.io/release/v1.34.1/bin/linux/amd64/kubectl', 'https://mirror.example'),
    ).toBe('https://mirror.example/dl.k8s.io/release/v1.34.1/bin/linux/amd64/kubectl');
    expect(
      mirrorUrl('https://get.helm.sh/helm-latest-version?x=1', 'https://art.example/artifactory/tools/'),
    ).toBe('https://art.example/artifactory/tools/get.helm.sh/helm-latest-version?x=1');
    expect(mirrorUrl('https://get.helm.sh/a', undefined)).toBe('https://get.helm.sh/a');
  });
  it('validates the mirror-url input', () => {
    expect(parseMirrorUrl(' https://art.example/tools/ ')).toBe('https://art.example/tools');
    expect(parseMirrorUrl('')).toBeUndefined();
    expect(() => parseMirrorUrl('art.example')).toThrow(/is not a URL/);
    expect(() => parseMirrorUrl('https://user:pw@art.example')).toThrow(/no query, fragment or credentials/);
    expect(() => parseMirrorUrl('ftp://art.example')).toThrow(/must be an http\(s\) URL/);
  });
});
