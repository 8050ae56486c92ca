import { Inject, Injectable } from '@nestjs/common';
import { MeetingType, Meetings } from '@vonage/meetings';
import { vonageConfig, VonageConfig } from '../../config/configuration.js';
import { MeetingRoom, MeetingRooms } from '../../meetings/meeting-rooms.js';
import { callVonage } from '../vonage-call.js';

/**
 * Meetings API v1 (@vonage/meetings, a standalone client: the server SDK never bundled it).
 * Vonage retired the API in 2025; the sandbox still serves it, and MeetingRooms keeps it replaceable.
 */
@Injectable()
export class VonageMeetingRooms extends MeetingRooms {
  private readonly meetings: Meetings;

  constructor(@Inject(vonageConfig.KEY) config: VonageConfig) {
    super();
    this.meetings = new Meetings(
      { applicationId: config.applicationId, privateKey: config.privateKey },
      { meetingsHost: config.hosts.meetings, timeout: config.timeoutMs, appendUserAgent: 'tabletalk' },
    );
  }

  async createRoom({ displayName }: { displayName: string }): Promise<MeetingRoom> {
    const room = await callVonage('meetings.createRoom', () =>
      this.meetings.createRoom({ displayName, type: MeetingType.INSTANT } as Parameters<Meetings['createRoom']>[0]),
    );
    if (!room.id || !room.hostUrl || !room.guestUrl) {
      throw new Error('Vonage Meetings answered without a room id or links');
    }
    return { id: room.id, hostUrl: room.hostUrl, guestUrl: room.guestUrl, expiresAt: room.expiresAt ? new Date(room.expiresAt) : null };
  }
}
