/** A minimal Server-Sent Events reader for the video relay (Node's fetch, no EventSource). */
export interface RelayClient {
  /** Resolves with the data of the next event of that name (events are queued until read). */
  next<T = Record<string, unknown>>(event: string, timeoutMs?: number): Promise<T>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openRelay(url: string): Promise<{ status: number; body?: unknown; client?: RelayClient }> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
  if (response.status !== 200) return { status: response.status, body: await response.json() };
  const queue: { event: string; data: unknown }[] = [];
  const waiters: (() => void)[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const ended = (async () => {
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) queue.push({ event, data: JSON.parse(data) });
          waiters.splice(0).forEach((wake) => wake());
        }
      }
    } catch {
      // aborted by close()
    }
    waiters.splice(0).forEach((wake) => wake());
  })();
  let done = false;
  void ended.then(() => (done = true));
  const client: RelayClient = {
    async next<T>(event: string, timeoutMs = 5000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = queue.findIndex((e) => e.event === event);
        if (index >= 0) return queue.splice(index, 1)[0].data as T;
        if (done) throw new Error(`stream ended before ${event}`);
        if (Date.now() > deadline) throw new Error(`no ${event} event within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    ended,
    close: () => controller.abort(),
  };
  return { status: 200, client };
}
