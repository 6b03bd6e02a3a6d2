import { createSign, randomBytes, type KeyObject } from 'node:crypto';
import {
  bitString,
  booleanValue,
  explicit,
  nullValue,
  objectIdentifier,
  octetString,
  sequence,
  set,
  smallInteger,
  time,
  unsignedInteger,
  utf8String,
} from './der.js';

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const COMMON_NAME = '2.5.4.3';
const ORGANIZATION = '2.5.4.10';
const BASIC_CONSTRAINTS = '2.5.29.19';
const KEY_USAGE = '2.5.29.15';

export interface CertificateRequest {
  readonly commonName: string;
  readonly organization: string;
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/**
 * A self-signed X.509 v3 certificate (PEM) for an RSA key: what SNS publishes at
 * `SigningCertURL` so subscribers can check message signatures. It is an end-entity
 * certificate for digital signatures only (basicConstraints CA:false, keyUsage digitalSignature).
 */
export function selfSignedCertificate(req: CertificateRequest): string {
  const algorithm = sequence(objectIdentifier(SHA256_WITH_RSA), nullValue());
  const name = sequence(
    set(sequence(objectIdentifier(ORGANIZATION), utf8String(req.organization))),
    set(sequence(objectIdentifier(COMMON_NAME), utf8String(req.commonName))),
  );
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  const extensions = explicit(
    3,
    sequence(
      sequence(objectIdentifier(BASIC_CONSTRAINTS), booleanValue(true), octetString(sequence())),
      // keyUsage: BIT STRING with digitalSignature (bit 0) set, 7 unused bits.
      sequence(objectIdentifier(KEY_USAGE), booleanValue(true), octetString(Buffer.from([0x03, 0x02, 0x07, 0x80]))),
    ),
  );
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(serial),
    algorithm,
    name,
    sequence(time(req.notBefore), time(req.notAfter)),
    name,
    req.publicKey.export({ type: 'spki', format: 'der' }),
    extensions,
  );
  const signature = createSign('sha256').update(tbs).sign(req.privateKey);
  const der = sequence(tbs, algorithm, bitString(signature));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
