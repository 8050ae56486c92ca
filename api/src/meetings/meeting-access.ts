import type { AuthenticatedUser } from '../common/auth/decorators.js';
import type { RoomParticipant } from './meeting-rooms.js';

/**
 * Port: who may join the room kept for `requestId`, and as whom. Rooms belong to the feature that
 * opened them (support requests), which alone knows whose they are: it provides this in its own
 * module, and SupportRoomsService finds it there (rooms never read that feature's records).
 */
export abstract class MeetingAccess {
  /**
   * The caller as a participant of the room, or an error to answer: 404 when the caller may not
   * know the room exists, 409 when the call has ended (the owner closed it).
   */
  abstract admit(caller: AuthenticatedUser, requestId: string): Promise<RoomParticipant>;
}
