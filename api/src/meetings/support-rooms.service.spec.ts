import { ConflictException, NotFoundException } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { Types } from 'mongoose';
import type { AuthenticatedUser } from '../common/auth/decorators.js';
import { MeetingAccess } from './meeting-access.js';
import type { MeetingRooms } from './meeting-rooms.js';
import { SupportRoomsService } from './support-rooms.service.js';

/** Joining a room: the owner (MeetingAccess) admits the caller first, then the room must still be usable. */
describe('SupportRoomsService.join / addConnection', () => {
  const requestId = new Types.ObjectId().toString();
  const caller: AuthenticatedUser = { id: new Types.ObjectId().toString(), email: 'kim@example.com', role: 'customer' };
  const participant = { side: 'customer' as const, name: 'Kim', userId: caller.id };
  let room: {
    _id: Types.ObjectId;
    roomId: string;
    state: string;
    expiresAt: Date;
    hostUrl: string;
    guestUrl: string;
  } | null;
  let access: { admit: jest.Mock };
  let provider: { join: jest.Mock };
  let model: { findOne: jest.Mock; updateOne: jest.Mock };
  let service: SupportRoomsService;

  beforeEach(() => {
    room = {
      _id: new Types.ObjectId(),
      roomId: 'session-1',
      state: 'open',
      expiresAt: new Date(Date.now() + 60_000),
      hostUrl: 'h',
      guestUrl: 'g',
    };
    access = { admit: jest.fn().mockResolvedValue(participant) };
    provider = {
      join: jest.fn().mockResolvedValue({
        provider: 'video',
        applicationId: 'app',
        sessionId: 'session-1',
        token: 't',
        role: 'publisher',
      }),
    };
    model = {
      findOne: jest.fn(() => ({ exec: () => Promise.resolve(room) })),
      updateOne: jest.fn(() => ({ exec: () => Promise.resolve({ modifiedCount: 1 }) })),
    };
    const moduleRef = {
      get: jest.fn((token: unknown) => (token === MeetingAccess ? access : undefined)),
    } as unknown as ModuleRef;
    service = new SupportRoomsService(
      model as never,
      provider as unknown as MeetingRooms,
      { roomTtlMinutes: 30, pagesOrigin: 'http://x' } as never,
      moduleRef,
    );
  });

  it('joins as the participant the owner admitted, until the room ends', async () => {
    const { join, expiresAt } = await service.join(caller, requestId);
    expect(access.admit).toHaveBeenCalledWith(caller, requestId);
    expect(provider.join).toHaveBeenCalledWith(room, participant, room!.expiresAt);
    expect(join).toMatchObject({ sessionId: 'session-1' });
    expect(expiresAt).toBe(room!.expiresAt);
  });

  it("answers the owner's refusal (404) without looking at the room", async () => {
    access.admit.mockRejectedValue(new NotFoundException());
    await expect(service.join(caller, requestId)).rejects.toBeInstanceOf(NotFoundException);
    await expect(service.addConnection(caller, requestId, 'c-1')).rejects.toBeInstanceOf(NotFoundException);
    expect(model.findOne).not.toHaveBeenCalled();
    expect(provider.join).not.toHaveBeenCalled();
  });

  it.each([
    ['closed', () => (room!.state = 'closed')],
    ['expired', () => (room!.expiresAt = new Date(Date.now() - 1))],
    ['missing', () => (room = null)],
  ])('answers 409 support-call-ended when the room is %s', async (_, spoil) => {
    spoil();
    const error = await service.join(caller, requestId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictException);
    expect((error as ConflictException).getResponse()).toMatchObject({ type: 'support-call-ended' });
    await expect(service.addConnection(caller, requestId, 'c-1')).rejects.toBeInstanceOf(ConflictException);
    expect(model.updateOne).not.toHaveBeenCalled();
  });

  it('remembers a connection of an admitted caller', async () => {
    await service.addConnection(caller, requestId, 'c-1');
    expect(model.updateOne).toHaveBeenCalledWith({ _id: room!._id }, { $addToSet: { connectionIds: 'c-1' } });
  });
});
