import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecutionResult } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from '@tickstream/core';
import { createPairRegistry, parsePairSpec } from '@tickstream/stream-processors';
import { createTtlCache } from './cache/ttl-cache';
import type { ApiContext } from './graphql/context';
import { createMaskError } from './graphql/error-masking';
import { armorPlugins } from './graphql/armor';
import { useNoIntrospection } from './graphql/introspection';
import { buildSchema } from './graphql/schema';
import { attachWebSocket } from './graphql/ws-server';
import { createApiMetrics } from './http/api-metrics';
import { legacyRoutes } from './http/legacy-routes';
import { openApiDocument } from './http/openapi';
import { useApiRequests } from './http/request-plugin';
import { compileRoutes } from './http/route';
import { createStaticFiles } from './http/static-files';
import { v1Routes, type RunGraphQL } from './http/v1-routes';
import { createLiveHub, startLiveFeed, type LiveFeed, type LiveHub } from './live/live-feed';
import { createOperations, type Operations } from './operations';
import { tags, type LiveState } from './operations/context';
import {
  DEFAULT_PROCESSOR_GROUPS,
  resolveSettings,
  type ApiOptions,
  type ApiSettings,
} from './options';
import { createKeyCheck } from './security/api-keys';
import { createRateLimiter } from './security/rate-limit';

export const GRAPHQL_PATH = '/graphql';

/** The API's own view of the analysed pairs: PAIRS, then md.pair-config.v1. */
function apiPairRegistry(options: ApiOptions, settings: ApiSettings, logger: Logger) {
  const base = settings.pairs.map((text) => {
    const spec = parsePairSpec(text, settings.pairDefaults);
    if (!spec) throw new RangeError(`pairs holds an entry that is not Y/X@interval: ${text}`);
    return spec;
  });
  return createPairRegistry({
    eventLog: options.eventLog,
    logger: logger.child({ component: 'pair-registry' }),
    base,
  });
}
const MAX_RECENT_GAPS = 50;
const CATALOG_TTL_MS = 5_000;

export interface Api {
  /** The fetch-API app: `yoga.fetch(url, init)` serves every route in process (unit tests). */
  readonly yoga: YogaServerInstance<Record<string, unknown>, ApiContext>;
  /** Node HTTP server with graphql-ws attached at /graphql; not listening until listen(). */
  readonly server: Server;
  readonly operations: Operations;
  readonly hub: LiveHub;
  readonly settings: ApiSettings;
  /** Resolves once the live feed reads the output topics (listen() waits for it too). */
  ready(): Promise<void>;
  listen(port: number, host?: string): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
}

/**
 * Builds the API: GraphQL (queries over ClickHouse, subscriptions fed by this instance's own
 * reading of the output topics), /api/v1, the legacy /api routes, OpenAPI, /metrics, /health
 * and the dashboard files. Only `listen` opens a port.
 */
export function buildApi(options: ApiOptions): Api {
  const settings = resolveSettings(options.settings);
  const logger = options.logger.child({ role: 'api' });
  const metrics = createApiMetrics(options.metrics);
  const cache = createTtlCache({
    ttlMs: settings.cacheTtlMs,
    onHit: () => metrics.cache.inc({ result: 'hit' }),
    onMiss: () => metrics.cache.inc({ result: 'miss' }),
  });
  const catalogCache = createTtlCache({ ttlMs: CATALOG_TTL_MS });
  const hub = createLiveHub({
    delivered: (n) => metrics.delivered.inc(n),
    dropped: () => metrics.slowConsumers.inc(),
    subscribers: (d) => metrics.subscribers.inc(d),
  });
  const live: LiveState = { lastPrices: new Map(), recentGaps: [] };
  const ownRegistry = options.pairRegistry === undefined;
  const pairs = options.pairRegistry ?? apiPairRegistry(options, settings, logger);
  // Started here like the live feed; ready() and listen() wait for both.
  const pairsStarted = ownRegistry ? pairs.start() : Promise.resolve();
  pairsStarted.catch(() => undefined);
  const ops = createOperations({
    pairs,
    clickhouse: options.clickhouse,
    eventLog: options.eventLog,
    logger,
    settings,
    cache,
    catalogCache,
    live,
    feed: () => feed,
    ingestStatus: options.ingestStatus,
    health: options.health,
    processorGroups: options.processorGroups ?? DEFAULT_PROCESSOR_GROUPS,
  });
  const finest = ops.catalog.finest();
  const known = new Set<string>();

  // Cache policy: new data for a symbol drops what was computed from that symbol's data.
  const feed: LiveFeed = startLiveFeed({
    eventLog: options.eventLog,
    hub,
    logger,
    ...(options.feedGroupId ? { groupId: options.feedGroupId } : {}),
    onDecodeError: (topic) => metrics.feedDecodeErrors.inc({ topic }),
    listener: {
      onCandle(c) {
        cache.invalidate(tags.candles(c.symbol));
        if (c.final) cache.invalidate(tags.finalCandles(c.symbol));
        if (!known.has(c.symbol)) {
          known.add(c.symbol);
          cache.invalidate(tags.catalog);
          catalogCache.invalidate(tags.catalog);
        }
        if (c.interval === finest) {
          const seen = live.lastPrices.get(c.symbol);
          if (!seen || seen.barStart <= c.start)
            live.lastPrices.set(c.symbol, { price: c.close, barStart: c.start });
        }
      },
      onTrade: (t) => cache.invalidate(tags.trades(t.symbol)),
      onPairAnalytics(p) {
        cache.invalidate(tags.pair(p.pair));
        if (!known.has(p.pair)) {
          known.add(p.pair);
          cache.invalidate(tags.catalog);
        }
      },
      onAlert: () => cache.invalidate(tags.alerts),
      onTradeGap(g) {
        live.recentGaps.unshift(g);
        live.recentGaps.length = Math.min(live.recentGaps.length, MAX_RECENT_GAPS);
      },
    },
  });

  const schema = buildSchema();
  const development = settings.mode === 'development';
  const keyCheck = createKeyCheck(settings.apiKeys);
  const limiter = createRateLimiter(settings.rateLimitPerMinute);
  const context = (): ApiContext => ({ ops, hub, settings });

  let runGraphQL: RunGraphQL = () => Promise.reject(new Error('not ready'));
  let openApi: unknown;
  const routes = compileRoutes([
    ...legacyRoutes,
    ...v1Routes(schema, (...args) => runGraphQL(...args)),
  ]);

  const yoga = createYoga<Record<string, unknown>, ApiContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: development ? { subscriptionsProtocol: 'WS' } : false,
    landingPage: false,
    cors: false,
    // Yoga answers any URL ending in its health endpoint with an empty 200, /api/health
    // included; tickstream's own /health and /api/health report real component health.
    healthCheckEndpoint: '/.well-known/yoga-liveness',
    logging: {
      debug: (...args) => logger.debug({ args }, 'yoga'),
      info: (...args) => logger.info({ args }, 'yoga'),
      warn: (...args) => logger.warn({ args }, 'yoga'),
      error: (...args) => logger.error({ args }, 'yoga'),
    },
    maskedErrors: { maskError: createMaskError(logger, development) },
    context,
    plugins: [
      useApiRequests({
        routes,
        graphqlPath: GRAPHQL_PATH,
        keyCheck,
        limiter,
        settings,
        ops,
        logger,
        metrics,
        registry: options.metrics,
        openApi: () => (openApi ??= openApiDocument(schema)),
        ...(options.dashboardDir ? { staticFiles: createStaticFiles(options.dashboardDir) } : {}),
      }),
      ...armorPlugins(settings),
      ...(development ? [] : [useNoIntrospection()]),
    ],
  });

  runGraphQL = async (request, text, variables) => {
    const enveloped = yoga.getEnveloped({ request, params: { query: text, variables } });
    let document;
    try {
      document = enveloped.parse(text);
    } catch (error) {
      return { errors: [error] } as ExecutionResult;
    }
    const errors = enveloped.validate(enveloped.schema, document);
    if (errors.length > 0) return { errors };
    return (await enveloped.execute({
      schema: enveloped.schema,
      document,
      variableValues: variables,
      contextValue: await enveloped.contextFactory(),
    })) as ExecutionResult;
  };

  const server = createServer(yoga);
  const ws = attachWebSocket({
    server,
    getEnveloped: yoga.getEnveloped,
    path: GRAPHQL_PATH,
    settings,
    keyCheck,
    limiter,
    metrics,
    logger,
  });
  let closed = false;

  return {
    yoga,
    server,
    operations: ops,
    hub,
    settings,
    ready: async () => {
      await Promise.all([feed.ready(), pairsStarted]);
    },
    async listen(port, host = '127.0.0.1') {
      await Promise.all([feed.ready(), pairsStarted]);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      const url = `http://${shownHost}:${address.port}`;
      logger.info({ url, graphql: `${url}${GRAPHQL_PATH}`, mode: settings.mode }, 'API listening');
      return { url, port: address.port };
    },
    async close() {
      if (closed) return;
      closed = true;
      await ws.close();
      await new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await feed.stop();
      if (ownRegistry) await pairs.stop();
      await yoga.dispose();
    },
  };
}
