import { ConflictException, Injectable, Logger, UnprocessableEntityException } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted } from 'mongoose';
import { createHash } from 'node:crypto';
import { isDuplicateKeyError } from '../database/duplicate-key.js';
import { IdempotencyRecord } from './idempotency-record.schema.js';

/** Keys are kept this long per caller (then the same key starts afresh). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A request holding a key longer than this is taken to have died (its key may be claimed again). */
const LEASE_MS = 60_000;
/** How long a duplicate waits for the first request's answer before being told to retry (409). */
const WAIT_MS = 10_000;
const WAIT_STEP_MS = 50;
const PRUNE_EVERY_MS = 10 * 60_000;

export type IdempotencyStart = { kind: 'first'; id: string } | { kind: 'replay'; status: number; body: unknown };

/**
 * Stripe-style idempotency keys, shared by any route (`@Idempotent()`): the first request with
 * a key claims it by a unique insert and stores its answer; a repeat with the same request gets
 * that answer; a repeat with another request gets 422; a repeat while the first is still running
 * waits for it (so concurrent duplicates run once, across instances too).
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);
  private lastPrune = 0;

  constructor(@InjectModel(IdempotencyRecord.name) private readonly records: Model<IdempotencyRecord>) {}

  static id(caller: string, route: string, key: string): string {
    return createHash('sha256').update(`${caller}\n${route}\n${key}`).digest('hex');
  }

  static fingerprint(method: string, url: string, body: unknown): string {
    return createHash('sha256')
      .update(`${method} ${url}\n${stableJson(body ?? null)}`)
      .digest('hex');
  }

  async start(id: string, fingerprint: string): Promise<IdempotencyStart> {
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) void this.prune();
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const now = new Date();
      try {
        await this.records.create({
          _id: id,
          fingerprint,
          state: 'pending',
          leaseUntil: new Date(now.getTime() + LEASE_MS),
          expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
        });
        return { kind: 'first', id };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const existing = await this.records.findById(id).lean().exec();
      if (!existing) continue; // released meanwhile (the first request failed): claim it
      if (existing.expiresAt <= now || (existing.state === 'pending' && existing.leaseUntil <= now)) {
        // Expired, or abandoned by a process that died: remove exactly that one, then claim afresh.
        await this.records.deleteOne({ _id: id, createdAt: existing.createdAt }).exec();
        continue;
      }
      if (existing.fingerprint !== fingerprint) {
        throw new UnprocessableEntityException({
          type: 'idempotency-key-reused',
          message: 'This Idempotency-Key was used with a different request; use a new key for a new request',
        });
      }
      if (existing.state === 'done')
        return {
          kind: 'replay',
          status: existing.status ?? 200,
          body: existing.body === null ? undefined : JSON.parse(existing.body),
        };
      if (Date.now() > deadline) {
        throw new ConflictException({
          type: 'idempotency-key-in-progress',
          message: 'A request with this Idempotency-Key is still running; retry shortly',
          retryAfter: 1,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
  }

  async finish(id: string, status: number, body: unknown): Promise<void> {
    await this.records
      .updateOne(
        { _id: id },
        { $set: { state: 'done', status, body: body === undefined ? null : JSON.stringify(body) } },
      )
      .exec();
  }

  /** The request failed: forget the key so the caller can retry with it. */
  async release(id: string): Promise<void> {
    await this.records.deleteOne({ _id: id, state: 'pending' }).exec();
  }

  private async prune(): Promise<void> {
    this.lastPrune = Date.now();
    try {
      await this.records.deleteMany({ expiresAt: trusted({ $lt: new Date() }) }).exec();
    } catch (error) {
      this.logger.warn(`idempotency key cleanup failed: ${(error as Error).message}`);
    }
  }
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same request. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
