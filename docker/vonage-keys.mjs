// One-shot step of the compose demo: the application key pair the API signs Vonage calls with
// and the sandbox verifies them against, made once into the shared volume (never in the image,
// never in git). Owned by uid 1000 (`node` in the official images), which runs the API and sandbox.
import { generateKeyPairSync } from 'node:crypto';
import { chownSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '/vonage';
const privatePath = join(dir, 'private.key');
const publicPath = join(dir, 'public.key');
if (existsSync(privatePath) && existsSync(publicPath)) {
  console.log(`vonage-keys: reusing the key pair in ${dir}`);
} else {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  writeFileSync(privatePath, privateKey, { mode: 0o600 });
  writeFileSync(publicPath, publicKey, { mode: 0o644 });
  console.log(`vonage-keys: made a new key pair in ${dir}`);
}
if (process.getuid?.() === 0) for (const file of [privatePath, publicPath]) chownSync(file, 1000, 1000);
