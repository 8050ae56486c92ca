import { Inject, Injectable } from '@nestjs/common';
import type { Meetings } from '@vonage/meetings';
import { VonageConfig, vonageConfig } from '../../config/configuration.js';
import { MeetingRooms, ProviderRoom, RoomJoin, RoomParticipant, StoredRoomRef } from '../../meetings/meeting-rooms.js';
import { callVonage } from '../vonage-call.js';
import { onFirstUse } from '../vonage-clients.js';

/**
 * Meetings API v1 (@vonage/meetings, a standalone client: the server SDK never bundled it), kept
 * for SUPPORT_VIDEO=meetings. Vonage retired the API on 2025-06-30; the sandbox still serves it.
 */
@Injectable()
export class VonageMeetingRooms extends MeetingRooms {
  readonly provider = 'meetings' as const;
  /** @vonage/meetings is loaded with the first room, not at start-up (see VonageClients). */
  private readonly meetings: () => Promise<Meetings>;

  constructor(@Inject(vonageConfig.KEY) config: VonageConfig) {
    super();
    this.meetings = onFirstUse(
      async () =>
        new (await import('@vonage/meetings')).Meetings(
          { applicationId: config.applicationId, privateKey: config.privateKey },
          { meetingsHost: config.hosts.meetings, timeout: config.timeoutMs, appendUserAgent: 'tabletalk' },
        ),
    );
  }

  async createRoom({ displayName }: { displayName: string }): Promise<ProviderRoom> {
    const { MeetingType } = await import('@vonage/meetings');
    const room = await callVonage('meetings.createRoom', async () =>
      (await this.meetings()).createRoom({ displayName, type: MeetingType.INSTANT } as Parameters<
        Meetings['createRoom']
      >[0]),
    );
    if (!room.id || !room.hostUrl || !room.guestUrl) {
      throw new Error('Vonage Meetings answered without a room id or links');
    }
    return {
      roomId: room.id,
      hostUrl: room.hostUrl,
      guestUrl: room.guestUrl,
      expiresAt: room.expiresAt ? new Date(room.expiresAt) : null,
    };
  }

  /** The hosted room's links: the host link (with its participant token) for staff only. */
  join(room: StoredRoomRef, who: RoomParticipant): Promise<RoomJoin> {
    return Promise.resolve(
      who.side === 'staff'
        ? { provider: 'meetings', url: room.hostUrl, role: 'host' }
        : { provider: 'meetings', url: room.guestUrl, role: 'guest' },
    );
  }

  /** Instant rooms cannot be ended through the API; they expire on their own (and we stop handing out links). */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
