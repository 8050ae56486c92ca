import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted } from 'mongoose';
import { createHmac } from 'node:crypto';
import { KeyedLock } from '../common/concurrency/keyed-lock.js';
import { AuthConfig, authConfig } from '../config/configuration.js';
import { SignInLockout } from './schemas/sign-in-lockout.schema.js';

/**
 * Failed sign-in steps (wrong password, wrong code), counted so that an attacker cannot aim a lock:
 *
 * - per (email address, client address): LOGIN_MAX_FAILURES failures lock that pair for
 *   LOGIN_LOCK_SECONDS. Whoever guesses from one place locks only themselves out; the owner,
 *   signing in from elsewhere, is not refused.
 * - per email address, from everywhere: past LOGIN_ACCOUNT_SLOW_AFTER failures within the lock
 *   period, every attempt on that address waits LOGIN_SLOW_DELAY_MS first. That slows a guesser
 *   spread over many addresses without locking anyone out.
 *
 * Counted per address known or not, so neither the lock nor the delay reveals an account.
 * The client address is the socket's unless TRUST_PROXY names the proxy allowed to report it.
 */
@Injectable()
export class SignInLockoutService {
  /** FerretDB applies `$inc` as read-then-write: racing failures of one key must not be lost. */
  private readonly lock = new KeyedLock();

  constructor(
    @InjectModel(SignInLockout.name) private readonly lockouts: Model<SignInLockout>,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {}

  /**
   * Before any password or code is checked (so a locked pair costs no hash): 429 `account-locked`
   * with Retry-After while this client is locked out of this address; waits first while the
   * address is being guessed at from everywhere.
   */
  async gate(email: string, client: string): Promise<void> {
    const pairKey = this.pairKey(email, client);
    const accountKey = this.accountKey(email);
    const found = await this.lockouts
      .find({ emailHash: trusted({ $in: [pairKey, accountKey] }) })
      .lean()
      .exec();
    const now = Date.now();
    const pair = found.find((doc) => doc.emailHash === pairKey);
    const lockedFor = pair?.lockedUntil ? Math.ceil((pair.lockedUntil.getTime() - now) / 1000) : 0;
    if (lockedFor > 0) {
      throw new HttpException(
        {
          type: 'account-locked',
          message: `Too many failed attempts; try again in ${Math.ceil(lockedFor / 60)} minute(s)`,
          retryAfter: lockedFor,
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const account = found.find((doc) => doc.emailHash === accountKey);
    if (account?.lockedUntil && account.lockedUntil.getTime() > now) {
      await new Promise((resolve) => setTimeout(resolve, this.config.lockout.slowDelayMs));
    }
  }

  /** Counts a failed step for the pair (which locks at the limit) and for the address (which slows down). */
  async recordFailure(email: string, client: string): Promise<void> {
    const { maxFailures, accountSlowAfter } = this.config.lockout;
    await Promise.all([
      this.count(this.pairKey(email, client), maxFailures),
      this.count(this.accountKey(email), accountSlowAfter),
    ]);
  }

  /** A completed sign-in forgets this client's earlier failures (not the address-wide count: that is everyone's). */
  async clear(email: string, client: string): Promise<void> {
    await this.lockouts.deleteOne({ emailHash: this.pairKey(email, client) }).exec();
  }

  /**
   * One more failure of a key; at `limit` the key gets `lockedUntil` (a lock for a pair, a slow
   * period for an address) and counting starts again. Failures older than the lock period are forgotten.
   */
  private count(key: string, limit: number): Promise<void> {
    const { lockSeconds } = this.config.lockout;
    return this.lock.run(key, async () => {
      const now = new Date();
      const windowStart = new Date(now.getTime() - lockSeconds * 1000);
      const current = await this.lockouts.findOne({ emailHash: key }).lean().exec();
      const fresh = !current?.windowStart || current.windowStart < windowStart;
      const failures = fresh ? 1 : current.failures + 1;
      const set =
        failures >= limit
          ? { failures: 0, windowStart: now, lockedUntil: new Date(now.getTime() + lockSeconds * 1000) }
          : { failures, ...(fresh && { windowStart: now }) };
      await this.lockouts.updateOne({ emailHash: key }, { $set: set }, { upsert: true }).exec();
    });
  }

  private pairKey(email: string, client: string): string {
    return this.hash(`sign-in-lockout:${normalise(email)}|${client}`);
  }

  private accountKey(email: string): string {
    return this.hash(`sign-in-account:${normalise(email)}`);
  }

  private hash(value: string): string {
    return createHmac('sha256', this.config.jwtSecret).update(value).digest('base64url');
  }
}

function normalise(email: string): string {
  return email.trim().toLowerCase();
}
