import { randomBytes, randomUUID } from 'node:crypto';
import { iso } from '../validation.js';

export type VideoRole = 'subscriber' | 'publisher' | 'publisheronly' | 'moderator';
export const VIDEO_ROLES: readonly VideoRole[] = ['subscriber', 'publisher', 'publisheronly', 'moderator'];

/** What the relay pushes to one browser (Server-Sent Events). */
export interface RelayEvent {
  event: 'connected' | 'peer-joined' | 'peer-left' | 'signal' | 'vonage-signal' | 'disconnected';
  data: unknown;
}

export interface VideoConnection {
  id: string;
  sessionId: string;
  role: VideoRole;
  /** The token's connection_data, shown to the other participants. */
  data: string;
  /** The token it joined with (its jti), so only that token can speak for the connection. */
  tokenId: string;
  createdAt: number;
  state: 'connected' | 'disconnected';
  /** Why it ended: clientDisconnected (left), forceDisconnected (Video API DELETE). */
  reason?: 'clientDisconnected' | 'forceDisconnected';
  endedAt?: number;
  /** A stream exists once the connection sends media (its first offer or answer). */
  streamId?: string;
  /** Offers/answers/candidates relayed from this connection, and candidates dropped (not loopback). */
  relayed: number;
  dropped: number;
  send(event: RelayEvent): void;
  end(): void;
}

export interface VideoSession {
  id: string;
  projectId: string;
  mediaMode: 'routed' | 'relayed';
  archiveMode: string;
  location?: string;
  createdAt: number;
  connections: VideoConnection[];
  signals: { type?: string; data: string; to?: string; at: number }[];
}

/**
 * Video API sessions and the browser connections in them. Vonage's session ids are opaque
 * strings starting `1_MX4` or `2_MX4`; ours are shaped alike and carry the application id.
 */
export class VideoStore {
  private readonly sessions = new Map<string, VideoSession>();

  constructor(private readonly now: () => number) {}

  reset(): void {
    for (const session of this.sessions.values())
      for (const connection of session.connections) this.end(connection, 'clientDisconnected');
    this.sessions.clear();
  }

  create(
    projectId: string,
    input: { mediaMode: 'routed' | 'relayed'; archiveMode: string; location?: string },
  ): VideoSession {
    const id = `2_MX4${Buffer.from(`${projectId}~~${this.now()}~${randomBytes(12).toString('base64url')}~`).toString('base64url')}-fg`;
    const session: VideoSession = { id, projectId, ...input, createdAt: this.now(), connections: [], signals: [] };
    this.sessions.set(id, session);
    return session;
  }

  get(id: string): VideoSession | undefined {
    return this.sessions.get(id);
  }

  list(): VideoSession[] {
    return [...this.sessions.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  live(session: VideoSession): VideoConnection[] {
    return session.connections.filter((c) => c.state === 'connected');
  }

  connect(
    session: VideoSession,
    input: Pick<VideoConnection, 'role' | 'data' | 'tokenId' | 'send' | 'end'>,
  ): VideoConnection {
    const connection: VideoConnection = {
      id: randomUUID(),
      sessionId: session.id,
      createdAt: this.now(),
      state: 'connected',
      relayed: 0,
      dropped: 0,
      ...input,
    };
    for (const peer of this.live(session)) peer.send({ event: 'peer-joined', data: peerView(connection) });
    session.connections.push(connection);
    return connection;
  }

  /** Ends a connection once; the others hear that it left. */
  end(connection: VideoConnection, reason: 'clientDisconnected' | 'forceDisconnected'): void {
    if (connection.state !== 'connected') return;
    connection.state = 'disconnected';
    connection.reason = reason;
    connection.endedAt = this.now();
    if (reason === 'forceDisconnected') connection.send({ event: 'disconnected', data: { reason } });
    connection.end();
    const session = this.sessions.get(connection.sessionId);
    for (const peer of session ? this.live(session) : [])
      peer.send({ event: 'peer-left', data: { connectionId: connection.id, reason } });
  }
}

/** What one participant learns about another. */
export const peerView = (c: VideoConnection) => ({
  connectionId: c.id,
  role: c.role,
  data: c.data,
  streamId: c.streamId ?? null,
});

/** GET /_sandbox/video/sessions. */
export function describeVideoSession(session: VideoSession) {
  return {
    session_id: session.id,
    project_id: session.projectId,
    media_mode: session.mediaMode,
    archive_mode: session.archiveMode,
    created_at: iso(session.createdAt),
    state: session.connections.some((c) => c.state === 'connected') ? 'active' : 'idle',
    connections: session.connections.map((c) => ({
      connection_id: c.id,
      role: c.role,
      data: c.data,
      state: c.state,
      reason: c.reason ?? null,
      created_at: iso(c.createdAt),
      ended_at: c.endedAt === undefined ? null : iso(c.endedAt),
      stream_id: c.streamId ?? null,
      relayed: c.relayed,
      dropped_candidates: c.dropped,
    })),
    signals: session.signals.map((s) => ({ type: s.type ?? null, data: s.data, to: s.to ?? null, at: iso(s.at) })),
  };
}

export const newStreamId = () => randomUUID();
