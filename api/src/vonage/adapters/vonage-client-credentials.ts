import { Inject, Injectable } from '@nestjs/common';
import { VonageConfig, vonageConfig } from '../../config/configuration.js';
import { ClientCredentials, ClientCredentialsIssuer } from '../../conversations/client-credentials.js';
import { listenOnlyAcl } from '../client-acl.js';

/** Client SDK JWTs (RS256, the application's key): `sub` is the Vonage user, the ACL is listen-only. */
@Injectable()
export class VonageClientCredentials extends ClientCredentialsIssuer {
  constructor(@Inject(vonageConfig.KEY) private readonly config: VonageConfig) {
    super();
  }

  async issue({ userName, conversationId }: { userName: string; conversationId: string }): Promise<ClientCredentials> {
    // @vonage/jwt and the uuid package it brings load with the first session, not at start-up.
    const { tokenGenerate } = await import('@vonage/jwt');
    const now = Math.floor(Date.now() / 1000);
    const exp = now + this.config.client.tokenTtlSeconds;
    const token = tokenGenerate(this.config.applicationId, this.config.privateKey, {
      sub: userName,
      acl: listenOnlyAcl(conversationId),
      iat: now,
      exp,
    } as Parameters<typeof tokenGenerate>[2]);
    return {
      token,
      expiresAt: new Date(exp * 1000),
      client: { url: this.config.client.url, nexmoApiUrl: this.config.client.apiUrl },
    };
  }
}
