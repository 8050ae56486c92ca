import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { LiveEventsConfig } from '../config/configuration.js';
import type { UsersService } from '../users/users.service.js';
import { EventStreamHub } from './event-stream-hub.js';
import type { LiveEventsService, StoredLiveEvent } from './live-events.service.js';

/** A response that records what was written and lets the test pretend the client stopped reading. */
class FakeResponse extends EventEmitter {
  written: string[] = [];
  writableLength = 0;
  writable = true;
  ended = false;
  destroyed = false;
  write(text: string) {
    this.written.push(text);
    return true;
  }
  end() {
    this.ended = true;
  }
  destroy() {
    this.destroyed = true;
  }
}

const config = {
  heartbeatMs: 15_000,
  pollMs: 250,
  retentionMs: 86_400_000,
  maxBufferBytes: 1024,
  ticketTtlMs: 60_000,
  liveAlerts: 'stream',
} as LiveEventsConfig;

function event(
  seq: number,
  customerId: string | null,
  staffData: Record<string, unknown> | null = null,
): StoredLiveEvent {
  return {
    seq,
    key: `k${seq}`,
    type: 'support_request.created',
    customerId,
    data: { orderId: `o${seq}`, customerId },
    staffData,
    createdAt: new Date(),
  };
}

describe('EventStreamHub', () => {
  let listener: (e: StoredLiveEvent) => void;
  let hub: EventStreamHub;
  const service = {
    subscribe: (l: (e: StoredLiveEvent) => void) => {
      listener = l;
      return () => undefined;
    },
    latestSeq: async () => 10,
    oldestSeq: async () => 1,
    after: async () => [],
  } as unknown as LiveEventsService;

  const users = {
    accountState: async (id: string) => ({
      role: id === 'ada' ? 'customer' : 'staff',
      tokenVersion: 0,
      disabled: false,
    }),
  } as unknown as UsersService;

  beforeEach(() => {
    hub = new EventStreamHub(service, config, users);
    hub.onApplicationBootstrap();
  });
  afterEach(() => hub.onModuleDestroy());

  const attach = async (user: { id: string; role: 'customer' | 'staff' | 'admin' }) => {
    const res = new FakeResponse();
    await hub.attach({ ...user, email: `${user.id}@x.test` }, res as unknown as ServerResponse);
    return res;
  };

  it('gives staff everything with staff-only fields, a customer only their own without them', async () => {
    const staff = await attach({ id: 's', role: 'staff' });
    const ada = await attach({ id: 'ada', role: 'customer' });
    listener(event(11, 'ada', { hostUrl: 'https://host' }));
    listener(event(12, 'bob', { hostUrl: 'https://host2' }));
    listener(event(13, null));
    expect(staff.written).toHaveLength(3);
    expect(staff.written[0]).toContain('"hostUrl":"https://host"');
    expect(ada.written).toHaveLength(1);
    expect(ada.written[0]).toMatch(/^id: 11\nevent: support_request.created\ndata: /);
    expect(ada.written[0]).not.toContain('hostUrl');
  });

  it('never sends an event twice or one it already sent (seq at or below the cursor)', async () => {
    const staff = await attach({ id: 's', role: 'admin' });
    listener(event(11, null));
    listener(event(11, null));
    listener(event(9, null));
    expect(staff.written).toHaveLength(1);
  });

  it('disconnects a client that falls behind instead of buffering without bound', async () => {
    const slow = await attach({ id: 's', role: 'staff' });
    slow.writableLength = 4096;
    listener(event(11, null));
    expect(slow.written).toHaveLength(0);
    expect(slow.destroyed).toBe(true);
    expect(hub.size).toBe(0);
  });

  it('ends every stream on shutdown', async () => {
    const one = await attach({ id: 's', role: 'staff' });
    const two = await attach({ id: 'ada', role: 'customer' });
    hub.onModuleDestroy();
    expect(one.ended && two.ended).toBe(true);
    expect(hub.size).toBe(0);
  });

  it('starts with a reset when the requested id is older than what is kept', async () => {
    const res = new FakeResponse();
    const pruned = { ...service, oldestSeq: async () => 8 } as unknown as LiveEventsService;
    const other = new EventStreamHub(pruned, config, users);
    await other.attach({ id: 's', email: 's@x', role: 'staff' }, res as unknown as ServerResponse, 3);
    expect(res.written[0]).toMatch(/^id: 10\nevent: reset\n/);
    other.onModuleDestroy();
  });
});
