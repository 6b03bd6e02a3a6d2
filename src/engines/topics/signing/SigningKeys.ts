import { createHash, createPrivateKey, generateKeyPair, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { selfSignedCertificate } from './selfSignedCertificate.js';

const generateRsa = promisify(generateKeyPair);
const KEY_FILE = 'signing-key.pem';
const CERT_FILE = 'signing-cert.pem';
const VALIDITY_YEARS = 10;

/**
 * The RSA key Lakehose signs notifications with and its self-signed certificate. Made once,
 * on first start, and kept in the data directory (the key readable by its owner only), so
 * the certificate subscribers cached stays valid across restarts.
 */
export class SigningKeys {
  private constructor(
    readonly privateKey: KeyObject,
    /** PEM, as served at SigningCertURL. */
    readonly certificatePem: string,
    /** Names the certificate file in its URL; changes when the certificate does. */
    readonly certificateId: string,
  ) {}

  static async loadOrCreate(dir: string, commonName: string, now: Date = new Date()): Promise<SigningKeys> {
    const keyPath = join(dir, KEY_FILE);
    const certPath = join(dir, CERT_FILE);
    const existing = await Promise.all([readFile(keyPath, 'utf8'), readFile(certPath, 'utf8')]).catch(() => undefined);
    if (existing) {
      const [keyPem, certPem] = existing;
      const privateKey = createPrivateKey(keyPem);
      const cert = new X509Certificate(certPem);
      // A key and certificate that do not belong together would make every signature fail.
      if (cert.checkPrivateKey(privateKey) && new Date(cert.validTo) > now) return new SigningKeys(privateKey, certPem, idOf(certPem));
    }
    const { privateKey, publicKey } = await generateRsa('rsa', { modulusLength: 2048 });
    const notAfter = new Date(now);
    notAfter.setUTCFullYear(notAfter.getUTCFullYear() + VALIDITY_YEARS);
    const certPem = selfSignedCertificate({
      commonName,
      organization: 'Lakehose',
      publicKey,
      privateKey,
      notBefore: new Date(now.getTime() - 60_000),
      notAfter,
    });
    await mkdir(dir, { recursive: true });
    await writeDurably(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 0o600);
    await writeDurably(certPath, certPem, 0o644);
    return new SigningKeys(privateKey, certPem, idOf(certPem));
  }
}

function idOf(certPem: string): string {
  return createHash('sha256').update(certPem).digest('hex').slice(0, 32);
}

/** Temporary file, fsync, rename, fsync of the folder: the file is whole or absent after a crash. */
async function writeDurably(path: string, text: string, mode: number): Promise<void> {
  const tmp = `${path}.tmp`;
  const file = await open(tmp, 'w', mode);
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(tmp, path);
  const folder = await open(dirname(path), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
