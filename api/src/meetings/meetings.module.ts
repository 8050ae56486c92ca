import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { SupportRoom, SupportRoomSchema } from './schemas/support-room.schema.js';
import { SupportRoomsService } from './support-rooms.service.js';
import { SupportRoomsSweep } from './support-rooms.sweep.js';

/** Video rooms of support requests (the provider port, MeetingRooms, is bound in VonageModule). */
@Module({
  imports: [MongooseModule.forFeature([{ name: SupportRoom.name, schema: SupportRoomSchema }])],
  providers: [SupportRoomsService, SupportRoomsSweep],
  exports: [SupportRoomsService],
})
export class MeetingsModule {}
