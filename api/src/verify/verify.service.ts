import { ConflictException, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted, Types } from 'mongoose';
import { FenceService } from '../common/concurrency/fence.service.js';
import { KeyedLock } from '../common/concurrency/keyed-lock.js';
import { SecretBox } from '../common/crypto/secret-box.js';
import { AuthConfig, authConfig } from '../config/configuration.js';
import { UserDocument } from '../users/schemas/user.schema.js';
import { activeAccount, UsersService } from '../users/users.service.js';
import { CodeResentDto } from './dto/code-resent.dto.js';
import { VerificationChallengeDto } from './dto/verification-challenge.dto.js';
import { maskEmail, maskPhone } from './mask.js';
import {
  Verification,
  VerificationDocument,
  VerificationPurpose,
  VerificationState,
} from './schemas/verification.schema.js';
import { VerifyChannel, VerifyGateway } from './verify.gateway.js';

export const VERIFY_TOKEN_AUDIENCE = 'tabletalk:verify';

/** Who is being verified: only what the challenge needs. */
export interface VerificationSubject {
  id: string;
  phone: string;
  email: string;
  preferredChannel: VerifyChannel;
}

/** The subject of an account's sign-in challenge: its own number, address and channel. */
export function verificationSubject(user: UserDocument): VerificationSubject {
  return { id: user.id, phone: user.phone, email: user.email, preferredChannel: user.verifyChannel ?? 'sms' };
}

interface VerifyTokenClaims {
  sub: string;
  jti: string;
}

/** After the preferred channel, the code can be resent on this one. */
const FALLBACK: Record<VerifyChannel, VerifyChannel> = { sms: 'whatsapp', whatsapp: 'sms', email: 'sms' };

/**
 * The second factor of sign-in: starts a Verify request, checks codes and keeps each
 * challenge's state, so a verify token works once, for one user, until it expires.
 */
@Injectable()
export class VerifyService {
  private readonly logger = new Logger(VerifyService.name);
  private readonly requestIds: SecretBox;
  private readonly checks = new KeyedLock();

  constructor(
    @InjectModel(Verification.name) private readonly verifications: Model<Verification>,
    private readonly gateway: VerifyGateway,
    private readonly fences: FenceService,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {
    this.requestIds = new SecretBox(config.jwtSecret, 'verify-request-id');
  }

  /**
   * Sends a code to the subject. `phone-change` proves a new number: the code goes to
   * `subject.phone` (the new one) by SMS or WhatsApp, never by email.
   */
  async start(
    subject: VerificationSubject,
    purpose: VerificationPurpose = 'sign-in',
  ): Promise<VerificationChallengeDto> {
    const first = purpose === 'phone-change' && subject.preferredChannel === 'email' ? 'sms' : subject.preferredChannel;
    const channels = [first, FALLBACK[first]];
    const destinations = channels.includes('email') ? [subject.phone, subject.email.toLowerCase()] : [subject.phone];
    // A new request supersedes an unfinished one of the same kind, and any pending one to the
    // same number or address (Vonage refuses a second concurrent code to a recipient, so an
    // abandoned request must not block anyone's sign-in for its lifetime).
    await this.cancelPending(subject.id, purpose, destinations);

    const requestId = await this.gateway.start(subject, channels, { codeLength: this.config.verify.codeLength });
    const expiresAt = new Date(Date.now() + this.config.verify.ttlSeconds * 1000);
    const verification = await this.verifications.create({
      userId: new Types.ObjectId(subject.id),
      sealedRequestId: this.requestIds.seal(requestId),
      channels,
      expiresAt,
      purpose,
      destinations,
    });
    const verifyToken = await this.jwt.signAsync(
      {},
      {
        subject: subject.id,
        jwtid: verification.id,
        audience: VERIFY_TOKEN_AUDIENCE,
        expiresIn: this.config.verify.ttlSeconds,
      },
    );
    return { verificationRequired: true, verifyToken, ...this.describe(verification, subject) };
  }

  /** Checks a sign-in code; resolves with the verified user's id, or fails with a 401 that says why. */
  async check(verifyToken: string, code: string): Promise<string> {
    return (await this.checkFor(verifyToken, code, 'sign-in')).userId;
  }

  /** Checks a code of the given purpose; resolves with the user and the number the code went to. */
  checkFor(
    verifyToken: string,
    code: string,
    purpose: VerificationPurpose,
  ): Promise<{ userId: string; phone: string }> {
    return this.checks.run(verifyToken, () => this.checkOnce(verifyToken, code, purpose));
  }

  private async checkOnce(
    verifyToken: string,
    code: string,
    purpose: VerificationPurpose,
  ): Promise<{ userId: string; phone: string }> {
    const verification = await this.pendingFor(verifyToken, purpose);
    const outcome = await this.gateway.check(this.requestIds.open(verification.sealedRequestId), code);

    if (outcome === 'approved') {
      // Only one check can turn a pending challenge into a session.
      const won = await this.transition(verification, 'approved');
      if (!won) throw this.unusable('verification-used', 'This sign-in was already completed');
      return { userId: verification.userId.toString(), phone: verification.destinations?.[0] ?? '' };
    }
    if (outcome === 'wrong-code') {
      const updated = await this.verifications
        .findOneAndUpdate(
          { _id: verification._id, state: 'pending' },
          { $inc: { wrongCodes: 1 } },
          { returnDocument: 'after' },
        )
        .exec();
      const attemptsLeft = Math.max(
        0,
        this.config.verify.maxAttempts - (updated?.wrongCodes ?? this.config.verify.maxAttempts),
      );
      if (attemptsLeft > 0) {
        throw new UnauthorizedException({
          type: 'wrong-code',
          message: `That code is not right; ${attemptsLeft} attempt${attemptsLeft === 1 ? '' : 's'} left`,
          extensions: { attemptsLeft },
        });
      }
    }
    if (outcome === 'expired') {
      // Vonage answers "gone" both for an expired request and for one a concurrent check (on another
      // API instance) has just approved. Only our own clock may end the challenge here: ending it on
      // Vonage's word could beat that check's approval to the fence, and then nobody signs in.
      if (verification.expiresAt.getTime() <= Date.now()) await this.transition(verification, 'expired');
      throw this.unusable('verification-expired', 'The code has expired; sign in again');
    }
    await this.transition(verification, 'failed');
    throw this.unusable('too-many-attempts', 'Too many wrong codes; sign in again');
  }

  /** Sends a sign-in code again on the next channel, while the account may still sign in. */
  async resend(verifyToken: string): Promise<CodeResentDto> {
    const subject = verificationSubject(activeAccount(await this.users.findById(await this.subjectOf(verifyToken))));
    const verification = await this.pendingFor(verifyToken);
    if (verification.channelIndex + 1 >= verification.channels.length) {
      throw new ConflictException({
        type: 'no-other-channel',
        message: 'The code was already sent on every channel; sign in again for a new one',
      });
    }
    const moved = await this.gateway.nextChannel(this.requestIds.open(verification.sealedRequestId));
    if (!moved) throw this.unusable('verification-expired', 'The code can no longer be resent; sign in again');
    verification.channelIndex += 1;
    await verification.save();
    return this.describe(verification, subject);
  }

  async cancel(verifyToken: string): Promise<void> {
    const verification = await this.pendingFor(verifyToken);
    await this.transition(verification, 'cancelled');
    await this.gateway.cancel(this.requestIds.open(verification.sealedRequestId)).catch(() => false);
  }

  /** The user id a verify token speaks for, once its signature and audience check out. */
  async subjectOf(verifyToken: string): Promise<string> {
    return (await this.claimsOf(verifyToken)).sub;
  }

  private async pendingFor(
    verifyToken: string,
    purpose: VerificationPurpose = 'sign-in',
  ): Promise<VerificationDocument> {
    const { sub, jti } = await this.claimsOf(verifyToken);
    const verification = Types.ObjectId.isValid(jti) ? await this.verifications.findById(jti).exec() : null;
    if (verification?.userId.toString() !== sub || (verification.purpose ?? 'sign-in') !== purpose) {
      throw this.unusable('invalid-verify-token', 'This verification is not known; sign in again');
    }
    if (verification.state === 'pending' && verification.expiresAt.getTime() <= Date.now()) {
      await this.transition(verification, 'expired');
      verification.state = 'expired';
    }
    switch (verification.state) {
      case 'pending':
        return verification;
      case 'approved':
        throw this.unusable('verification-used', 'This sign-in was already completed');
      case 'expired':
        throw this.unusable('verification-expired', 'The code has expired; sign in again');
      case 'cancelled':
        throw this.unusable('verification-cancelled', 'This sign-in was cancelled; sign in again');
      case 'failed':
        throw this.unusable('too-many-attempts', 'Too many wrong codes; sign in again');
    }
  }

  private async claimsOf(verifyToken: string): Promise<VerifyTokenClaims> {
    try {
      return await this.jwt.verifyAsync<VerifyTokenClaims>(verifyToken, {
        audience: VERIFY_TOKEN_AUDIENCE,
        algorithms: ['HS256'],
      });
    } catch (error) {
      const expired = (error as Error).name === 'TokenExpiredError';
      throw this.unusable(
        expired ? 'verification-expired' : 'invalid-verify-token',
        expired ? 'The code has expired; sign in again' : 'This verification is not known; sign in again',
      );
    }
  }

  /**
   * Moves a challenge out of `pending`, once: the fence decides among racing requests on any
   * number of API instances (one code approving two sessions, or an approval racing a cancel).
   */
  private async transition(verification: VerificationDocument, to: VerificationState): Promise<boolean> {
    if (!(await this.fences.claim(`verification:${verification.id}`))) return false;
    const result = await this.verifications
      .updateOne({ _id: verification._id, state: 'pending' }, { $set: { state: to } })
      .exec();
    return result.modifiedCount === 1;
  }

  private async cancelPending(userId: string, purpose: VerificationPurpose, destinations: string[]): Promise<void> {
    const pending = await this.verifications
      .find({
        state: 'pending',
        // trusted(): operators we wrote ourselves, exempt from sanitizeFilter.
        $or: [{ userId: new Types.ObjectId(userId), purpose }, { destinations: trusted({ $in: destinations }) }],
      })
      .exec();
    for (const verification of pending) {
      if (await this.transition(verification, 'cancelled')) {
        await this.gateway.cancel(this.requestIds.open(verification.sealedRequestId)).catch((error: Error) => {
          this.logger.warn(`could not cancel a superseded verification: ${error.message}`);
        });
      }
    }
  }

  private describe(verification: VerificationDocument, subject: VerificationSubject) {
    const channel = verification.channels[verification.channelIndex];
    return {
      channel,
      destination: channel === 'email' ? maskEmail(subject.email) : maskPhone(subject.phone),
      expiresAt: verification.expiresAt.toISOString(),
    };
  }

  private unusable(type: string, message: string): UnauthorizedException {
    return new UnauthorizedException({ type, message });
  }
}
