import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted } from 'mongoose';
import { isDuplicateKeyError } from '../database/duplicate-key.js';
import { Fence } from './fence.schema.js';

/** Fences older than this are pruned on the way (FerretDB has no TTL indexes). */
const RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * Once-only steps across every API instance, on MongoDB and FerretDB alike (see Fence).
 * Use it in front of a conditional update: the winner of the fence applies the update.
 */
@Injectable()
export class FenceService {
  private lastPrune = 0;

  constructor(@InjectModel(Fence.name) private readonly fences: Model<Fence>) {}

  /** True for exactly one caller per step, ever. */
  async claim(step: string): Promise<boolean> {
    this.pruneNowAndThen();
    return this.insert(step, step, 0);
  }

  /**
   * Like claim(), but a fence held longer than `staleAfterMs` while `stillUnapplied()` says its
   * winner never applied the step (it crashed in between) is taken over, by one caller: the next
   * generation is a unique insert too.
   */
  async claimOrTakeOver(step: string, staleAfterMs: number, stillUnapplied: () => Promise<boolean>): Promise<boolean> {
    if (await this.claim(step)) return true;
    const latest = await this.fences.findOne({ step }).sort({ generation: -1 }).lean().exec();
    if (!latest || latest.createdAt.getTime() > Date.now() - staleAfterMs) return false;
    if (!(await stillUnapplied())) return false;
    const generation = latest.generation + 1;
    return this.insert(`${step}#${generation}`, step, generation);
  }

  private async insert(_id: string, step: string, generation: number): Promise<boolean> {
    try {
      await this.fences.create({ _id, step, generation });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  private pruneNowAndThen(): void {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    this.fences
      .deleteMany({ createdAt: trusted({ $lt: new Date(Date.now() - RETENTION_MS) }) })
      .exec()
      .catch(() => undefined);
  }
}
