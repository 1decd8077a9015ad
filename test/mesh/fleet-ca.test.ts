import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { checkFleetCa, generateFleetCa } from '../../src/adapters/x509/fleet-ca.js';

const now = new Date('2026-12-04T18:00:00Z');
const rsa = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};

/** Signs an RSA-2048 server leaf with the CA, as sprig's genSignedCert does for the chart. */
async function leafSignedBy(ca: { certPem: string; keyPem: string }): Promise<string> {
  const caCert = new x509.X509Certificate(ca.certPem);
  const caKey = await webcrypto.subtle.importKey(
    'pkcs8',
    x509.PemConverter.decodeFirst(ca.keyPem),
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
  const leafKeys = await webcrypto.subtle.generateKey(rsa, true, ['sign', 'verify']);
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: '01',
    subject: 'CN=clustermesh-apiserver.cilium.io',
    issuer: caCert.subject,
    notBefore: now,
    notAfter: new Date(now.getTime() + 86_400_000),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    publicKey: leafKeys.publicKey as never,
    signingKey: caKey as never,
    extensions: [
      new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: '*.mesh.cilium.io' }]),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return leaf.toString('pem');
}

describe('the fleet CA', () => {
  it('is an ECDSA P-256 CA (CA:TRUE, keyCertSign) whose signed leaf openssl verifies', async () => {
    const ca = await generateFleetCa({ fleet: 'pr-42', now });
    const dir = mkdtempSync(join(tmpdir(), 'fleet-ca-'));
    writeFileSync(join(dir, 'ca.pem'), ca.certPem);
    writeFileSync(join(dir, 'ca.key'), ca.keyPem, { mode: 0o600 });
    writeFileSync(join(dir, 'leaf.pem'), await leafSignedBy(ca));
    const text = execFileSync('openssl', ['x509', '-in', join(dir, 'ca.pem'), '-noout', '-text'], {
      encoding: 'utf8',
    });
    expect(text).toMatch(/Basic Constraints: critical\s+CA:TRUE/);
    expect(text).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(text).toContain('ASN1 OID: prime256v1');
    expect(text).toContain('Subject Key Identifier');
    // PKCS#8 "PRIVATE KEY", which sprig's buildCustomCert parses.
    expect(ca.keyPem.startsWith('-----BEGIN PRIVATE KEY-----')).toBe(true);
    execFileSync('openssl', ['pkey', '-in', join(dir, 'ca.key'), '-noout']);
    const verified = execFileSync(
      'openssl',
      [
        'verify',
        '-attime',
        String(now.getTime() / 1000 + 3600),
        '-CAfile',
        join(dir, 'ca.pem'),
        join(dir, 'leaf.pem'),
      ],
      { encoding: 'utf8' },
    );
    expect(verified.trim()).toBe(`${join(dir, 'leaf.pem')}: OK`);
    await expect(checkFleetCa(ca, { now, where: 'the test' })).resolves.toBeUndefined();
  });

  it('two generations differ (fresh key and serial each time)', async () => {
    const [a, b] = await Promise.all([
      generateFleetCa({ fleet: 'f', now }),
      generateFleetCa({ fleet: 'f', now }),
    ]);
    expect(a.keyPem).not.toBe(b.keyPem);
    expect(new x509.X509Certificate(a.certPem).serialNumber).not.toBe(
      new x509.X509Certificate(b.certPem).serialNumber,
    );
  });

  it('refuses a stored CA whose key is not its own, that expired, or that is not a CA, without showing the key', async () => {
    const a = await generateFleetCa({ fleet: 'f', now });
    const b = await generateFleetCa({ fleet: 'f', now });
    const where = 'gs://state/fleets/f/mesh-ca.json';
    const mismatch = checkFleetCa({ certPem: a.certPem, keyPem: b.keyPem }, { now, where });
    await expect(mismatch).rejects.toThrow(/does not belong to its certificate/);
    await mismatch.catch((e: unknown) => {
      expect((e as Error).message).not.toContain('PRIVATE KEY');
    });
    await expect(
      checkFleetCa(a, { now: new Date(now.getTime() + 1200 * 86_400_000), where }),
    ).rejects.toThrow(/expired/);
    await expect(checkFleetCa({ certPem: 'nope', keyPem: a.keyPem }, { now, where })).rejects.toThrow(
      /not a PEM certificate/,
    );
    const leaf = await leafSignedBy(a);
    await expect(checkFleetCa({ certPem: leaf, keyPem: a.keyPem }, { now, where })).rejects.toThrow(
      /not a CA/,
    );
  });
});
