import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { aclAllows } from '../auth/acl.js';
import { type ApplicationClaims, AuthError, verifyApplicationJwt } from '../auth/credentials.js';
import type { SandboxConfig } from '../config.js';
import type { ConversationEvent, ConversationStore, User } from '../conversations/store.js';
import { iso } from '../validation.js';
import { canReadConversation, clientEvent } from './client-events.js';

export const RTC_PATH = '/v2/rtc';

export interface ClientSession {
  id: string;
  user: User;
  claims: ApplicationClaims;
  socket: Socket;
  sdk: string;
  connectedAt: number;
}

/** Longest timer Node accepts; tokens valid for longer are cut when the process ends anyway. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The Client SDK real-time channel (nexmo-client 9, @vonage/client-sdk 2): socket.io v4 on
 * /v2/rtc with the JWT in the handshake query. The first event a socket receives is the login
 * answer (session:success or an error), then conversation events named after their type.
 */
export class RtcGateway {
  readonly io: Server;
  private readonly sessions = new Map<string, ClientSession>();

  constructor(
    server: HttpServer,
    private readonly config: SandboxConfig,
    private readonly store: ConversationStore,
  ) {
    this.io = new Server(server, { path: RTC_PATH, serveClient: false, cors: { origin: true } });
    this.io.on('connection', (socket) => void this.login(socket));
    store.on('event', (event) => this.fanOut(event));
  }

  list(): ClientSession[] {
    return [...this.sessions.values()];
  }

  /** Ends every session (reset between tests, shutdown). */
  disconnectAll(): void {
    this.io.local.disconnectSockets(true);
    this.sessions.clear();
  }

  /** Closes the real-time side only; the HTTP server belongs to Fastify. */
  close(): void {
    this.disconnectAll();
    this.io.engine.close();
  }

  private async login(socket: Socket): Promise<void> {
    const query = socket.handshake.query;
    const token = typeof query.token === 'string' ? query.token : '';
    let claims: ApplicationClaims;
    try {
      claims = await verifyApplicationJwt(token, this.config);
      if (typeof claims.sub !== 'string' || claims.sub === '')
        throw new AuthError('A client token needs a sub (the user name)');
    } catch (error) {
      const code = error instanceof AuthError ? error.code : 'system:error:invalid-token';
      return this.refuse(
        socket,
        code,
        error instanceof AuthError && code === 'system:error:expired-token' ? 'Token Expired' : 'Invalid Token',
      );
    }
    const sessionId = `s-${randomUUID()}`;
    if (!aclAllows(claims.acl, 'POST', `/v1/sessions/${sessionId}`)) {
      return this.refuse(socket, 'system:error:permission', 'The token ACL does not allow sessions (/*/sessions/**)');
    }
    // Vonage creates the user of a client token on first login when it does not exist yet.
    const user = this.store.userByName(claims.sub) ?? this.store.createUser({ name: claims.sub });
    const session: ClientSession = {
      id: sessionId,
      user,
      claims,
      socket,
      sdk: `${firstOf(query.SDK_name) ?? 'nexmo-client'} ${firstOf(query.SDK_version) ?? ''}`.trim(),
      connectedAt: this.config.now(),
    };
    this.sessions.set(sessionId, session);
    socket.emit('session:success', {
      body: { id: sessionId, user_id: user.id, name: user.name, api_key: this.config.apiKey ?? 'sandbox' },
    });

    const expiresInMs = typeof claims.exp === 'number' ? claims.exp * 1000 - this.config.now() : undefined;
    const expiry =
      expiresInMs === undefined
        ? undefined
        : setTimeout(
            () => {
              socket.emit('system:error:expired-token', {
                type: 'system:error:expired-token',
                code: 'system:error:expired-token',
                description: 'Token Expired',
                body: {},
              });
              socket.disconnect(true);
            },
            Math.min(Math.max(expiresInMs, 0), MAX_TIMER_MS),
          );

    socket.on('session:logout', (request: { tid?: string } = {}) => {
      socket.emit('session:logged-out', { rid: request?.tid, type: 'session:logged-out', body: {} });
      socket.disconnect(true);
    });
    socket.on('disconnect', () => {
      if (expiry) clearTimeout(expiry);
      this.sessions.delete(sessionId);
    });
  }

  private refuse(socket: Socket, code: string, description: string): void {
    socket.emit(code, { type: code, code, description, body: {} });
    socket.disconnect(true);
  }

  /** Pushes an event to every session of a member of its conversation whose token may read it. */
  private fanOut(event: ConversationEvent): void {
    const payload = clientEvent(event, this.store);
    for (const session of this.sessions.values()) {
      const member = this.store.memberOfUser(event.conversationId, session.user.id);
      if (member?.state !== 'JOINED') continue;
      if (!canReadConversation(session.claims.acl, event.conversationId)) continue;
      session.socket.emit(event.type, payload);
    }
  }
}

/** Inspection view of a session. */
export function describeSession(session: ClientSession) {
  return {
    id: session.id,
    user: { id: session.user.id, name: session.user.name },
    sdk: session.sdk,
    connected_at: iso(session.connectedAt),
  };
}

/** A query parameter given more than once counts by its first value. */
function firstOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
