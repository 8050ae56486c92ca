/**
 * Type-level test: a client generated from openapi.yaml by a third-party generator
 * (openapi-typescript, as the client/ package generates it) offers every operation the dashboard calls,
 * with the request and answer fields the dashboard uses. `tsc` failing here means an integrator's
 * generated client would break where our own dashboard works.
 */
import type { operations } from '../../client/src/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Body<Op> = Op extends { requestBody?: infer R } ? Json<NonNullable<R>> : never;
// A missing operation or status must not pass as `never` (whose every property is `never` too).
type Defined<T> = [T] extends [never] ? { 'no such operation, status or JSON body': true } : T;
type Ok<Op, S extends number> = Defined<Op extends { responses: Record<S, infer R> } ? Json<R> : never>;
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
type Path<Op> = Op extends { parameters: { path: infer P } } ? P : never;

declare function expectType<T>(value: T): void;
const id = '6650f0c2a1b2c3d4e5f60718';

// Sign-in (auth pages).
expectType<Body<operations['Auth_login']>>({ email: 'admin@tabletalk.local', password: 'TableTalk!2026' });
declare const login: Ok<operations['Auth_login'], 200>;
if ('verifyToken' in login) expectType<string>(login.verifyToken);
expectType<Body<operations['Auth_verify']>>({ verifyToken: 'token', code: '123456' });
declare const session: Ok<operations['Auth_verify'], 200>;
expectType<string>(session.accessToken);
expectType<string>(session.refreshToken);
expectType<number>(session.expiresIn);
expectType<string>(session.user.role);
expectType<Body<operations['Auth_resend']>>({ verifyToken: 'token' });
expectType<Body<operations['Auth_cancel']>>({ verifyToken: 'token' });
expectType<Body<operations['Auth_refresh']>>({ refreshToken: 'r' });
expectType<Body<operations['Auth_logout']>>({ refreshToken: 'r' });
expectType<Body<operations['Auth_register']>>({
  email: 'ada@example.com',
  password: 'correct-horse-battery',
  name: 'Ada',
  phone: '+447700900123',
});
declare const me: Ok<operations['Auth_me'], 200>;
expectType<string>(me.name);
expectType<Body<operations['Invite_accept']>>({} as Body<operations['Invite_accept']>);

// Orders board and detail.
expectType<Query<operations['Orders_list']>>({ page: 1, limit: 20, status: ['placed', 'preparing'] });
declare const orders: Ok<operations['Orders_list'], 200>;
expectType<number>(orders.total);
expectType<string>(orders.items[0].id);
expectType<number>(orders.items[0].totalCents);
expectType<Path<operations['Orders_get']>>({ id });
declare const order: Ok<operations['Orders_get'], 200>;
expectType<string[]>(order.nextStatuses);
expectType<Body<operations['Orders_changeStatus']>>({ status: 'preparing' });
expectType<Body<operations['Orders_place']>>({ items: [{ menuItemId: id, quantity: 2 }] });

// Menu.
expectType<Query<operations['Menu_list']>>({ includeUnavailable: 'true', limit: 100, cursor: 'WyJQaXp6YSJd' });
declare const menu: Ok<operations['Menu_list'], 200>;
expectType<number>(menu.items[0].priceCents);
expectType<string | null>(menu.nextCursor);
expectType<Body<operations['Menu_create']>>({ name: 'Margherita pizza', priceCents: 1150 });
expectType<Body<operations['Menu_update']>>({ available: false });
expectType<Path<operations['Menu_remove']>>({ id });

// Team (admin).
declare const users: Ok<operations['Accounts_list'], 200>;
expectType<string>(users.items[0].email);
expectType<Body<operations['Accounts_create']>>({
  email: 'sam@example.com',
  name: 'Sam',
  phone: '+447700900125',
  role: 'staff',
});
expectType<Path<operations['Accounts_update']>>({ id });
expectType<Path<operations['Accounts_resendInvite']>>({ id });

// Notifications, live events, support.
expectType<Query<operations['Notifications_list']>>({ orderId: id, limit: 100, cursor: 'WzEsIngiXQ' });
declare const notifications: Ok<operations['Notifications_list'], 200>;
expectType<string>(notifications.items[0].state);
expectType<string | null>(notifications.nextCursor);
declare const ticket: Ok<operations['LiveEvents_issueTicket'], 201>;
expectType<string>(ticket.ticket);
declare const config: Ok<operations['LiveEvents_clientConfig'], 200>;
expectType<unknown>(config.liveAlerts);
declare const clientSession: Ok<operations['ClientSession_issue'], 200>;
expectType<unknown>(clientSession);
declare const call: Ok<operations['SupportCall_requestCall'], 201>;
expectType<string>(call.guestUrl);
declare const requests: Ok<operations['SupportRequests_list'], 200>;
expectType<number>(requests.total);
expectType<Body<operations['SupportRequests_changeState']>>({ state: 'joined' });
declare const video: Ok<operations['SupportVideo_video'], 200>;
expectType<string>(video.provider);
expectType<Path<operations['SupportVideo_connection']>>({ id });
declare const ready: Ok<operations['Health_ready'], 200>;
expectType<unknown>(ready);
