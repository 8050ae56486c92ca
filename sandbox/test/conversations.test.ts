import { Auth } from '@vonage/auth';
import { Vonage } from '@vonage/server-sdk';
import { applicationId, json, privateKey, serverToken, startSandbox, type TestSandbox } from './support/sandbox';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('Users v1 and Conversations v1', () => {
  let sandbox: TestSandbox;
  let vonage: Vonage;

  beforeAll(async () => {
    sandbox = await startSandbox();
    vonage = new Vonage(new Auth({ applicationId, privateKey }), { apiHost: sandbox.url });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.sandbox.reset());

  function call(method: string, path: string, body?: unknown, token = serverToken()) {
    return fetch(`${sandbox.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  describe('users', () => {
    it('creates, finds by name, gets, updates and deletes users (real SDK)', async () => {
      const admin = await vonage.users.createUser({ name: 'admin', displayName: 'Restaurant admin' });
      expect(admin.id).toMatch(/^USR-[0-9a-f-]{36}$/);
      expect(admin).toMatchObject({ name: 'admin', displayName: 'Restaurant admin' });
      await vonage.users.createUser({ name: 'chef' });

      const page = await vonage.users.getUserPage({ name: 'admin' });
      expect(page._embedded?.users?.map((u) => u.id)).toEqual([admin.id]);
      expect(await collect(vonage.users.listAllUsers({ name: 'nobody' }))).toEqual([]);
      expect((await collect(vonage.users.listAllUsers({ pageSize: 1 }))).map((u) => u.name)).toEqual(['admin', 'chef']);

      expect(await vonage.users.getUser(admin.id as string)).toMatchObject({ id: admin.id, name: 'admin' });
      expect(await vonage.users.updateUser({ id: admin.id, name: 'admin', displayName: 'Boss' })).toMatchObject({
        displayName: 'Boss',
      });
      await vonage.users.deleteUser(admin.id as string);
      await expect(vonage.users.getUser(admin.id as string)).rejects.toMatchObject({ response: { status: 404 } });
    });

    it('refuses a duplicate name with 409 user:error:duplicate-name', async () => {
      await vonage.users.createUser({ name: 'admin' });
      const response = await call('POST', '/v1/users', { name: 'admin' });
      expect(response.status).toBe(409);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await json(response)).toMatchObject({
        code: 'user:error:duplicate-name',
        type: expect.stringContaining('user:error:duplicate-name'),
        instance: expect.any(String),
      });
    });

    it('answers an empty _embedded.users when nothing matches', async () => {
      expect(await json(await call('GET', '/v1/users?name=ghost'))).toMatchObject({ _embedded: { users: [] } });
    });
  });

  describe('conversations, members and events', () => {
    it('runs the support-request flow end to end (real SDK)', async () => {
      const admin = await vonage.users.createUser({ name: 'admin' });
      const conversation = await vonage.conversations.createConversation({
        name: 'pos-notifications',
        displayName: 'POS notifications',
      });
      expect(conversation.id).toMatch(/^CON-[0-9a-f-]{36}$/);
      expect(conversation).toMatchObject({
        name: 'pos-notifications',
        displayName: 'POS notifications',
        state: 'ACTIVE',
      });

      const listed = await collect(vonage.conversations.listAllConversations({}));
      expect(listed.map((c) => c.id)).toEqual([conversation.id]);
      expect(await vonage.conversations.getConversation(conversation.id as string)).toMatchObject({
        name: 'pos-notifications',
      });

      const member = await vonage.conversations.createMember(
        conversation.id as string,
        { state: 'JOINED', user: { id: admin.id }, channel: { type: 'app' } } as never,
      );
      expect(member.id).toMatch(/^MEM-/);
      expect(member.user).toMatchObject({ id: admin.id, name: 'admin' });
      expect((await collect(vonage.conversations.listAllMembers(conversation.id as string))).map((m) => m.id)).toEqual([
        member.id,
      ]);

      const event = await vonage.conversations.createEvent(
        conversation.id as string,
        {
          type: 'custom:support_request',
          body: { hostUrl: 'http://localhost:3100/meetings/123456789?participant_token=x', email: 'guest@example.com' },
        } as never,
      );
      expect(event).toMatchObject({ id: 2, type: 'custom:support_request', body: { email: 'guest@example.com' } });

      const events = await collect(vonage.conversations.listAllEvents(conversation.id as string));
      expect(events.map((e) => [e.id, e.type])).toEqual([
        [1, 'member:joined'],
        [2, 'custom:support_request'],
      ]);

      const mine = await collect(vonage.conversations.listAllUserConversations(admin.id as string));
      expect(mine.map((c) => c.id)).toEqual([conversation.id]);

      const inspected = await json(await fetch(`${sandbox.url}/_sandbox/conversations?name=pos-notifications`));
      expect(inspected).toMatchObject({ id: conversation.id, name: 'pos-notifications', sequence_number: 2 });
      expect(inspected.events.map((e: { type: string }) => e.type)).toEqual([
        'member:joined',
        'custom:support_request',
      ]);
      // The SDK snake_cases the body's top-level keys on the way out; the sandbox keeps what it received.
      expect(inspected.events[1].body).toEqual({
        host_url: expect.stringContaining('/meetings/'),
        email: 'guest@example.com',
      });
      expect(inspected.members.map((m: { id: string }) => m.id)).toEqual([member.id]);
    });

    it('filters conversations by name and refuses duplicate names', async () => {
      await vonage.conversations.createConversation({ name: 'pos-notifications' });
      await vonage.conversations.createConversation({ name: 'other' });
      const page = await json(await call('GET', '/v1/conversations?name=other'));
      expect(page._embedded.conversations.map((c: { name: string }) => c.name)).toEqual(['other']);
      const duplicate = await call('POST', '/v1/conversations', { name: 'other' });
      expect(duplicate.status).toBe(409);
      expect((await json(duplicate)).code).toBe('conversation:error:duplicate-name');
    });

    it('numbers events consecutively and pages them with start_id', async () => {
      const conversation = await vonage.conversations.createConversation({ name: 'numbers' });
      for (let n = 0; n < 5; n++)
        await call('POST', `/v1/conversations/${conversation.id}/events`, { type: 'custom:tick', body: { n } });
      const page = await json(await call('GET', `/v1/conversations/${conversation.id}/events?start_id=3&page_size=2`));
      expect(page._embedded.map((e: { id: number; body: { n: number } }) => [e.id, e.body.n])).toEqual([
        [3, 2],
        [4, 3],
      ]);
      expect(page._links.next).toBeDefined();
    });

    it('rejects events of unknown types and from non-members', async () => {
      const conversation = await vonage.conversations.createConversation({ name: 'strict' });
      const badType = await call('POST', `/v1/conversations/${conversation.id}/events`, {
        type: 'support_request',
        body: {},
      });
      expect(badType.status).toBe(400);
      expect((await json(badType)).code).toBe('http:error:validation-fail');
      const stranger = await call('POST', `/v1/conversations/${conversation.id}/events`, {
        type: 'custom:x',
        from: 'MEM-nope',
        body: {},
      });
      expect(stranger.status).toBe(404);
    });

    it('answers 404 conversation:error:not-found', async () => {
      const response = await call('GET', '/v1/conversations/CON-missing');
      expect(response.status).toBe(404);
      expect(await json(response)).toMatchObject({ code: 'conversation:error:not-found', title: 'Not found.' });
      await expect(vonage.conversations.getConversation('CON-missing')).rejects.toMatchObject({
        response: { status: 404 },
      });
    });

    it('holds client tokens to their ACL (GET-only on one conversation)', async () => {
      const conversation = await vonage.conversations.createConversation({ name: 'acl' });
      const clientToken = serverToken({
        sub: 'admin',
        acl: { paths: { '/*/sessions/**': {}, [`/*/conversations/${conversation.id}`]: { methods: ['GET'] } } },
      });
      expect((await call('GET', `/v1/conversations/${conversation.id}`, undefined, clientToken)).status).toBe(200);
      const post = await call(
        'POST',
        `/v1/conversations/${conversation.id}/events`,
        { type: 'custom:x', body: {} },
        clientToken,
      );
      expect(post.status).toBe(403);
      expect(await json(post)).toMatchObject({ code: 'system:error:permission' });
      expect((await call('GET', '/v1/conversations', undefined, clientToken)).status).toBe(403);
    });
  });
});
