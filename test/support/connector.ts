import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ConnectorCall = { method: string; path: string; body: any };

/**
 * A local stand-in for the Bot Connector service: the bot's replies, card updates and proactive messages
 * arrive here as real HTTP calls, are recorded, and get the `{ id }` answer the real service gives.
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  failedCalls = 0;
  /** How long each answer takes, as a slow connector's would (a call is recorded when it arrives). */
  answerDelayMs = 0;
  private server?: Server;
  private nextId = 1;
  private failures: { status: number; retryAfterSeconds?: number }[] = [];
  url = '';

  /** The next `count` calls fail with `status`, as a throttled or faulty connector would. */
  failNext(count: number, status: number, retryAfterSeconds?: number): void {
    for (let i = 0; i < count; i++)
      this.failures.push({ status, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) });
  }

  async start(): Promise<void> {
    this.server = createServer(async (request, response) => {
      const body = await readJson(request);
      const failure = this.failures.shift();
      if (failure) {
        this.failedCalls += 1;
        response.writeHead(failure.status, {
          'content-type': 'application/json',
          ...(failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {}),
        });
        response.end(JSON.stringify({ error: { code: 'Throttled', message: 'Too many requests' } }));
        return;
      }
      this.calls.push({ method: request.method ?? '', path: decodeURIComponent(request.url ?? ''), body });
      if (this.answerDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.answerDelayMs));
      response.writeHead(200, { 'content-type': 'application/json' });
      const id = request.url?.endsWith('/v3/conversations')
        ? `conversation-${this.nextId++}`
        : `activity-${this.nextId++}`;
      response.end(JSON.stringify({ id }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Message activities sent to a conversation (replies and new posts), oldest first. */
  sentActivities(): any[] {
    return this.calls
      .filter((call) => call.method === 'POST' && /\/activities/.test(call.path))
      .map((call) => call.body);
  }
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString();
  return text ? JSON.parse(text) : undefined;
}
