import restify from 'restify';
import { gzipSync } from 'node:zlib';
import { STORE_BUDGET_MS, withStoreDeadline } from '../cosmos/deadline.js';
import type { Logger } from '../logger.js';
import { SpanKind, telemetry } from '../telemetry/telemetry.js';
import { messagesEndpoint, type MessagesEndpointDeps } from '../teams/messages-endpoint.js';
import { readJsonBody } from './json-body.js';
import type { HttpAnswer, HttpRequest, HttpRoutes } from './routes.js';

export type HttpServerDeps = MessagesEndpointDeps & {
  isHealthy: () => Promise<boolean>;
  routes: HttpRoutes;
  logger: Logger;
  /** The interface to listen on: this machine only unless the entry says otherwise (production: 0.0.0.0). */
  host?: string;
};

export type RunningHttpServer = {
  port: number;
  /** Requests being answered right now. */
  readonly inFlight: number;
  /**
   * Stops taking requests (new connections are refused; a request on an open connection, /health included, gets 503
   * so the load balancer and Teams go elsewhere) and resolves when every request already started has been answered.
   */
  drain(): Promise<void>;
  close(): Promise<void>;
};

/** A route's span is named by its pattern: its parameters (tokens, ids) stay out of telemetry. */
function traceRoute<T extends { status: number }>(method: string, path: string, answer: () => Promise<T>): Promise<T> {
  return telemetry.span(
    `${method} ${path}`,
    { 'http.request.method': method, 'http.route': path },
    async () => {
      const answered = await answer();
      telemetry.annotate({ 'http.response.status_code': answered.status });
      return answered;
    },
    { kind: SpanKind.SERVER },
  );
}

/**
 * Teams posts activities to /api/messages; Azure probes /health; features may add GET routes (calendar files) and
 * API routes. No body parser runs for every request: /api/messages and each POST route read their own JSON body
 * within limits (json-body.ts) before anything else, and nothing else takes one.
 */
export async function startHttpServer(port: number, deps: HttpServerDeps): Promise<RunningHttpServer> {
  const server = restify.createServer({ name: 'fokusgrupper', handleUncaughtExceptions: false });
  // A request that is still arriving after 30 s is not Teams (which sends a few kilobytes).
  server.server.requestTimeout = 30_000;
  server.on('restifyError', withoutDetails);
  const answering = new Set<restify.Response>();
  let draining = false;
  let drained: (() => void) | undefined;
  server.pre((_request, response, next) => {
    if (draining) {
      response.setHeader('connection', 'close');
      response.send(503, { status: 'shutting down' });
      return next(false);
    }
    answering.add(response);
    response.once('close', () => {
      answering.delete(response);
      if (answering.size === 0) drained?.();
    });
    return next();
  });

  server.post('/api/messages', messagesEndpoint(deps));

  server.get('/health', async (_request, response) => {
    const healthy = await deps.isHealthy();
    response.send(healthy ? 200 : 503, { status: healthy ? 'ok' : 'store unavailable' });
  });

  for (const { path, handler } of deps.routes.gets) {
    server.get(path, async (request, response) => {
      const answer: HttpAnswer = await traceRoute('GET', path, () =>
        withStoreDeadline(STORE_BUDGET_MS.page, () => handler((request.params ?? {}) as Record<string, string>)).catch(
          (error: unknown) => {
            deps.logger.error({ err: error, path }, 'route failed');
            return { status: 500, contentType: 'text/plain; charset=utf-8', body: 'error' };
          },
        ),
      );
      response.writeHead(answer.status, { 'content-type': answer.contentType, ...answer.headers });
      response.end(answer.body);
    });
  }

  for (const { method, path, handler } of deps.routes.requests) {
    const register = method === 'GET' ? server.get.bind(server) : server.post.bind(server);
    register(path, async (request, response) => {
      const body = method === 'POST' ? await readJsonBody(request).catch(() => undefined) : undefined;
      if (method === 'POST' && !body?.ok) {
        if (body) deps.rejections.record(body.reason, body.status);
        if (body && !body.readAll) response.once('finish', () => request.socket.destroy());
        response.writeHead(body?.status ?? 400, {
          'content-length': 0,
          ...(body?.readAll ? {} : { connection: 'close' }),
        });
        response.end();
        return;
      }
      const answer: HttpAnswer = await traceRoute(method, path, () =>
        withStoreDeadline(STORE_BUDGET_MS.page, () =>
          handler(requestOf(request, body?.ok ? body.value : undefined)),
        ).catch((error: unknown) => {
          deps.logger.error({ err: error, path }, 'route failed');
          return { status: 500, contentType: 'application/json', body: '{"error":"unexpected"}' };
        }),
      );
      const gzip = answer.body.length > 1024 && /\bgzip\b/.test(request.header('accept-encoding') ?? '');
      response.writeHead(answer.status, {
        'content-type': answer.contentType,
        'x-content-type-options': 'nosniff',
        ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
        ...answer.headers,
      });
      response.end(gzip ? gzipSync(answer.body) : answer.body);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, deps.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  deps.logger.debug({ port: address.port }, 'http server listening');
  return {
    port: address.port,
    get inFlight() {
      return answering.size;
    },
    drain: async () => {
      draining = true;
      server.server.close(); // no new connections; the callback is close()'s business
      // Answers still to come close their connection behind them, so no keep-alive connection outlives the drain.
      for (const response of answering) if (!response.headersSent) response.setHeader('connection', 'close');
      server.server.closeIdleConnections();
      if (answering.size > 0) await new Promise<void>((resolve) => (drained = resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function requestOf(request: restify.Request, body: unknown): HttpRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const query = Object.fromEntries(new URL(request.url ?? '/', 'http://localhost').searchParams);
  return {
    params: (request.params ?? {}) as Record<string, string>,
    query,
    headers,
    body,
    fromLoopback: LOOPBACK.has(request.socket.remoteAddress ?? ''),
  };
}

/** restify's own answers (404, 405, ...) say which path or method was wrong; callers get the status only. */
function withoutDetails(
  _request: restify.Request,
  _response: restify.Response,
  error: { toJSON?: () => unknown; toString?: () => string; body?: unknown },
  callback: () => void,
): void {
  error.toJSON = () => ({});
  error.toString = () => '';
  callback();
}
