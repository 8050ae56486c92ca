import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { SupportRoom, SupportRoomSchema } from './schemas/support-room.schema.js';
import { SupportRoomsService } from './support-rooms.service.js';
import { SupportRoomsSweep } from './support-rooms.sweep.js';
import { SupportVideoController } from './support-video.controller.js';

/**
 * The Meetings feature: the video room of each support request and joining its call (the
 * `/video` endpoints). The provider port, MeetingRooms, is bound in VonageModule; who may join
 * (MeetingAccess) is provided by the rooms' owner, SupportModule.
 */
@Module({
  imports: [MongooseModule.forFeature([{ name: SupportRoom.name, schema: SupportRoomSchema }])],
  controllers: [SupportVideoController],
  providers: [SupportRoomsService, SupportRoomsSweep],
  exports: [SupportRoomsService],
})
export class MeetingsModule {}
