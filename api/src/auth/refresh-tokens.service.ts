import { Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted, Types } from 'mongoose';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { FenceService } from '../common/concurrency/fence.service.js';
import { KeyedLock } from '../common/concurrency/keyed-lock.js';
import { AuthConfig, authConfig } from '../config/configuration.js';
import { RefreshToken } from './schemas/refresh-token.schema.js';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

@Injectable()
export class RefreshTokensService {
  private readonly logger = new Logger(RefreshTokensService.name);
  private readonly rotations = new KeyedLock();

  constructor(
    @InjectModel(RefreshToken.name) private readonly tokens: Model<RefreshToken>,
    private readonly fences: FenceService,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {}

  /** A new family for a new sign-in. */
  issue(userId: string): Promise<string> {
    return this.create(userId, randomUUID());
  }

  /**
   * Swaps a refresh token for a new one of its family and tells whose it was. A token that was
   * already swapped is a replay: the family is revoked, so the thief's copy dies with it.
   */
  rotate(token: string): Promise<{ userId: string; refreshToken: string }> {
    return this.rotations.run(hash(token), () => this.swap(token));
  }

  private async swap(token: string): Promise<{ userId: string; refreshToken: string }> {
    const now = new Date();
    const found = await this.tokens
      // trusted(): an operator we wrote ourselves, exempt from sanitizeFilter.
      .findOne({ tokenHash: hash(token), replacedAt: null, revokedAt: null, expiresAt: trusted({ $gt: now }) })
      .exec();
    // Of concurrent refreshes with one token, on any number of API instances, only one wins the
    // fence (a unique insert; FerretDB applies conditional updates as read-then-write).
    const current = found && (await this.fences.claim(`refresh:${found.id}`)) ? found : null;
    if (current) await this.tokens.updateOne({ _id: current._id }, { $set: { replacedAt: now } }).exec();
    if (!current) {
      const known = await this.tokens.findOne({ tokenHash: hash(token) }).exec();
      if (known?.replacedAt) {
        this.logger.warn(
          { userId: known.userId.toString(), family: known.family },
          'refresh token reused: revoking its family',
        );
        await this.revokeFamily(known.family);
      }
      throw new UnauthorizedException({
        type: 'invalid-refresh-token',
        message: 'The session has ended; sign in again',
      });
    }
    const userId = current.userId.toString();
    return { userId, refreshToken: await this.create(userId, current.family) };
  }

  /** Ends the sign-in the token belongs to (idempotent; unknown tokens are ignored). */
  async revoke(token: string): Promise<void> {
    const known = await this.tokens.findOne({ tokenHash: hash(token) }).exec();
    if (known) await this.revokeFamily(known.family);
  }

  /** Ends every sign-in of an account (disabled, role changed, password changed). */
  async revokeAllFor(userId: string): Promise<void> {
    await this.tokens
      .updateMany({ userId: new Types.ObjectId(userId), revokedAt: null }, { $set: { revokedAt: new Date() } })
      .exec();
  }

  /** The account a refresh token belongs to, whatever its state (logout ends that account's access tokens). */
  async ownerOf(token: string): Promise<string | null> {
    const known = await this.tokens.findOne({ tokenHash: hash(token) }).exec();
    return known ? known.userId.toString() : null;
  }

  private async revokeFamily(family: string): Promise<void> {
    await this.tokens.updateMany({ family, revokedAt: null }, { $set: { revokedAt: new Date() } }).exec();
  }

  private async create(userId: string, family: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.tokens.create({
      tokenHash: hash(token),
      userId: new Types.ObjectId(userId),
      family,
      expiresAt: new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000),
    });
    return token;
  }
}
