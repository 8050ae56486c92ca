import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted } from 'mongoose';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDuplicateKeyError } from '../database/duplicate-key.js';
import { RetryableError } from '../outbox/outbox.errors.js';
import { RateGatePause, RateGateSlot } from './rate-gate.schemas.js';

/** Ticks tried ahead of the clock before waiting (2 s at the default rate): more would only queue further. */
const LOOKAHEAD_SECONDS = 2;
/** A pause longer than this is not waited out in the handler: the entry is retried after it instead. */
const MAX_PAUSE_WAIT_MS = 10_000;
/** How long a read of another instance's pause is trusted (one extra read per this period, not per send). */
const PAUSE_READ_EVERY_MS = 200;
/** How late after its tick a send may start without crowding a second (event loop, one database write). */
const LATENESS_ALLOWANCE_MS = 50;
const PRUNE_EVERY_MS = 60_000;
const SLOT_RETENTION_MS = 60_000;

/** The gate is paused for longer than a handler waits: nothing was sent, retry after `retryAfterMs`. */
export class RateGatePausedError extends RetryableError {}

/**
 * A send-rate gate shared by every API instance through the database: at most `perSecond` sends
 * start in any second, each at its own tick (one tick every 1/perSecond s, owned by a unique insert),
 * and a provider's Retry-After pauses the gate for everyone. Senders call `acquire()` right before
 * the call that counts against the provider's rate. Ticks are spread over a second plus
 * LATENESS_ALLOWANCE_MS, so a send that starts up to that late after its tick cannot make any
 * one-second window hold perSecond + 1 (at 30/s: a tick every 35 ms, 28.6 sends/s at most).
 */
@Injectable()
export class RateGateService {
  private readonly logger = new Logger(RateGateService.name);
  /** Per gate: the first tick this process has not taken yet, the pause as last read, when it was read. */
  private readonly local = new Map<string, { nextTick: number; pausedUntil: number; pauseReadAt: number }>();
  private lastPrune = 0;

  constructor(
    @InjectModel(RateGateSlot.name) private readonly slots: Model<RateGateSlot>,
    @InjectModel(RateGatePause.name) private readonly pauses: Model<RateGatePause>,
  ) {}

  /** Tick length in ms for a rate: `perSecond` ticks span a second plus the lateness allowance. */
  static intervalMs(perSecond: number): number {
    return (1000 + LATENESS_ALLOWANCE_MS) / perSecond;
  }

  /**
   * Resolves when this caller may send: it owns a tick and the tick has started. Throws a
   * RetryableError (retry after the pause) when the gate is paused for longer than a handler should wait.
   */
  async acquire(gate: string, perSecond: number): Promise<void> {
    const interval = RateGateService.intervalMs(perSecond);
    const state = this.stateOf(gate);
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) void this.prune();
    for (;;) {
      await this.waitOutPause(gate, state);
      const nowTick = Math.ceil(Date.now() / interval);
      let tick = Math.max(nowTick, state.nextTick);
      const last = nowTick + Math.ceil((LOOKAHEAD_SECONDS * 1000) / interval);
      for (; tick <= last; tick++) {
        if (!(await this.take(gate, tick, interval))) continue;
        state.nextTick = tick + 1;
        const wait = tick * interval - Date.now();
        if (wait > 0) await sleep(wait);
        // A pause that began while we waited for the tick holds this send too.
        if (state.pausedUntil > Date.now()) break;
        // Woken too late (a busy event loop): sending now could crowd the next ticks' second. The
        // tick is given up and a later one taken; half the allowance is left for the way to the provider.
        if (Date.now() - tick * interval > LATENESS_ALLOWANCE_MS / 2) {
          tick = Math.max(tick, Math.ceil(Date.now() / interval) - 1);
          continue;
        }
        return;
      }
      if (tick > last) await sleep(Math.min(1000, LOOKAHEAD_SECONDS * 500)); // every tick ahead is taken: let the others send
    }
  }

  /** The provider asked us to wait (Retry-After): no instance sends through this gate before then. */
  async pause(gate: string, ms: number): Promise<void> {
    const until = new Date(Date.now() + ms);
    const state = this.stateOf(gate);
    state.pausedUntil = Math.max(state.pausedUntil, until.getTime());
    this.logger.warn({ gate, pauseMs: ms }, 'send rate gate paused (Retry-After)');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.pauses.updateOne({ _id: gate }, { $max: { until } }, { upsert: true }).exec();
        return;
      } catch (error) {
        // Two instances creating the pause at once: the loser's second try updates it.
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
  }

  private stateOf(gate: string) {
    let state = this.local.get(gate);
    if (!state) this.local.set(gate, (state = { nextTick: 0, pausedUntil: 0, pauseReadAt: 0 }));
    return state;
  }

  private async waitOutPause(gate: string, state: { pausedUntil: number; pauseReadAt: number }): Promise<void> {
    for (;;) {
      if (Date.now() - state.pauseReadAt > PAUSE_READ_EVERY_MS) {
        const pause = await this.pauses.findById(gate).lean().exec();
        state.pauseReadAt = Date.now();
        if (pause) state.pausedUntil = Math.max(state.pausedUntil, pause.until.getTime());
      }
      const remaining = state.pausedUntil - Date.now();
      if (remaining <= 0) return;
      if (remaining > MAX_PAUSE_WAIT_MS) {
        throw new RateGatePausedError(`Sending is paused for ${Math.ceil(remaining / 1000)} s (provider Retry-After)`, {
          retryAfterMs: remaining,
        });
      }
      await sleep(remaining);
    }
  }

  /** Inserts the tick's slot; false when another sender (here or in another instance) has it. */
  private async take(gate: string, tick: number, interval: number): Promise<boolean> {
    try {
      await this.slots.create({ _id: `${gate}:${tick}`, at: new Date(tick * interval) });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  private async prune(): Promise<void> {
    this.lastPrune = Date.now();
    try {
      await this.slots.deleteMany({ at: trusted({ $lt: new Date(Date.now() - SLOT_RETENTION_MS) }) }).exec();
    } catch (error) {
      this.logger.warn(`rate gate cleanup failed: ${(error as Error).message}`);
    }
  }
}
