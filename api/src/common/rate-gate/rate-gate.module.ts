import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { RateGatePause, RateGatePauseSchema, RateGateSlot, RateGateSlotSchema } from './rate-gate.schemas.js';
import { RateGateService } from './rate-gate.service.js';

/** Send-rate gates shared by all API instances through the database (e.g. Vonage's Messages throughput). */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: RateGateSlot.name, schema: RateGateSlotSchema },
      { name: RateGatePause.name, schema: RateGatePauseSchema },
    ]),
  ],
  providers: [RateGateService],
  exports: [RateGateService],
})
export class RateGateModule {}
