import { Inject, Injectable } from '@nestjs/common';
import { PeriodicSweep } from '../common/scheduling/periodic-sweep.js';
import { SupportConfig, supportConfig } from '../config/configuration.js';
import { SupportRoomsService } from './support-rooms.service.js';

/** Every SUPPORT_ROOM_SWEEP_MS: ends the calls of rooms past their end (tokens expiring do not end a call in progress). */
@Injectable()
export class SupportRoomsSweep extends PeriodicSweep {
  constructor(
    private readonly rooms: SupportRoomsService,
    @Inject(supportConfig.KEY) config: SupportConfig,
  ) {
    super({ intervalMs: config.roomSweepIntervalMs });
  }

  protected sweepOnce(): Promise<number> {
    return this.rooms.closeExpired();
  }
}
