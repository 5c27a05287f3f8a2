import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

function once<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/** The API's Prometheus metrics, registered on the process registry (once per registry). */
export function createApiMetrics(registry: Registry) {
  const registers = [registry];
  return {
    requests: once(
      registry,
      'tickstream_api_http_requests_total',
      () =>
        new Counter({
          name: 'tickstream_api_http_requests_total',
          help: 'HTTP requests by route and status',
          labelNames: ['route', 'method', 'status'],
          registers,
        }),
    ),
    duration: once(
      registry,
      'tickstream_api_http_request_duration_seconds',
      () =>
        new Histogram({
          name: 'tickstream_api_http_request_duration_seconds',
          help: 'HTTP request duration by route (time to response headers)',
          labelNames: ['route'],
          buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
          registers,
        }),
    ),
    rejected: once(
      registry,
      'tickstream_api_rejected_total',
      () =>
        new Counter({
          name: 'tickstream_api_rejected_total',
          help: 'Requests refused by a key, origin, rate or size check',
          labelNames: ['code'],
          registers,
        }),
    ),
    wsConnections: once(
      registry,
      'tickstream_api_ws_connections',
      () =>
        new Gauge({
          name: 'tickstream_api_ws_connections',
          help: 'Open graphql-ws connections',
          registers,
        }),
    ),
    subscribers: once(
      registry,
      'tickstream_api_subscribers',
      () =>
        new Gauge({
          name: 'tickstream_api_subscribers',
          help: 'Live subscriptions fed by the fan-out',
          registers,
        }),
    ),
    subscriptionGroups: once(
      registry,
      'tickstream_api_subscription_groups',
      () =>
        new Gauge({
          name: 'tickstream_api_subscription_groups',
          help: 'Executions serving graphql-ws subscriptions: one per group of identical subscriptions',
          registers,
        }),
    ),
    delivered: once(
      registry,
      'tickstream_api_fanout_delivered_total',
      () =>
        new Counter({
          name: 'tickstream_api_fanout_delivered_total',
          help: 'Updates queued to subscribers',
          registers,
        }),
    ),
    slowConsumers: once(
      registry,
      'tickstream_api_slow_consumers_total',
      () =>
        new Counter({
          name: 'tickstream_api_slow_consumers_total',
          help: 'Subscriptions dropped for falling behind (SLOW_CONSUMER)',
          registers,
        }),
    ),
    cache: once(
      registry,
      'tickstream_api_cache_total',
      () =>
        new Counter({
          name: 'tickstream_api_cache_total',
          help: 'Query cache lookups by result',
          labelNames: ['result'],
          registers,
        }),
    ),
    feedDecodeErrors: once(
      registry,
      'tickstream_api_feed_decode_errors_total',
      () =>
        new Counter({
          name: 'tickstream_api_feed_decode_errors_total',
          help: 'Topic records the live feed could not decode',
          labelNames: ['topic'],
          registers,
        }),
    ),
  };
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>;
