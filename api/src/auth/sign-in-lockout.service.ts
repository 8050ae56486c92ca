import { createHmac } from 'node:crypto';
import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { KeyedLock } from '../common/concurrency/keyed-lock.js';
import { authConfig, AuthConfig } from '../config/configuration.js';
import { SignInLockout } from './schemas/sign-in-lockout.schema.js';

/**
 * Locks an email address for a while after repeated failed sign-in steps (wrong password,
 * wrong code). Counted per address, known or not, so "locked" reveals nothing about accounts.
 */
@Injectable()
export class SignInLockoutService {
  /** FerretDB applies `$inc` as read-then-write: racing failures of one address must not be lost. */
  private readonly lock = new KeyedLock();

  constructor(
    @InjectModel(SignInLockout.name) private readonly lockouts: Model<SignInLockout>,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {}

  /** 429 `account-locked` with Retry-After while the address is locked. */
  async refuseIfLocked(email: string): Promise<void> {
    const lockout = await this.lockouts.findOne({ emailHash: this.hash(email) }).lean().exec();
    const lockedFor = lockout?.lockedUntil ? Math.ceil((lockout.lockedUntil.getTime() - Date.now()) / 1000) : 0;
    if (lockedFor > 0) {
      throw new HttpException(
        { type: 'account-locked', message: `Too many failed attempts; try again in ${Math.ceil(lockedFor / 60)} minute(s)`, retryAfter: lockedFor },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }

  /** Counts a failed step; the address locks when the count reaches the limit, and counting starts again. */
  recordFailure(email: string): Promise<void> {
    const emailHash = this.hash(email);
    const { maxFailures, lockSeconds } = this.config.lockout;
    return this.lock.run(emailHash, async () => {
      const lockout = await this.lockouts
        .findOneAndUpdate({ emailHash }, { $inc: { failures: 1 } }, { upsert: true, returnDocument: 'after' })
        .exec();
      if (lockout.failures >= maxFailures) {
        await this.lockouts
          .updateOne({ emailHash }, { $set: { failures: 0, lockedUntil: new Date(Date.now() + lockSeconds * 1000) } })
          .exec();
      }
    });
  }

  /** A completed sign-in forgets earlier failures. */
  async clear(email: string): Promise<void> {
    await this.lockouts.deleteOne({ emailHash: this.hash(email) }).exec();
  }

  private hash(email: string): string {
    return createHmac('sha256', this.config.jwtSecret).update(`sign-in-lockout:${email.trim().toLowerCase()}`).digest('base64url');
  }
}
