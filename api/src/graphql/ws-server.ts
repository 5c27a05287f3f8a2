import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@tickstream/core';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiMetrics } from '../http/api-metrics';
import type { ApiContext } from './context';
import type { ApiSettings } from '../options';
import { keyId, type KeyCheck } from '../security/api-keys';
import { originAllowed } from '../security/cors';
import type { RateLimiter } from '../security/rate-limit';

/** Close codes this API adds to graphql-ws's own (4400 bad request, 4401, 4403, 4429, ...). */
export const ApiCloseCode = {
  /** The connection could not take its updates: a subscription was dropped and the socket did not drain. */
  SlowConsumer: 4008,
  Unauthorized: CloseCode.Unauthorized,
} as const;

const MAX_MESSAGE_BYTES = 64 * 1024;

export interface WebSocketOptions {
  readonly server: Server;
  readonly getEnveloped: Envelop;
  readonly path: string;
  readonly settings: ApiSettings;
  readonly keyCheck: KeyCheck;
  readonly limiter: RateLimiter;
  readonly metrics: ApiMetrics;
  readonly logger: Logger;
}

type Envelop = YogaServerInstance<Record<string, unknown>, ApiContext>['getEnveloped'];
type Enveloped = ReturnType<Envelop>;

interface ConnectionState {
  identity: string;
}

function presented(
  params: Readonly<Record<string, unknown>> | undefined,
  url: URL,
  headers: Record<string, unknown>,
) {
  for (const name of ['apiKey', 'api_key', 'x-api-key']) {
    const value = params?.[name];
    if (typeof value === 'string') return value;
  }
  const header = headers['x-api-key'];
  if (typeof header === 'string') return header;
  return url.searchParams.get('api_key');
}

/**
 * graphql-ws on the API's own HTTP server (same port and path as /graphql), executing
 * through Yoga's envelop so limits, masking and context are the same as over HTTP. Keys
 * come from connection params (apiKey), the x-api-key header or ?api_key=; origins are
 * checked at the upgrade, rate limits at every subscribe.
 */
export function attachWebSocket(options: WebSocketOptions): { close(): Promise<void> } {
  const { settings, metrics, logger } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const connections = new WeakMap<WebSocket, ConnectionState>();

  const onUpgrade = (
    request: import('node:http').IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== options.path) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    const origin = typeof request.headers.origin === 'string' ? request.headers.origin : null;
    if (!originAllowed(origin, request.headers.host ?? null, settings.corsOrigins)) {
      metrics.rejected.inc({ code: 'FORBIDDEN_ORIGIN' });
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  options.server.on('upgrade', onUpgrade);

  wss.on('connection', (socket: WebSocket) => {
    metrics.wsConnections.inc();
    socket.once('close', () => metrics.wsConnections.dec());
  });

  const disposable = useServer(
    {
      isProd: settings.mode === 'production',
      // onSubscribe below puts the envelop's own execute/subscribe in rootValue, as Yoga's
      // graphql-ws example does, so plugins (limits, masking) run for WebSocket operations too.
      execute: (args: ExecutionArgs) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args: ExecutionArgs) => (args.rootValue as Enveloped).subscribe(args),
      onConnect: (ctx) => {
        const request = ctx.extra.request;
        const url = new URL(request.url ?? '/', 'http://localhost');
        const key = presented(ctx.connectionParams, url, request.headers);
        if (options.keyCheck.required && !options.keyCheck.accepts(key)) {
          metrics.rejected.inc({ code: 'UNAUTHENTICATED' });
          ctx.extra.socket.close(ApiCloseCode.Unauthorized, 'Invalid or missing API key');
          return false;
        }
        const identity =
          key !== null && options.keyCheck.required
            ? keyId(key)
            : `ip:${request.socket.remoteAddress ?? 'unknown'}`;
        connections.set(ctx.extra.socket, { identity });
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const socket = ctx.extra.socket;
        const identity = connections.get(socket)?.identity ?? 'ip:unknown';
        const taken = options.limiter.take(identity);
        if (!taken.ok) {
          metrics.rejected.inc({ code: 'RATE_LIMITED' });
          return [
            new GraphQLError('Rate limit exceeded', { extensions: { code: 'RATE_LIMITED' } }),
          ];
        }
        let closing: NodeJS.Timeout | undefined;
        const onSlowConsumer = () => {
          logger.warn({ identity }, 'subscriber too slow: dropped (SLOW_CONSUMER)');
          // The notice is queued like any update; a socket that still holds unsent data after
          // the grace period is not being read at all and is closed.
          closing ??= setTimeout(() => {
            if (socket.readyState === socket.OPEN && socket.bufferedAmount > 0) {
              socket.close(ApiCloseCode.SlowConsumer, 'slow consumer');
              setTimeout(() => socket.terminate(), settings.slowConsumerGraceMs).unref();
            }
          }, settings.slowConsumerGraceMs);
          closing.unref();
        };
        const { schema, execute, subscribe, contextFactory, parse, validate } =
          options.getEnveloped({
            ...ctx,
            req: ctx.extra.request,
            socket,
            params: payload,
            onSlowConsumer,
          });
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        const args: ExecutionArgs = {
          schema,
          operationName: payload.operationName ?? null,
          document,
          variableValues: payload.variables ?? null,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        if (errors.length > 0) return errors;
        return args;
      },
    },
    wss,
  );

  return {
    async close() {
      options.server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.terminate();
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
