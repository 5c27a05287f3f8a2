import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@tickstream/core';
import {
  execute as executeSync,
  getOperationAST,
  GraphQLError,
  OperationTypeNode,
  type DocumentNode,
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
import {
  CorkedSockets,
  GroupMember,
  groupKey,
  SocketWriter,
  SubscriptionGroups,
  type Started,
} from './ws-groups';
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

const isSubscription = (document: DocumentNode, operationName: string | null) =>
  getOperationAST(document, operationName)?.operation === OperationTypeNode.SUBSCRIPTION;

/**
 * A connection's key check: its state, or undefined once it is closed with 4401. Without
 * keys, rate limits go by client address and everyone shares one scope.
 */
function connect(
  extra: { readonly socket: WebSocket; readonly request: IncomingMessage },
  params: Readonly<Record<string, unknown>> | undefined,
  options: WebSocketOptions,
  corks: CorkedSockets,
): ConnectionState | undefined {
  const { request, socket } = extra;
  const url = new URL(request.url ?? '/', 'http://localhost');
  const key = presented(params, url, request.headers);
  if (options.keyCheck.required && !options.keyCheck.accepts(key)) {
    options.metrics.rejected.inc({ code: 'UNAUTHENTICATED' });
    socket.close(ApiCloseCode.Unauthorized, 'Invalid or missing API key');
    return undefined;
  }
  const keyed = key !== null && options.keyCheck.required;
  return {
    identity: keyed ? keyId(key) : `ip:${request.socket.remoteAddress ?? 'unknown'}`,
    scope: keyed ? keyId(key) : 'open',
    writer: new SocketWriter(socket, corks),
  };
}

/**
 * graphql-ws's subscribe: identical subscriptions share one execution. The first of a group
 * starts it, with its own context told how many subscribers its queue stands for.
 */
function groupedSubscribe(groups: SubscriptionGroups) {
  return (args: ExecutionArgs) => {
    const { enveloped, group } = args.rootValue as Operation;
    if (!group) return enveloped.subscribe(args);
    return groups.join(group.key, group.member(), async (audience) => {
      const contextValue = { ...(args.contextValue as object), audience };
      return (await enveloped.subscribe({
        ...args,
        rootValue: undefined,
        contextValue,
      })) as Started;
    });
  };
}

/**
 * Told when a subscription of `socket` was dropped: the notice is queued like any update; a
 * socket that still holds unsent data after the grace period is not being read at all and is
 * closed.
 */
function slowConsumerCloser(
  socket: WebSocket,
  identity: string,
  settings: ApiSettings,
  logger: Logger,
): () => void {
  let closing: NodeJS.Timeout | undefined;
  return () => {
    logger.warn({ identity }, 'subscriber too slow: dropped (SLOW_CONSUMER)');
    closing ??= setTimeout(() => {
      if (socket.readyState === socket.OPEN && socket.bufferedAmount > 0) {
        socket.close(ApiCloseCode.SlowConsumer, 'slow consumer');
        setTimeout(() => socket.terminate(), settings.slowConsumerGraceMs).unref();
      }
    }, settings.slowConsumerGraceMs);
    closing.unref();
  };
}

/**
 * The SLOW_CONSUMER result of one subscription: the operation executed over the dropped item,
 * as a subscriber's own queue's notice was, and masked the way Yoga masks results.
 */
function noticeResult(
  args: Omit<ExecutionArgs, 'rootValue'>,
  capacity: number,
  maskError: ReturnType<typeof createMaskError>,
): ExecutionResult {
  const result = executeSync({
    ...args,
    rootValue: slowConsumerNotice(capacity),
  }) as ExecutionResult;
  if (!result.errors) return result;
  return {
    ...result,
    errors: result.errors.map((e) => maskError(e, 'Unexpected error.') as GraphQLError),
  };
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
  const groups = new SubscriptionGroups((delta) => metrics.subscriptionGroups.inc(delta));
  const corks = new CorkedSockets();
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
      subscribe: groupedSubscribe(groups),
      onConnect: (ctx) => {
        const connection = connect(ctx.extra, ctx.connectionParams, options, corks);
        if (connection) connections.set(ctx.extra.socket, connection);
        return connection !== undefined;
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
        const onSlowConsumer = slowConsumerCloser(socket, identity, settings, logger);
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
        const args: Omit<ExecutionArgs, 'rootValue'> = {
          schema,
          operationName,
          document,
          variableValues,
          contextValue,
        };
        const operation: Operation = {
          enveloped,
          ...(isSubscription(document, operationName)
            ? {
                group: {
                  key: groupKey(document, operationName, variableValues, connection.scope),
                  member: () =>
                    new GroupMember({
                      writer: connection.writer,
                      id,
                      capacity: settings.subscriberQueueSize,
                      notice: () => noticeResult(args, settings.subscriberQueueSize, maskError),
                      onDropped: () => {
                        metrics.slowConsumers.inc();
                        onSlowConsumer();
                      },
                    }),
                },
              }
            : {}),
        };
        return { ...args, rootValue: operation };
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
