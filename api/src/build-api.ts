import { createServer, type Server } from 'node:http';
import type { YogaServerInstance } from 'graphql-yoga';
import { createPairRegistry, type Logger } from '@tickstream/core';
import { parsePairSpec } from '@tickstream/schema';
import { cachePolicy } from './cache/cache-policy';
import { createTtlCache } from './cache/ttl-cache';
import type { ApiContext } from './graphql/context';
import { armorPlugins } from './graphql/armor';
import { useNoIntrospection } from './graphql/introspection';
import { useCompiledQueries } from './graphql/jit';
import { createGraphQLRunner } from './graphql/runner';
import { buildSchema } from './graphql/schema';
import { createApiYoga, GRAPHQL_PATH } from './graphql/yoga';
import { attachWebSocket } from './graphql/ws-server';
import { createApiMetrics, type ApiMetrics } from './http/api-metrics';
import { backtestRoutes } from './http/backtest-routes';
import { legacyRoutes } from './http/legacy-routes';
import { openApiDocument } from './http/openapi';
import { listenOn } from './http/listen';
import { useApiRequests } from './http/request-plugin';
import { compileRoutes } from './http/route';
import { createStaticFiles } from './http/static-files';
import { v1Routes, type RunGraphQL } from './http/v1-routes';
import { createLiveHub, startLiveFeed, type LiveFeed, type LiveHub } from './live/live-feed';
import { createOperations, type Operations } from './operations';
import type { LiveState } from './operations/context';
import { resolveSettings, type ApiOptions, type ApiSettings } from './options';
import { createKeyCheck } from './security/api-keys';
import { createRateLimiter } from './security/rate-limit';

export { GRAPHQL_PATH };

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
const CATALOG_TTL_MS = 5_000;

/** The query caches and the subscriptions' hub, counted in the API's metrics. */
function cachesAndHub(settings: ApiSettings, metrics: ApiMetrics) {
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
  return { cache, catalogCache, hub };
}

export interface Api {
  /** The fetch-API app: `yoga.fetch(url, init)` serves every route in process (unit tests). */
  readonly yoga: YogaServerInstance<Record<string, unknown>, ApiContext>;
  /** Node HTTP server with graphql-ws attached at /graphql; not listening until listen(). */
  readonly server: Server;
  readonly operations: Operations;
  readonly hub: LiveHub;
  readonly settings: ApiSettings;
  /**
   * Starts the live feed and, without a shared registry, the API's own view of the pairs;
   * resolves once both read their topics. Idempotent; listen() and ready() start it too.
   */
  start(): Promise<void>;
  /** Starts if need be; resolves once the live feed reads the output topics. */
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
  const { cache, catalogCache, hub } = cachesAndHub(settings, metrics);
  const live: LiveState = { lastPrices: new Map(), recentGaps: [] };
  const ownRegistry = options.pairRegistry === undefined;
  const pairs = options.pairRegistry ?? apiPairRegistry(options, settings, logger);
  let feed: LiveFeed | undefined;
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
    processorGroups: options.processorGroups ?? [],
  });
  const listener = cachePolicy({ cache, catalogCache, live, finest: ops.catalog.finest() });

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
    ...backtestRoutes(schema, (...args) => runGraphQL(...args)),
  ]);

  const yoga = createApiYoga({
    schema,
    logger,
    development,
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
      useCompiledQueries(),
    ],
  });

  runGraphQL = createGraphQLRunner(yoga);

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
  let started: Promise<void> | undefined;
  const start = () =>
    (started ??= (async () => {
      feed = startLiveFeed({
        eventLog: options.eventLog,
        hub,
        logger,
        ...(options.feedGroupId ? { groupId: options.feedGroupId } : {}),
        onDecodeError: (topic) => metrics.feedDecodeErrors.inc({ topic }),
        listener,
      });
      await Promise.all([feed.ready(), ownRegistry ? pairs.start() : undefined]);
    })());

  return {
    yoga,
    server,
    operations: ops,
    hub,
    settings,
    start,
    ready: start,
    async listen(port, host = '127.0.0.1') {
      await start();
      const where = await listenOn(server, port, host);
      logger.info(
        { url: where.url, graphql: `${where.url}${GRAPHQL_PATH}`, mode: settings.mode },
        'API listening',
      );
      return where;
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
      await feed?.stop();
      if (ownRegistry && started) await pairs.stop();
      await yoga.dispose();
    },
  };
}
