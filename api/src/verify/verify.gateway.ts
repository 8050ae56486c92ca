/** Channels a one-time code can travel on, in our words (the adapter speaks Vonage's). */
export type VerifyChannel = 'sms' | 'whatsapp' | 'email';

export interface VerificationTarget {
  /** E.164 phone number for sms/whatsapp. */
  phone: string;
  /** Needed for the email channel. */
  email?: string;
}

export type CodeCheckResult = 'approved' | 'wrong-code' | 'too-many-attempts' | 'expired';

/**
 * Port: sends and checks one-time codes. Implemented by the Vonage Verify v2 adapter; the
 * sign-in flow depends only on this. A provider failure is an UpstreamError (common/upstream);
 * a wrong, spent or expired code is an answer (CodeCheckResult), not a failure.
 */
export abstract class VerifyGateway {
  /** Starts a verification that tries the channels in order; returns the provider's request id. */
  abstract start(
    target: VerificationTarget,
    channels: VerifyChannel[],
    options: { codeLength: number; locale?: string },
  ): Promise<string>;
  abstract check(requestId: string, code: string): Promise<CodeCheckResult>;
  /** Moves to the next channel of the workflow; false when there is none. */
  abstract nextChannel(requestId: string): Promise<boolean>;
  /** Best effort: false when the request had already ended. */
  abstract cancel(requestId: string): Promise<boolean>;
}
