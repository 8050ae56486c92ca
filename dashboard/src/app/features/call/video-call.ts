/**
 * What the call page shows. `waiting`: we are in, the other person is not (yet, or any more);
 * `media-denied` / `no-device`: the camera or microphone was refused or is missing; `lost`: the
 * connection dropped and did not come back; `ended`: the call is over (hung up or closed by staff).
 */
export type CallState =
  'starting' | 'waiting' | 'connected' | 'reconnecting' | 'lost' | 'ended' | 'media-denied' | 'no-device' | 'failed';

/** Why a call ended: we hung up, staff closed the request, or the Video API disconnected us. */
export type EndReason = 'hung-up' | 'closed' | 'disconnected';

export interface VideoCallJoin {
  applicationId: string;
  sessionId: string;
  token: string;
  /** Our camera goes here (muted). */
  selfView: HTMLElement;
  /** The other person's video goes here. */
  remoteView: HTMLElement;
  /** Shown to the other side by the production SDK. */
  name: string;
}

export interface VideoCallListener {
  state(state: CallState): void;
  /** Our connection id, once connected (the API force-disconnects it when the request closes). */
  connected(connectionId: string): void;
  /** The other person's name, from their connection data, when known. */
  peer(name: string | null): void;
  ended(reason: EndReason): void;
}

/**
 * A two-person video call, whatever carries it: Vonage's client SDK in production, the sandbox's
 * WebRTC relay offline. The call page only talks to this.
 */
export interface VideoCall {
  /** Starts camera and microphone, then joins. Rejects with CallFailure when media cannot start. */
  join(options: VideoCallJoin, listener: VideoCallListener): Promise<void>;
  setMicrophone(on: boolean): void;
  setCamera(on: boolean): void;
  /** Leaves and releases camera and microphone. Safe to call twice. */
  leave(): void;
}

/** A call that could not start, with the state to show for it. */
export class CallFailure extends Error {
  constructor(
    readonly state: Extract<CallState, 'media-denied' | 'no-device' | 'failed'>,
    message: string,
  ) {
    super(message);
  }
}

/** getUserMedia's errors, as call states: refused vs. missing hardware vs. anything else. */
export function mediaFailure(error: unknown): CallFailure {
  const name = (error as { name?: string } | null)?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'OT_USER_MEDIA_ACCESS_DENIED')
    return new CallFailure('media-denied', 'Camera or microphone access was refused');
  if (
    [
      'NotFoundError',
      'OverconstrainedError',
      'NotReadableError',
      'OT_HARDWARE_UNAVAILABLE',
      'OT_NO_DEVICES_FOUND',
      'OT_NO_VALID_CONSTRAINTS',
    ].includes(name)
  )
    return new CallFailure('no-device', 'No camera or microphone is available');
  return new CallFailure('failed', (error as Error)?.message ?? 'The call could not start');
}

/** The name in a Video API connection's data (`{"name": …}` as the API writes it). */
export function nameFromConnectionData(data: string | undefined | null): string | null {
  try {
    const parsed = JSON.parse(data ?? '') as { name?: unknown };
    return typeof parsed.name === 'string' ? parsed.name : null;
  } catch {
    return null;
  }
}

/** Signal type the API sends to the session when the support request is closed. */
export const ROOM_ENDED_SIGNAL = 'support-ended';
