import { type LiveEvent, LiveEventStream } from './live-event-stream';

/** Stands in for the browser's EventSource: the test opens, fails and pushes events. */
class FakeEventSource {
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  private readonly handlers = new Map<string, ((m: MessageEvent) => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, handler: (m: MessageEvent) => void): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }
  close(): void {
    this.closed = true;
  }
  emit(type: string, id: string, data: unknown): void {
    for (const handler of this.handlers.get(type) ?? [])
      handler(new MessageEvent(type, { data: JSON.stringify(data), lastEventId: id }));
  }
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('LiveEventStream', () => {
  let sources: FakeEventSource[];
  let tickets: number;
  let stream: LiveEventStream;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    sources = [];
    tickets = 0;
    stream = new LiveEventStream({
      ticket: async () => `t${++tickets}`,
      eventSource: (url) => {
        const source = new FakeEventSource(url);
        sources.push(source);
        return source as unknown as EventSource;
      },
    });
  });
  afterEach(() => {
    stream.stop();
    vi.useRealTimers();
  });

  async function connected(index: number) {
    await flush();
    expect(sources[index]).toBeDefined();
    sources[index].onopen!();
    return sources[index];
  }

  it('opens with a ticket, says live, and asks lists to re-read once (nothing to resume from)', async () => {
    stream.start();
    expect(stream.status()).toBe('connecting');
    const source = await connected(0);
    expect(source.url).toBe('/api/events?ticket=t1');
    expect(stream.status()).toBe('live');
    expect(stream.resyncs()).toBe(1);
  });

  it('hands events over in order with their ids', async () => {
    const seen: LiveEvent[] = [];
    stream.on((event) => seen.push(event));
    stream.start();
    const source = await connected(0);
    source.emit('order.created', '5', { orderId: 'o1' });
    source.emit('order.status_changed', '6', { orderId: 'o1', status: 'preparing' });
    expect(seen.map((e) => [e.id, e.type, e.data['orderId']])).toEqual([
      ['5', 'order.created', 'o1'],
      ['6', 'order.status_changed', 'o1'],
    ]);
  });

  it('reconnects after an error with a new ticket and the last event id, after a backoff', async () => {
    stream.start();
    const first = await connected(0);
    first.emit('order.created', '41', { orderId: 'o1' });
    first.onerror!();
    expect(first.closed).toBe(true);
    expect(stream.status()).toBe('reconnecting');
    expect(sources).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    await flush();
    expect(sources).toHaveLength(2);
    expect(sources[1].url).toBe('/api/events?ticket=t2&lastEventId=41');
    sources[1].onopen!();
    expect(stream.status()).toBe('live');
    // Resumed by id: no need to re-read the lists.
    expect(stream.resyncs()).toBe(1);
  });

  it('asks lists to re-read on reset', async () => {
    stream.start();
    const source = await connected(0);
    source.emit('reset', '90', { reason: 'gone' });
    expect(stream.resyncs()).toBe(2);
  });

  it('backs off longer after each failure, and stops for good on stop()', async () => {
    stream.start();
    (await connected(0)).onerror!();
    await vi.advanceTimersByTimeAsync(1_000);
    await flush();
    sources[1].onerror!();
    await vi.advanceTimersByTimeAsync(999);
    await flush();
    // Second wait is between 1 s and 2 s.
    await vi.advanceTimersByTimeAsync(1_001);
    await flush();
    expect(sources).toHaveLength(3);
    stream.stop();
    expect(sources[2].closed).toBe(true);
    expect(stream.status()).toBe('off');
  });
});
