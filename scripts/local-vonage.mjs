// Local Vonage identity for development and tests: an application key pair and secrets that
// the API signs with and the sandbox verifies, kept under .data/vonage so restarts reuse them.
// With real Vonage credentials in the environment, nothing here is used.
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function ensureLocalVonage(dataDir) {
  const dir = join(dataDir, 'vonage');
  const file = join(dir, 'application.json');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    writeFileSync(join(dir, 'private.key'), privateKey, { mode: 0o600 });
    writeFileSync(join(dir, 'public.key'), publicKey);
    const application = {
      applicationId: randomUUID(),
      apiKey: randomBytes(4).toString('hex'),
      apiSecret: randomBytes(12).toString('base64url'),
      signatureSecret: randomBytes(24).toString('base64url'),
    };
    writeFileSync(file, JSON.stringify(application, null, 2), { mode: 0o600 });
  }
  const application = JSON.parse(readFileSync(file, 'utf8'));
  return { ...application, privateKeyPath: join(dir, 'private.key'), publicKeyPath: join(dir, 'public.key') };
}
