import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { FleetCaPem } from '../../core/mesh/ca.js';
import { UserError } from '../../core/user-error.js';

/**
 * The fleet's ClusterMesh CA, made and checked with @peculiar/x509 over Node's WebCrypto (no
 * hand-built ASN.1; node:crypto parses certificates but cannot build one). The chart hands
 * `tls.ca.cert`/`tls.ca.key` to sprig's buildCustomCert, which parses the first CERTIFICATE block
 * and an `EC PRIVATE KEY`, `RSA PRIVATE KEY` or PKCS#8 `PRIVATE KEY` (Masterminds/sprig
 * crypto.go), and signs RSA-2048 leaves with it; so ECDSA P-256 in PKCS#8 is accepted.
 * @peculiar/x509 2.x needs a Reflect metadata polyfill loaded before it (its README).
 */

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
/** The chart's own default CA lifetime (`tls.ca.certValidityDuration: 1095` days). */
export const CA_VALIDITY_DAYS = 1095;
const DAY_MS = 86_400_000;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export async function generateFleetCa(options: { fleet: string; now: Date }): Promise<FleetCaPem> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const notBefore = new Date(options.now.getTime() - 5 * 60_000); // clock skew between runners and nodes
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: [{ CN: [`talos-fleet ${options.fleet} ClusterMesh CA`] }, { O: ['talos-fleet'] }],
    notBefore,
    notAfter: new Date(options.now.getTime() + CA_VALIDITY_DAYS * DAY_MS),
    signingAlgorithm: ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certPem: cert.toString('pem'), keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}

/**
 * Checks a CA read back from storage: one certificate that is a CA (basicConstraints CA:TRUE,
 * keyCertSign), valid at `now` for at least `minDays` more, whose public key matches the key.
 * The message never contains key material.
 */
export async function checkFleetCa(ca: FleetCaPem, options: { now: Date; where: string }): Promise<void> {
  const fail = (problem: string): never => {
    throw new UserError(`The fleet CA in ${options.where} ${problem}.`, {
      fix: `delete it (${options.where}) and re-run: the mesh action makes a new CA and re-installs Cilium everywhere with it`,
      title: 'Fleet CA unusable',
    });
  };
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(ca.certPem);
  } catch {
    return fail('is not a PEM certificate');
  }
  const basic = cert.getExtension(x509.BasicConstraintsExtension);
  if (!basic?.ca) fail('is not a CA certificate (basicConstraints CA:TRUE missing)');
  const usage = cert.getExtension(x509.KeyUsagesExtension);
  if (!usage || (usage.usages & x509.KeyUsageFlags.keyCertSign) === 0)
    fail('lacks the keyCertSign key usage');
  if (cert.notAfter.getTime() <= options.now.getTime()) fail(`expired on ${cert.notAfter.toISOString()}`);
  let key: webcrypto.CryptoKey;
  try {
    key = await webcrypto.subtle.importKey(
      'pkcs8',
      x509.PemConverter.decodeFirst(ca.keyPem),
      ALGORITHM,
      true,
      ['sign'],
    );
  } catch {
    return fail('has a private key that is not a PKCS#8 ECDSA P-256 key');
  }
  const probe = new TextEncoder().encode('talos-fleet ca check');
  const signature = await webcrypto.subtle.sign(ALGORITHM, key, probe);
  const publicKey = (await cert.publicKey.export(ALGORITHM, ['verify'])) as unknown as webcrypto.CryptoKey;
  if (!(await webcrypto.subtle.verify(ALGORITHM, publicKey, signature, probe)))
    fail('has a private key that does not belong to its certificate');
}

/** A positive 128-bit serial in hex (RFC 5280 allows up to 20 octets; the top bit is cleared). */
function serial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return Buffer.from(bytes).toString('hex');
}
