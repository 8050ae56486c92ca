import { escapeHtml, htmlPage } from '../html.js';

const INBOX_CSS = `
.layout { display:grid; grid-template-columns: minmax(0, 1.7fr) minmax(300px, 1fr); gap:20px; padding:22px 28px; max-width:1400px; margin:0 auto; }
@media (max-width: 900px) { .layout { grid-template-columns: 1fr; } }
h2 { font-size:13px; text-transform:uppercase; letter-spacing:.08em; color:var(--muted); margin:0 0 10px; display:flex; align-items:center; gap:8px; }
h2 .count { background:var(--line); color:var(--ink); border-radius:999px; padding:0 8px; font-size:12px; letter-spacing:0; }
.phones { display:grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap:16px; }
.phone { background:#fff; border:1px solid var(--line); border-radius:18px; overflow:hidden; display:flex; flex-direction:column; max-height:520px; }
.phone-head { padding:12px 16px; border-bottom:1px solid var(--line); display:flex; align-items:center; gap:10px; background:#fafafb; }
.avatar { width:34px; height:34px; border-radius:50%; background:var(--brand-soft); color:var(--brand); display:grid; place-items:center; font-weight:700; font-size:14px; }
.phone-head .who { font-weight:600; } .phone-head .meta { font-size:12px; color:var(--muted); }
.thread { padding:14px; display:flex; flex-direction:column; gap:10px; overflow-y:auto; }
.bubble { max-width:88%; padding:9px 12px; border-radius:14px; background:var(--bg); border:1px solid var(--line); align-self:flex-start; word-wrap:break-word; }
.bubble.in { align-self:flex-end; background:var(--brand); color:#fff; border-color:var(--brand); }
.bubble.whatsapp { background:#e7f8ee; border-color:#c9ecd7; }
.bubble .from { font-size:12px; font-weight:600; color:var(--muted); margin-bottom:2px; }
.bubble.in .from, .bubble.in .foot { color:#e9defc; }
.bubble .foot { font-size:11px; color:var(--muted); margin-top:5px; display:flex; gap:6px; align-items:center; flex-wrap:wrap; }
.bubble.code { background:#fff; border:1px dashed var(--brand); }
.code-value { font: 700 26px/1.2 ui-monospace, Menlo, Consolas, monospace; letter-spacing:.18em; color:var(--brand); margin:4px 0; }
aside section { margin-bottom:22px; }
.list { background:#fff; border:1px solid var(--line); border-radius:12px; }
.item { padding:10px 14px; border-bottom:1px solid var(--line); font-size:14px; }
.item:last-child { border-bottom:0; }
.item .row { display:flex; justify-content:space-between; gap:8px; align-items:center; }
.small { font-size:12px; color:var(--muted); }
.item a { color:var(--brand); text-decoration:none; font-weight:600; margin-right:12px; }
.empty { padding:28px; text-align:center; color:var(--muted); background:#fff; border:1px dashed var(--line); border-radius:12px; }
.event { font-family: ui-monospace, Menlo, Consolas, monospace; font-size:12px; color:var(--ink); margin-top:4px; white-space:nowrap; overflow:hidden; text-overflow:ellipsis; }
button, .btn { font:inherit; font-size:14px; border-radius:8px; border:1px solid var(--line); background:#fff; padding:6px 12px; cursor:pointer; }
button.primary { background:var(--brand); border-color:var(--brand); color:#fff; }
form.inject { display:grid; grid-template-columns: 1fr 1fr; gap:8px; padding:12px 14px; }
form.inject input, form.inject select { font:inherit; font-size:14px; padding:6px 8px; border:1px solid var(--line); border-radius:8px; width:100%; }
form.inject .wide { grid-column: 1 / -1; }
.live { display:flex; align-items:center; gap:6px; color:var(--muted); font-size:13px; }
.live::before { content:""; width:8px; height:8px; border-radius:50%; background:var(--ok); }
`;

/** Client-side rendering of the inspection endpoints; refreshes itself every two seconds. */
const INBOX_SCRIPT = `
const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
const time = (iso) => iso ? new Date(iso).toLocaleTimeString([], {hour:'2-digit', minute:'2-digit', second:'2-digit'}) : '';
const pill = (status) => {
  const kind = {delivered:'ok', completed:'ok', open:'ok', received:'brand', submitted:'warn', pending:'warn', rejected:'bad', failed:'bad', expired:'bad', cancelled:''}[status] ?? '';
  return '<span class="pill ' + kind + '">' + esc(status) + '</span>';
};
const filter = new URLSearchParams(location.search).get('to');
const get = (path) => fetch(path).then((r) => r.ok ? r.json() : []);

function phones(messages, verifications) {
  const byPhone = new Map();
  const add = (who, item) => { if (!byPhone.has(who)) byPhone.set(who, []); byPhone.get(who).push(item); };
  for (const m of messages) add(m.direction === 'inbound' ? m.from : m.to, { at: m.time, html: messageBubble(m) });
  for (const v of verifications) add(v.to, { at: v.created_at, html: codeBubble(v) });
  return [...byPhone.entries()]
    .filter(([who]) => !filter || who === filter.replace(/^\\+/, ''))
    .map(([who, items]) => ({ who, items: items.sort((a, b) => a.at.localeCompare(b.at)) }))
    .sort((a, b) => b.items.at(-1).at.localeCompare(a.items.at(-1).at));
}
function messageBubble(m) {
  const inbound = m.direction === 'inbound';
  return '<div class="bubble ' + (inbound ? 'in' : m.channel) + '" data-message="' + esc(m.message_uuid) + '">' +
    '<div class="from">' + esc(inbound ? 'Customer → ' + m.to : m.from) + '</div>' + esc(m.text) +
    '<div class="foot">' + esc(m.channel === 'whatsapp' ? 'WhatsApp' : 'SMS') + ' · ' + time(m.time) + ' ' + pill(m.status) + '</div></div>';
}
function codeBubble(v) {
  return '<div class="bubble code" data-verify="' + esc(v.request_id) + '"><div class="from">' + esc(v.brand) + ' · Verify (' + esc(v.channel) + ')</div>' +
    'Your ' + esc(v.brand) + ' verification code is' + '<div class="code-value">' + esc(v.code) + '</div>' +
    '<div class="foot">' + time(v.created_at) + ' ' + pill(v.status) + (v.attempts ? ' · ' + v.attempts + ' wrong' : '') + '</div></div>';
}
function renderPhones(list) {
  if (list.length === 0) return '<div class="empty">Nothing sent yet. Codes and notifications sent through the sandbox appear here, one phone per recipient.</div>';
  return '<div class="phones">' + list.map((p) =>
    '<div class="phone" data-phone="' + esc(p.who) + '"><div class="phone-head"><div class="avatar">' + esc(p.who.includes('@') ? '@' : '#') + '</div>' +
    '<div><div class="who">' + esc(p.who.includes('@') ? p.who : '+' + p.who) + '</div><div class="meta">' + p.items.length + ' message' + (p.items.length === 1 ? '' : 's') + '</div></div></div>' +
    '<div class="thread">' + p.items.map((i) => i.html).join('') + '</div></div>').join('') + '</div>';
}
function renderRooms(rooms) {
  if (rooms.length === 0) return '<div class="empty">No meeting rooms.</div>';
  return '<div class="list">' + rooms.slice().reverse().map((r) => '<div class="item"><div class="row"><strong>' + esc(r.display_name) + '</strong>' +
    (r.is_available ? pill('open') : pill('expired')) + '</div><div class="small">' + esc(r.type) + ' · code ' + esc(r.meeting_code) + '</div>' +
    '<div><a href="' + esc(r._links.host_url.href) + '" target="_blank">Host link</a><a href="' + esc(r._links.guest_url.href) + '" target="_blank">Guest link</a></div></div>').join('') + '</div>';
}
function renderConversations(conversations, sessions) {
  if (conversations.length === 0) return '<div class="empty">No conversations.</div>';
  return '<div class="list">' + conversations.map((c) => '<div class="item"><div class="row"><strong>' + esc(c.name) + '</strong><span class="small">' +
    c.members.length + ' member' + (c.members.length === 1 ? '' : 's') + ' · ' + c.events.length + ' event' + (c.events.length === 1 ? '' : 's') + '</span></div>' +
    c.events.slice(-4).reverse().map((e) => '<div class="event">#' + e.id + ' ' + esc(e.type) + ' ' + esc(JSON.stringify(e.body)) + '</div>').join('') + '</div>').join('') +
    '<div class="item small">Live sessions: ' + (sessions.length ? sessions.map((s) => esc(s.user.name) + ' (' + esc(s.sdk) + ')').join(', ') : 'none') + '</div></div>';
}
function renderWebhooks(webhooks) {
  if (webhooks.length === 0) return '<div class="empty">No webhooks delivered (set SANDBOX_STATUS_WEBHOOK_URL / SANDBOX_INBOUND_WEBHOOK_URL).</div>';
  return '<div class="list">' + webhooks.slice(-8).reverse().map((w) => '<div class="item"><div class="row"><span>' + esc(w.kind) +
    (w.payload.status ? ' · ' + esc(w.payload.status) : '') + '</span>' + (w.ok ? '<span class="pill ok">HTTP ' + esc(w.status_code) + '</span>' : '<span class="pill bad">' + esc(w.error) + '</span>') +
    '</div><div class="small mono">' + esc(w.url) + ' · ' + time(w.time) + '</div></div>').join('') + '</div>';
}
async function refresh() {
  try {
    const [messages, verifications, rooms, conversations, sessions, webhooks] = await Promise.all(
      ['messages', 'verify', 'meetings', 'conversations', 'sessions', 'webhooks'].map((p) => get('/_sandbox/' + p)));
    const list = phones(messages, verifications);
    document.getElementById('phones').innerHTML = renderPhones(list);
    document.getElementById('phone-count').textContent = list.length;
    document.getElementById('rooms').innerHTML = renderRooms(rooms);
    document.getElementById('conversations').innerHTML = renderConversations(conversations, sessions);
    document.getElementById('webhooks').innerHTML = renderWebhooks(webhooks);
    document.getElementById('live').textContent = 'Live · updated ' + new Date().toLocaleTimeString();
  } catch (error) {
    document.getElementById('live').textContent = 'Sandbox unreachable';
  }
}
document.getElementById('reset').addEventListener('click', async () => {
  if (!confirm('Forget every message, code, room, user and conversation?')) return;
  await fetch('/_sandbox', { method: 'DELETE' });
  refresh();
});
document.getElementById('inject').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const response = await fetch('/_sandbox/inbound', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(Object.fromEntries(form)) });
  const result = await response.json();
  document.getElementById('inject-result').textContent = response.ok
    ? (result.webhook ? 'Delivered to ' + result.webhook.url + ' (' + (result.webhook.status_code ?? result.webhook.error) + ')' : 'Recorded (no inbound webhook URL set)')
    : (result.invalid_parameters ?? []).map((p) => p.name + ': ' + p.reason).join('; ') || result.detail;
  if (response.ok) event.target.text.value = '';
  refresh();
});
refresh();
setInterval(refresh, 2000);
`;

/** GET / — a "phone inbox" of everything the sandbox sent, for people running a demo. */
export function inboxPage(applicationId: string): string {
  const body = `
<header class="top">
  <div class="logo">V</div>
  <div><h1>Vonage Sandbox</h1><div class="sub">Local emulator · application <span class="mono">${escapeHtml(applicationId)}</span></div></div>
  <div class="spacer"></div>
  <span class="live" id="live">Live</span>
  <button id="reset" type="button">Reset sandbox</button>
</header>
<div class="layout">
  <main>
    <h2>Phone inbox <span class="count" id="phone-count">0</span></h2>
    <div id="phones"></div>
  </main>
  <aside>
    <section><h2>Customer reply</h2>
      <form class="inject list" id="inject">
        <select name="channel"><option value="sms">SMS</option><option value="whatsapp">WhatsApp</option></select>
        <input name="from" placeholder="From (customer) 447700900001" required>
        <input name="to" class="wide" placeholder="To (your number) 447700900000" required>
        <input name="text" class="wide" placeholder="Message text" required>
        <button class="primary wide" type="submit">Send inbound message</button>
        <div class="small wide" id="inject-result"></div>
      </form>
    </section>
    <section><h2>Meeting rooms</h2><div id="rooms"></div></section>
    <section><h2>Conversations</h2><div id="conversations"></div></section>
    <section><h2>Webhook deliveries</h2><div id="webhooks"></div></section>
  </aside>
</div>`;
  return htmlPage('Vonage Sandbox · Inbox', body, INBOX_CSS, INBOX_SCRIPT);
}
