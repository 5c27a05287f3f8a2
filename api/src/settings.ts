import {
  defineSection,
  integer,
  list,
  oneOf,
  setting,
  z,
  type SectionValues,
} from '@tickstream/schema';

// The api role's own settings: how it listens, who may call it and how much one call may
// take. What it serves (intervals, windows, pairs) is the market section, shared with the
// processors.

export const API_SETTINGS = {
  apiMode: setting({
    env: 'API_MODE',
    flag: 'api-mode',
    schema: oneOf(['production', 'development']),
    default: 'production',
    allowed: 'production or development',
    doc: 'development turns on GraphiQL, introspection, field suggestions and detailed errors; production turns them off.',
  }),
  apiKeys: setting({
    env: 'API_KEYS',
    flag: 'api-keys',
    schema: list(z.string().min(8).max(256)),
    default: [],
    allowed: 'a comma-separated list of keys of 8 to 256 characters (empty: no key needed)',
    doc: 'When set, every API route and WebSocket needs one of these keys (header x-api-key, query api_key, or connection param apiKey); /health and the dashboard files stay open.',
    secret: true,
  }),
  corsOrigins: setting({
    env: 'CORS_ORIGINS',
    flag: 'cors-origins',
    schema: list(
      z.union([z.literal('*'), z.string().regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/)]),
    ),
    default: [],
    allowed: 'a comma-separated list of origins such as https://app.example.com, or * for any',
    doc: 'Browser origins allowed to call the API and open its WebSocket besides the API itself (same origin is always allowed).',
  }),
  apiMaxRows: setting({
    env: 'API_MAX_ROWS',
    flag: 'api-max-rows',
    schema: integer(1, 10_000_000),
    default: 100_000,
    allowed: 'an integer from 1 to 10000000',
    doc: 'Most rows one query or JSON route returns (limit/first/last above it are refused, larger ranges must be paged).',
  }),
  apiMaxExportRows: setting({
    env: 'API_MAX_EXPORT_ROWS',
    flag: 'api-max-export-rows',
    schema: integer(1, 1_000_000_000),
    default: 5_000_000,
    allowed: 'an integer from 1 to 1000000000',
    doc: 'Most rows one streamed CSV export writes.',
  }),
  apiBacktestMaxBars: setting({
    env: 'API_BACKTEST_MAX_BARS',
    flag: 'api-backtest-max-bars',
    schema: integer(1_000, 100_000_000),
    default: 2_000_000,
    allowed: 'an integer from 1000 to 100000000',
    doc: 'Most aligned bars one backtest may read; a sweep counts bars × grid cells. Past it the run is refused with bars-limit-exceeded (HTTP 422). Also bounds tickstream backtest.',
  }),
  apiBacktestTimeBudgetMs: setting({
    env: 'API_BACKTEST_TIME_BUDGET_MS',
    flag: 'api-backtest-time-budget-ms',
    schema: integer(100, 3_600_000),
    default: 10_000,
    allowed: 'an integer number of milliseconds from 100 to 3600000',
    doc: 'Longest one backtest or sweep may take, reading its bars included; past it the run stops with time-budget-exceeded (HTTP 422). The run computes on the API process, so it also bounds how long other requests wait behind it. Also bounds tickstream backtest.',
  }),
  apiRateLimitPerMinute: setting({
    env: 'API_RATE_LIMIT_PER_MINUTE',
    flag: 'api-rate-limit-per-minute',
    schema: integer(0, 1_000_000),
    default: 1_200,
    allowed: 'an integer from 0 (no limit) to 1000000',
    doc: 'Requests (and subscription starts) per minute per API key, or per client address without keys; bursts up to the same number.',
  }),
  apiCacheTtlMs: setting({
    env: 'API_CACHE_TTL_MS',
    flag: 'api-cache-ttl-ms',
    schema: integer(0, 3_600_000),
    default: 5_000,
    allowed: 'an integer number of milliseconds from 0 (no cache) to 3600000',
    doc: 'Longest a cached query result is served; new data for its symbols invalidates it sooner.',
  }),
  apiUploadMaxBytes: setting({
    env: 'API_UPLOAD_MAX_BYTES',
    flag: 'api-upload-max-bytes',
    schema: integer(1_024, 1_073_741_824),
    default: 10_485_760,
    allowed: 'an integer number of bytes from 1024 to 1073741824',
    doc: 'Largest OHLC CSV upload accepted.',
  }),
  apiSubscriberQueueSize: setting({
    env: 'API_SUBSCRIBER_QUEUE_SIZE',
    flag: 'api-subscriber-queue-size',
    schema: integer(1, 1_000_000),
    default: 1_000,
    allowed: 'an integer from 1 to 1000000',
    doc: 'Updates buffered per subscription; a subscriber that falls this far behind is told (SLOW_CONSUMER) and dropped.',
  }),
  apiHost: setting({
    env: 'API_HOST',
    flag: 'api-host',
    schema: z.string().min(1),
    default: '127.0.0.1',
    allowed: 'a host name or address to listen on (0.0.0.0 for every interface)',
    doc: 'Address the API and dashboard listen on.',
  }),
  apiPort: setting({
    env: 'API_PORT',
    flag: 'api-port',
    schema: integer(0, 65535),
    default: 8080,
    allowed: 'an integer from 0 to 65535',
    doc: 'Port of the API and dashboard (0 picks a free one).',
  }),
} as const;

export const API_SECTION = defineSection({ settings: API_SETTINGS });

export type ApiSectionSettings = SectionValues<typeof API_SECTION>;
