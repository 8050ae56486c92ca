import type { FastifyPluginAsync } from 'fastify';
import { escapeHtml, htmlPage } from '../html.js';
import type { RoomStore } from './store.js';

const ROOM_CSS = `
main { max-width:560px; margin:64px auto; padding:0 20px; }
.card { padding:32px; text-align:center; }
.role { font-size:13px; letter-spacing:.08em; text-transform:uppercase; color:var(--brand); font-weight:700; }
h2 { margin:10px 0 6px; font-size:26px; }
.meta { color:var(--muted); margin:0 0 22px; }
.stage { height:180px; border-radius:10px; background:linear-gradient(135deg,#241a3a,#4b2a8c); color:#d9cffb; display:grid; place-items:center; margin-bottom:18px; }
dl { display:grid; grid-template-columns:auto 1fr; gap:6px 16px; text-align:left; margin:0; font-size:14px; }
dt { color:var(--muted); }
dd { margin:0; }
`;

/**
 * The page behind a room's host_url / guest_url. There is no video: it tells whoever opens the
 * link which room they reached and in which role, which is what a demo needs to show.
 */
export function roomPageRoutes(rooms: RoomStore): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Params: { code: string }; Querystring: { participant_token?: string } }>(
      '/meetings/:code',
      async (request, reply) => {
        const room = rooms.byCode(request.params.code);
        reply.type('text/html; charset=utf-8');
        if (!room) {
          return reply
            .code(404)
            .send(
              htmlPage(
                'Room not found',
                `<main><div class="card"><h2>Room not found</h2><p class="meta">No meeting room has the code ${escapeHtml(request.params.code)}.</p></div></main>`,
                ROOM_CSS,
              ),
            );
        }
        const token = request.query.participant_token;
        if (token !== undefined && token !== room.hostToken) {
          return reply
            .code(403)
            .send(
              htmlPage(
                'Invalid host link',
                `<main><div class="card"><h2>Invalid host link</h2><p class="meta">This participant token does not belong to room “${escapeHtml(room.input.display_name)}”.</p></div></main>`,
                ROOM_CSS,
              ),
            );
        }
        const role = token === undefined ? 'guest' : 'host';
        const available = rooms.isAvailable(room);
        const body = `
<header class="top"><div class="logo">V</div><div><h1>Vonage Meetings</h1><div class="sub">Sandbox room</div></div></header>
<main>
  <div class="card" data-role="${role}" data-room-id="${escapeHtml(room.id)}">
    <div class="role">You are joining as ${role}</div>
    <h2>${escapeHtml(room.input.display_name)}</h2>
    <p class="meta">${available ? '<span class="pill ok">Room open</span>' : '<span class="pill bad">Room expired</span>'}</p>
    <div class="stage">${role === 'host' ? 'Waiting for your guest to join…' : 'Waiting for the host to let you in…'}</div>
    <dl>
      <dt>Room ID</dt><dd class="mono">${escapeHtml(room.id)}</dd>
      <dt>Meeting code</dt><dd class="mono">${escapeHtml(room.meetingCode)}</dd>
      <dt>Type</dt><dd>${escapeHtml(room.input.type)}</dd>
      <dt>Expires</dt><dd>${escapeHtml(new Date(room.expiresAt).toISOString())}</dd>
    </dl>
  </div>
</main>`;
        return reply.code(available ? 200 : 410).send(htmlPage(`${room.input.display_name} · ${role}`, body, ROOM_CSS));
      },
    );
  };
}
