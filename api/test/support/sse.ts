import { type ClientRequest, type IncomingMessage, request as httpRequest } from 'node:http';

export interface SseEvent {
  id?: string;
  event: string;
  data: Record<string, unknown>;
}

/** A minimal Server-Sent Events reader for tests: records every event and comment line. */
export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  ended = false;
  private buffer = '';
  private waiters: (() => void)[] = [];

  private constructor(
    readonly status: number,
    readonly headers: IncomingMessage['headers'],
    readonly body: string,
    private readonly req: ClientRequest,
    response: IncomingMessage,
  ) {
    if (status !== 200) return;
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.feed(chunk));
    response.on('close', () => {
      this.ended = true;
      this.notify();
    });
  }

  /** Opens the stream; resolves once the status is known (with the body when it is not a stream). */
  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
        if (response.statusCode === 200) {
          resolve(new SseClient(200, response.headers, '', req, response));
          return;
        }
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve(new SseClient(response.statusCode ?? 0, response.headers, body, req, response)),
        );
      });
      req.on('error', reject);
      req.end();
    });
  }

  /**
   * Waits until an event matching the predicate has arrived; resolves with it. The default is
   * generous: it returns as soon as the event is there, and an event that crosses instances (a
   * database poll) or waits for a text to be sent can take seconds on a loaded 2-core CI machine.
   */
  async waitFor(predicate: (event: SseEvent) => boolean, timeoutMs = 10_000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(predicate);
      if (found) return found;
      if (this.ended) throw new Error(`stream ended; events: ${JSON.stringify(this.events.map((e) => e.event))}`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`timed out; events so far: ${JSON.stringify(this.events.map((e) => [e.id, e.event]))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits until a comment line has arrived (e.g. a heartbeat). */
  async waitForComment(text: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.comments.some((c) => c.includes(text))) {
      if (Date.now() > deadline) throw new Error(`no "${text}" comment; comments: ${JSON.stringify(this.comments)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.req.destroy();
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const fields: Record<string, string> = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
        else {
          const colon = line.indexOf(':');
          if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1).trimStart();
        }
      }
      if (fields.data !== undefined)
        this.events.push({ id: fields.id, event: fields.event ?? 'message', data: JSON.parse(fields.data) });
    }
    this.notify();
  }

  private notify(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  }
}
