import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Fence, FenceSchema } from './fence.schema.js';
import { FenceService } from './fence.service.js';

/** Once-only steps shared by every feature (global: orders, sign-in and Verify all use it). */
@Global()
@Module({
  imports: [MongooseModule.forFeature([{ name: Fence.name, schema: FenceSchema }])],
  providers: [FenceService],
  exports: [FenceService],
})
export class ConcurrencyModule {}
