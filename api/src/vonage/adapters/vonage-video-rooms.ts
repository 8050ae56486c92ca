import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Video } from '@vonage/video';
import { UpstreamError } from '../../common/upstream/upstream.error.js';
import { VonageConfig, vonageConfig } from '../../config/configuration.js';
import { MeetingRooms, ProviderRoom, RoomJoin, RoomParticipant, StoredRoomRef } from '../../meetings/meeting-rooms.js';
import { callVonage } from '../vonage-call.js';
import { onFirstUse, vonageAuth } from '../vonage-clients.js';

/** Signal type every call page listens for: the support request was closed, leave the call. */
export const ROOM_ENDED_SIGNAL = 'support-ended';

/**
 * Video API (@vonage/video): one routed session per room, client tokens minted locally (no HTTP)
 * with the participant's role, name and an expiry no later than the room's end. Ending a room
 * signals every connected client and force-disconnects the connections the call pages reported.
 */
@Injectable()
export class VonageVideoRooms extends MeetingRooms {
  readonly provider = 'video' as const;
  private readonly logger = new Logger(VonageVideoRooms.name);
  /** @vonage/video is loaded with the first support call, not at start-up (see VonageClients). */
  private readonly video: () => Promise<Video>;

  constructor(@Inject(vonageConfig.KEY) private readonly config: VonageConfig) {
    super();
    const auth = vonageAuth({ applicationId: config.applicationId, privateKey: config.privateKey });
    this.video = onFirstUse(
      async () =>
        new (await import('@vonage/video')).Video(await auth(), {
          videoHost: config.hosts.video,
          timeout: config.timeoutMs,
          appendUserAgent: 'tabletalk',
        }),
    );
  }

  async createRoom(): Promise<ProviderRoom> {
    // Routed explicitly: Vonage's docs and SDK disagree on the default, and routed media is what
    // lets force-disconnect and moderation work for every participant.
    const { MediaMode } = await import('@vonage/video');
    const session = await callVonage('video.createSession', async () =>
      (await this.video()).createSession({ mediaMode: MediaMode.ROUTED }),
    );
    if (!session.sessionId) throw new Error('Vonage Video answered without a session id');
    return { roomId: session.sessionId, hostUrl: null, guestUrl: null, expiresAt: null };
  }

  async join(room: StoredRoomRef, who: RoomParticipant, expiresAt: Date): Promise<RoomJoin> {
    const role = who.side === 'staff' ? 'moderator' : 'publisher';
    const token = (await this.video()).generateClientToken(room.roomId, {
      role,
      expireTime: Math.floor(expiresAt.getTime() / 1000),
      // Shown to the other side as the connection's data (Vonage's limit: 1000 characters).
      data: JSON.stringify({ name: who.name.slice(0, 200), side: who.side }),
    });
    return { provider: 'video', applicationId: this.config.applicationId, sessionId: room.roomId, token, role };
  }

  async close(room: StoredRoomRef & { connectionIds: string[] }): Promise<void> {
    // Every client connected now hears it, even one whose connection id never reached us.
    await callVonage(
      'video.signal',
      async () => (await this.video()).sendSignal({ type: ROOM_ENDED_SIGNAL, data: 'closed' }, room.roomId),
      { expected: [404] },
    ).catch((error: unknown) => {
      // 404: nobody is connected. Otherwise the force-disconnects below still end the call.
      if (!(error instanceof UpstreamError && error.failure.status === 404))
        this.logger.warn(`session ${room.roomId}: end signal not sent: ${(error as Error).message}`);
    });
    for (const connectionId of room.connectionIds) {
      try {
        await callVonage(
          'video.forceDisconnect',
          async () => (await this.video()).disconnectClient(room.roomId, connectionId),
          {
            expected: [404],
          },
        );
      } catch (error) {
        // 404: that connection already left. Anything else is worth a retry by whoever closes again.
        if (!(error instanceof UpstreamError && error.failure.status === 404)) throw error;
      }
    }
  }
}
