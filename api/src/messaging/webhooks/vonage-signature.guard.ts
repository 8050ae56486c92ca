import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import jwt from 'jsonwebtoken';
import { createHash, timingSafeEqual } from 'node:crypto';
import { VonageConfig, vonageConfig } from '../../config/configuration.js';

/** A signed webhook older than this is refused: a captured one cannot be replayed later. */
export const WEBHOOK_MAX_AGE_SECONDS = 5 * 60;
/** Clock skew tolerated between Vonage and us for a token issued "in the future". */
const WEBHOOK_CLOCK_SKEW_SECONDS = 60;

interface VonageWebhookClaims {
  iat?: number;
  iss?: string;
  payload_hash?: string;
  api_key?: string;
  application_id?: string;
}

/**
 * Accepts a webhook only if Vonage signed it: `Authorization: Bearer <JWT>` HS256 with our
 * signature secret, issued by "Vonage", whose payload_hash is the SHA-256 of the exact bytes
 * received, issued (iat) within the last five minutes. Anything unsigned, forged, altered in
 * transit or replayed later is a 401. (A replay within the window is harmless: receipts are
 * applied idempotently and inbound messages are deduplicated by their uuid.)
 */
@Injectable()
export class VonageSignatureGuard implements CanActivate {
  constructor(@Inject(vonageConfig.KEY) private readonly config: VonageConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest & { rawBody?: Buffer }>();
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw rejected('The webhook is not signed');

    let claims: VonageWebhookClaims;
    try {
      claims = jwt.verify(token, this.config.signatureSecret, { algorithms: ['HS256'] }) as VonageWebhookClaims;
    } catch {
      throw rejected('The webhook signature is invalid');
    }
    if (claims.iss !== 'Vonage') throw rejected('The webhook was not issued by Vonage');
    const age = Math.floor(Date.now() / 1000) - (typeof claims.iat === 'number' ? claims.iat : Number.NaN);
    if (!(age <= WEBHOOK_MAX_AGE_SECONDS && age >= -WEBHOOK_CLOCK_SKEW_SECONDS)) {
      throw rejected(`The webhook signature was not issued within the last ${WEBHOOK_MAX_AGE_SECONDS / 60} minutes`);
    }
    if (claims.application_id !== undefined && claims.application_id !== this.config.applicationId) {
      throw rejected('The webhook belongs to another Vonage application');
    }
    const bodyHash = createHash('sha256')
      .update(request.rawBody ?? Buffer.alloc(0))
      .digest();
    const claimed = Buffer.from(typeof claims.payload_hash === 'string' ? claims.payload_hash : '', 'hex');
    if (claimed.length !== bodyHash.length || !timingSafeEqual(claimed, bodyHash))
      throw rejected('The webhook body does not match its signature');
    return true;
  }
}

function rejected(message: string): UnauthorizedException {
  return new UnauthorizedException({ type: 'invalid-webhook-signature', message });
}
