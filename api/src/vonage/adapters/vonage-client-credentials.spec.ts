import { verifySignature } from '@vonage/jwt';
import { generateKeyPair } from '../../../../scripts/lib/dev-stack.mjs';
import type { VonageConfig } from '../../config/configuration.js';
import { VonageClientCredentials } from './vonage-client-credentials.js';

const { privateKey, publicKey } = generateKeyPair();
const config = {
  applicationId: '7a9c1f0e-3b7d-4c1e-9f5a-2d8b6e4c0a11',
  privateKey,
  client: { url: 'https://ws.example.test', apiUrl: 'https://api.example.test', tokenTtlSeconds: 600 },
} as VonageConfig;
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

describe('VonageClientCredentials', () => {
  it('signs a listen-only client JWT for the user with the application key', async () => {
    const issued = await new VonageClientCredentials(config).issue({ userName: 'tt-abc', conversationId: 'CON-1' });
    expect(verifySignature(issued.token, publicKey)).toBe(true);
    expect(claimsOf(issued.token)).toMatchObject({
      sub: 'tt-abc',
      application_id: config.applicationId,
      acl: { paths: { '/*/sessions/**': {}, '/*/conversations/CON-1/**': { methods: ['GET'] } } },
    });
    expect(Object.keys(claimsOf(issued.token).acl.paths)).toHaveLength(2);
    expect(issued.client).toEqual({ url: 'https://ws.example.test', nexmoApiUrl: 'https://api.example.test' });
  });

  it('expires after the configured lifetime, and says when', async () => {
    const before = Math.floor(Date.now() / 1000);
    const issued = await new VonageClientCredentials(config).issue({ userName: 'tt-abc', conversationId: 'CON-1' });
    const { exp, iat } = claimsOf(issued.token);
    expect(exp - iat).toBe(600);
    expect(iat).toBeGreaterThanOrEqual(before);
    expect(issued.expiresAt.getTime()).toBe(exp * 1000);
  });
});
