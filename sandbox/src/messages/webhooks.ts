import { SignJWT } from 'jose';
import { createHash, randomUUID } from 'node:crypto';
import type { SandboxConfig } from '../config.js';
import { iso } from '../validation.js';

export type WebhookKind = 'message-status' | 'inbound-message';

/** One webhook POST as the sandbox made it (inspection view). */
export interface WebhookDelivery {
  id: string;
  kind: WebhookKind;
  url: string;
  message_uuid: string;
  payload: Record<string, unknown>;
  attempts: number;
  status_code: number | null;
  ok: boolean;
  error: string | null;
  time: string;
}

const RETRIES = 2;
const TIMEOUT_MS = 5000;

/**
 * Signed webhooks exactly as Vonage's Messages API sends them: JSON body, and
 * `Authorization: Bearer <JWT>` signed HS256 with the signature secret, whose claims carry
 * iat, jti, iss "Vonage", payload_hash (hex SHA-256 of the raw body), api_key and application_id.
 */
export class WebhookSender {
  private deliveries: WebhookDelivery[] = [];

  constructor(private readonly config: SandboxConfig) {}

  reset(): void {
    this.deliveries = [];
  }

  list(): WebhookDelivery[] {
    return [...this.deliveries];
  }

  async sign(body: string): Promise<string> {
    const secret = new TextEncoder().encode(this.config.signatureSecret ?? '');
    return new SignJWT({
      iss: 'Vonage',
      payload_hash: createHash('sha256').update(body).digest('hex'),
      api_key: this.config.apiKey ?? 'sandbox',
      application_id: this.config.applicationId,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(Math.floor(this.config.now() / 1000))
      .setJti(randomUUID())
      .sign(secret);
  }

  /** POSTs the payload; like Vonage, retries a failed delivery (network error or 5xx) a couple of times. */
  async deliver(
    kind: WebhookKind,
    url: string,
    messageUuid: string,
    payload: Record<string, unknown>,
  ): Promise<WebhookDelivery> {
    const body = JSON.stringify(payload);
    const delivery: WebhookDelivery = {
      id: randomUUID(),
      kind,
      url,
      message_uuid: messageUuid,
      payload,
      attempts: 0,
      status_code: null,
      ok: false,
      error: null,
      time: iso(this.config.now()),
    };
    this.deliveries.push(delivery);
    for (let attempt = 0; attempt <= RETRIES; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
      delivery.attempts = attempt + 1;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${await this.sign(body)}`,
            'user-agent': 'Vonage-Sandbox',
          },
          body,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        await response.arrayBuffer().catch(() => undefined);
        delivery.status_code = response.status;
        delivery.ok = response.ok;
        delivery.error = response.ok ? null : `HTTP ${response.status}`;
        if (response.status < 500) break;
      } catch (error) {
        delivery.error = (error as Error).cause
          ? String((error as Error & { cause: unknown }).cause)
          : (error as Error).message;
      }
    }
    return delivery;
  }
}
