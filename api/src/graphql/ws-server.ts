import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@tickstream/core';
import {
  execute as executeSync,
  getOperationAST,
  GraphQLError,
  OperationTypeNode,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiMetrics } from '../http/api-metrics';
import { slowConsumerNotice } from '../live/subscriber-queue';
import type { ApiContext } from './context';
import { createMaskError } from './error-masking';
import { GroupMember, groupKey, SocketWriter, SubscriptionGroups, type Started } from './ws-groups';
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
  /** Whose rate-limit bucket (key, or client address without keys). */
  readonly identity: string;
  /**
   * What the connection is allowed to see. Keys grant no different rights today, so each key
   * is its own scope: subscribers with different keys never share a group.
   */
  readonly scope: string;
  readonly writer: SocketWriter;
}

/** What onSubscribe hands on to execute/subscribe (graphql-ws carries it as rootValue). */
interface Operation {
  readonly enveloped: Enveloped;
  /** Set for subscriptions: they run grouped. */
  readonly group?: {
    readonly key: string;
    readonly member: () => GroupMember;
  };
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
  const groups = new SubscriptionGroups();
  const maskError = createMaskError(logger, settings.mode === 'development');

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
      execute: (args: ExecutionArgs) => (args.rootValue as Operation).enveloped.execute(args),
      subscribe: (args: ExecutionArgs) => {
        const { enveloped, group } = args.rootValue as Operation;
        if (!group) return enveloped.subscribe(args);
        // Identical subscriptions share one execution: the first starts it, with its own
        // context told how many subscribers its queue stands for.
        return groups.join(group.key, group.member(), async (audience) => {
          const contextValue = { ...(args.contextValue as object), audience };
          return (await enveloped.subscribe({
            ...args,
            rootValue: undefined,
            contextValue,
          })) as Started;
        });
      },
      onConnect: (ctx) => {
        const request = ctx.extra.request;
        const url = new URL(request.url ?? '/', 'http://localhost');
        const key = presented(ctx.connectionParams, url, request.headers);
        if (options.keyCheck.required && !options.keyCheck.accepts(key)) {
          metrics.rejected.inc({ code: 'UNAUTHENTICATED' });
          ctx.extra.socket.close(ApiCloseCode.Unauthorized, 'Invalid or missing API key');
          return false;
        }
        const keyed = key !== null && options.keyCheck.required;
        const identity = keyed ? keyId(key) : `ip:${request.socket.remoteAddress ?? 'unknown'}`;
        connections.set(ctx.extra.socket, {
          identity,
          scope: keyed ? keyId(key) : 'open',
          writer: new SocketWriter(ctx.extra.socket),
        });
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        const socket = ctx.extra.socket;
        const connection = connections.get(socket);
        if (!connection) throw new Error('graphql-ws subscribed on a connection it did not open');
        const { identity } = connection;
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
        const enveloped = options.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket,
          params: payload,
        });
        const { schema, contextFactory, parse, validate } = enveloped;
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        const operationName = payload.operationName ?? null;
        const contextValue = await contextFactory();
        const variableValues = payload.variables ?? null;
        const subscription =
          getOperationAST(document, operationName)?.operation === OperationTypeNode.SUBSCRIPTION;
        const capacity = settings.subscriberQueueSize;
        // The notice comes from executing the dropped item, as a subscriber's own queue's
        // notice did before, masked the way Yoga masks results.
        const notice = (): ExecutionResult => {
          const result = executeSync({
            schema,
            document,
            operationName,
            variableValues,
            contextValue,
            rootValue: slowConsumerNotice(capacity),
          }) as ExecutionResult;
          return result.errors
            ? {
                ...result,
                errors: result.errors.map(
                  (e) => maskError(e, 'Unexpected error.') as GraphQLError,
                ),
              }
            : result;
        };
        const operation: Operation = {
          enveloped,
          ...(subscription
            ? {
                group: {
                  key: groupKey(document, operationName, variableValues, connection.scope),
                  member: () =>
                    new GroupMember({
                      writer: connection.writer,
                      id,
                      capacity,
                      notice,
                      onDropped: () => {
                        metrics.slowConsumers.inc();
                        onSlowConsumer();
                      },
                    }),
                },
              }
            : {}),
        };
        const args: ExecutionArgs = {
          schema,
          operationName,
          document,
          variableValues,
          contextValue,
          rootValue: operation,
        };
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
