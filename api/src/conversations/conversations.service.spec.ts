import { PermanentError } from '../common/outbox/outbox.errors.js';
import type { OutboxService } from '../common/outbox/outbox.service.js';
import { UpstreamError } from '../common/upstream/upstream.error.js';
import type { VonageConfig } from '../config/configuration.js';
import { ConversationEvents, NameTakenError, type TransportRef } from './conversation-events.js';
import { CONVERSATION_EVENT_TOPIC, ConversationsService } from './conversations.service.js';
import type { ResourceIds } from './resource-ids.js';

/** A transport with Vonage's rules: names are unique, ids are random, members are per user. */
class FakeTransport extends ConversationEvents {
  conversations = new Map<string, TransportRef>();
  users = new Map<string, TransportRef>();
  members = new Map<string, string>();
  posted: { conversationId: string; type: string; body: Record<string, unknown>; from?: string }[] = [];
  calls: string[] = [];
  private seq = 0;

  async findConversation(name: string) {
    this.calls.push(`findConversation:${name}`);
    await tick();
    return this.conversations.get(name) ?? null;
  }
  async createConversation({ name }: { name: string }) {
    this.calls.push(`createConversation:${name}`);
    await tick();
    if (this.conversations.has(name)) throw new NameTakenError('conversation', name);
    const ref = { id: `CON-${++this.seq}`, name };
    this.conversations.set(name, ref);
    return ref;
  }
  async findUser(name: string) {
    return this.users.get(name) ?? null;
  }
  async createUser({ name }: { name: string }) {
    if (this.users.has(name)) throw new NameTakenError('user', name);
    const ref = { id: `USR-${++this.seq}`, name };
    this.users.set(name, ref);
    return ref;
  }
  async join(conversationId: string, userId: string) {
    if (![...this.conversations.values()].some((c) => c.id === conversationId)) throw notFound();
    const key = `${conversationId}/${userId}`;
    if (!this.members.has(key)) this.members.set(key, `MEM-${++this.seq}`);
    return this.members.get(key)!;
  }
  async post(conversationId: string, event: { type: string; body: Record<string, unknown>; from?: string }) {
    if (![...this.conversations.values()].some((c) => c.id === conversationId)) throw notFound();
    this.posted.push({ conversationId, ...event });
    return { id: String(this.posted.length) };
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const notFound = () =>
  new UpstreamError({ provider: 'Vonage', operation: 'conversations', kind: 'not-found', status: 404 });

class MemoryIds {
  constructor(readonly store = new Map<string, string>()) {}
  async get(key: string) {
    return this.store.get(key) ?? null;
  }
  async remember(key: string, id: string) {
    if (!this.store.has(key)) this.store.set(key, id);
  }
  async forget(key: string) {
    this.store.delete(key);
  }
}

const config = { notificationsConversation: 'pos-notifications' } as VonageConfig;
const helper = (
  transport: FakeTransport,
  ids = new MemoryIds(),
  outbox = { enqueue: jest.fn(), registerHandler: jest.fn() },
) => new ConversationsService(transport, ids as unknown as ResourceIds, outbox as unknown as OutboxService, config);

describe('ConversationsService', () => {
  it('answers a burst of callers with one lookup and one create', async () => {
    const transport = new FakeTransport();
    const conversations = helper(transport);
    const refs = await Promise.all([1, 2, 3, 4, 5].map(() => conversations.conversation('pos-notifications')));
    expect(new Set(refs.map((r) => r.id))).toEqual(new Set(['CON-1']));
    expect(transport.calls).toEqual(['findConversation:pos-notifications', 'createConversation:pos-notifications']);
  });

  it('treats "name taken" as someone else having created it, and uses theirs', async () => {
    const transport = new FakeTransport();
    const ids = new MemoryIds();
    const [a, b] = [helper(transport, ids), helper(transport, ids)];
    const [x, y] = await Promise.all([a.conversation('pos-notifications'), b.conversation('pos-notifications')]);
    expect(x).toEqual(y);
    expect(transport.conversations.size).toBe(1);
    expect(transport.calls.filter((c) => c.startsWith('create'))).toHaveLength(2);
  });

  it('reuses a remembered id without asking the transport', async () => {
    const transport = new FakeTransport();
    const conversations = helper(transport, new MemoryIds(new Map([['conversation:pos-notifications', 'CON-known']])));
    expect(await conversations.conversation('pos-notifications')).toEqual({
      id: 'CON-known',
      name: 'pos-notifications',
    });
    expect(transport.calls).toEqual([]);
  });

  it('posts an event from the sender, made a joined member first, under a stable user name', async () => {
    const transport = new FakeTransport();
    const result = await helper(transport).deliver({
      conversation: 'pos-notifications',
      type: 'custom:support_request',
      body: { a: 1 },
      from: { id: 'u1', name: 'Ada' },
    });
    expect(transport.users.get('tt-u1')).toBeDefined();
    const memberId = transport.members.get(`${result.conversationId}/${transport.users.get('tt-u1')!.id}`);
    expect(transport.posted).toEqual([
      { conversationId: result.conversationId, type: 'custom:support_request', body: { a: 1 }, from: memberId },
    ]);
  });

  it('forgets an id the transport no longer knows and tries once more', async () => {
    const transport = new FakeTransport();
    transport.conversations.set('pos-notifications', { id: 'CON-new', name: 'pos-notifications' });
    const ids = new MemoryIds(new Map([['conversation:pos-notifications', 'CON-deleted']]));
    const result = await helper(transport, ids).deliver({
      conversation: 'pos-notifications',
      type: 'custom:x',
      body: {},
    });
    expect(result.conversationId).toBe('CON-new');
    expect(ids.store.get('conversation:pos-notifications')).toBe('CON-new');
  });

  it('refuses a malformed payload for good instead of retrying it', async () => {
    await expect(
      helper(new FakeTransport()).deliver({ conversation: 'pos-notifications' } as never),
    ).rejects.toBeInstanceOf(PermanentError);
  });

  it("queues events in the outbox under the caller's key, and handles its topic", async () => {
    const outbox = { enqueue: jest.fn(), registerHandler: jest.fn() };
    const conversations = helper(new FakeTransport(), new MemoryIds(), outbox);
    conversations.onModuleInit();
    expect(outbox.registerHandler).toHaveBeenCalledWith(CONVERSATION_EVENT_TOPIC, expect.any(Function));
    const event = { conversation: 'pos-notifications', type: 'custom:x', body: {} };
    await conversations.publish('support:1', event);
    expect(outbox.enqueue).toHaveBeenCalledWith([
      { key: 'support:1', topic: CONVERSATION_EVENT_TOPIC, payload: event },
    ]);
  });
});
