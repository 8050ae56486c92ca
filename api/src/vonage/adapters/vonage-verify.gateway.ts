import { Inject, Injectable } from '@nestjs/common';
import type { VerificationRequestParams } from '@vonage/verify2';
import { UpstreamError } from '../../common/upstream/upstream.error.js';
import { VonageConfig, vonageConfig } from '../../config/configuration.js';
import { CodeCheckResult, VerificationTarget, VerifyChannel, VerifyGateway } from '../../verify/verify.gateway.js';
import { VONAGE_CLIENT } from '../vonage.tokens.js';
import { callVonage } from '../vonage-call.js';
import type { VonageClients } from '../vonage-clients.js';

/** Verify v2 through @vonage/verify2 (loaded with the first code, see VonageClients). */
@Injectable()
export class VonageVerifyGateway extends VerifyGateway {
  constructor(
    @Inject(VONAGE_CLIENT) private readonly vonage: VonageClients,
    @Inject(vonageConfig.KEY) private readonly config: VonageConfig,
  ) {
    super();
  }

  async start(
    target: VerificationTarget,
    channels: VerifyChannel[],
    options: { codeLength: number; locale?: string },
  ): Promise<string> {
    const { Channels } = await import('@vonage/verify2');
    const workflow = channels.map((channel) =>
      channel === 'email'
        ? { channel: Channels.EMAIL, to: target.email ?? '' }
        : { channel: channel === 'whatsapp' ? Channels.WHATSAPP : Channels.SMS, to: target.phone.replace(/^\+/, '') },
    );
    const params = {
      brand: this.config.brand,
      workflow,
      codeLength: options.codeLength,
      locale: options.locale,
    } as VerificationRequestParams;
    const { requestId } = await callVonage('verify.start', async () =>
      (await this.vonage.verify2()).newRequest(params),
    );
    return requestId;
  }

  async check(requestId: string, code: string): Promise<CodeCheckResult> {
    try {
      // A wrong, spent or expired code is an answer (mapped below), not a failure to log.
      const status = await callVonage(
        'verify.check',
        async () => (await this.vonage.verify2()).checkCode(requestId, code),
        {
          expected: [400, 404, 410],
        },
      );
      return status === 'completed' ? 'approved' : 'wrong-code';
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      const { status, detail = '' } = error.failure;
      // Verify v2: 400 wrong code; 410 too many wrong codes or expired; 404 unknown or already used.
      if (status === 400) return 'wrong-code';
      if (status === 410 && /too many/i.test(detail)) return 'too-many-attempts';
      if (status === 410 || status === 404) return 'expired';
      throw error;
    }
  }

  async nextChannel(requestId: string): Promise<boolean> {
    // The SDK swallows errors here and answers false.
    return callVonage('verify.next', async () => (await this.vonage.verify2()).nextWorkflow(requestId));
  }

  async cancel(requestId: string): Promise<boolean> {
    return callVonage('verify.cancel', async () => (await this.vonage.verify2()).cancel(requestId));
  }
}
