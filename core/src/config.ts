import { readFileSync } from 'node:fs';
import { INTERVALS, type Interval } from '@tickstream/schema';
import { z } from 'zod';
import { ConfigError } from './errors';

// Every setting is declared once here: its environment variable, its command-line flag,
// its schema, its default and what is allowed. Entry points call loadConfig(); nothing else
// reads the environment. The README's configuration table is generated from this list.

type Source = 'default' | 'file' | 'env' | 'flag';

export interface SettingDefinition<T> {
  readonly env: string;
  readonly flag: string;
  readonly schema: z.ZodType<T>;
  readonly default: NoInfer<T>;
  /** What is allowed, in words, for error messages and the docs. */
  readonly allowed: string;
  readonly doc: string;
  readonly secret?: boolean;
}

const fromString = <T>(inner: z.ZodType<T>, convert: (raw: string) => unknown) =>
  z.preprocess((raw) => (typeof raw === 'string' ? convert(raw.trim()) : raw), inner);

const integer = (min: number, max: number) =>
  fromString(z.number().int().min(min).max(max), (s) => (/^-?\d+$/.test(s) ? Number(s) : s));

const decimal = (min: number, max: number) =>
  fromString(z.number().min(min).max(max), (s) => (/^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s));

const boolean = () =>
  fromString(z.boolean(), (s) =>
    ['true', '1', 'yes'].includes(s.toLowerCase())
      ? true
      : ['false', '0', 'no'].includes(s.toLowerCase())
        ? false
        : s,
  );

const list = <T>(item: z.ZodType<T>) =>
  fromString(z.array(item), (s) => (s === '' ? [] : s.split(',').map((part) => part.trim())));

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values);

function setting<T>(definition: SettingDefinition<T>): SettingDefinition<T> {
  return definition;
}

const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export const SETTINGS = {
  dataDir: setting({
    env: 'TICKSTREAM_DATA_DIR',
    flag: 'data-dir',
    schema: z.string().min(1),
    default: '.data',
    allowed: 'a directory path',
    doc: 'Where the embedded runtime keeps its event log and chDB store.',
  }),
  logLevel: setting({
    env: 'LOG_LEVEL',
    flag: 'log-level',
    schema: oneOf(['trace', 'debug', 'info', 'warn', 'error', 'silent']),
    default: 'info',
    allowed: 'one of trace, debug, info, warn, error, silent',
    doc: 'Least severe log level written.',
  }),
  logFormat: setting({
    env: 'LOG_FORMAT',
    flag: 'log-format',
    schema: oneOf(['auto', 'json', 'pretty']),
    default: 'auto',
    allowed: 'one of auto, json, pretty',
    doc: 'JSON lines, or readable lines for terminals; auto picks pretty when stdout is a terminal.',
  }),
  eventLog: setting({
    env: 'TICKSTREAM_EVENT_LOG',
    flag: 'event-log',
    schema: oneOf(['auto', 'embedded', 'kafka']),
    default: 'auto',
    allowed: 'one of auto, embedded, kafka',
    doc: 'Event log runtime; auto uses Kafka when KAFKA_BROKERS is set, else the embedded log.',
  }),
  kafkaBrokers: setting({
    env: 'KAFKA_BROKERS',
    flag: 'kafka-brokers',
    schema: list(z.string().regex(HOST_PORT)),
    default: [],
    allowed: 'a comma-separated list of host:port',
    doc: 'Kafka bootstrap brokers.',
  }),
  kafkaClientId: setting({
    env: 'KAFKA_CLIENT_ID',
    flag: 'kafka-client-id',
    schema: z.string().min(1),
    default: 'tickstream',
    allowed: 'a non-empty string',
    doc: 'Client id sent to Kafka (shows in broker logs and quotas).',
  }),
  kafkaCompression: setting({
    env: 'KAFKA_COMPRESSION',
    flag: 'kafka-compression',
    schema: oneOf(['gzip', 'none']),
    default: 'gzip',
    allowed: 'gzip or none',
    doc: 'Compression of produced batches (gzip needs no native module).',
  }),
  // kafkajs has no static membership (no group.instance.id); a stopped member leaves the
  // group, but a killed one holds its partitions until its session expires. 10 s (heartbeat
  // every 1 s, see runtime.ts) moves them three times sooner than Kafka's 30 s; kafkajs
  // heartbeats between batches and handler retries, so a single handler call must finish
  // within it.
  kafkaSessionTimeoutMs: setting({
    env: 'KAFKA_SESSION_TIMEOUT_MS',
    flag: 'kafka-session-timeout-ms',
    schema: integer(6_000, 300_000),
    default: 10_000,
    allowed: 'an integer number of milliseconds from 6000 to 300000',
    doc: 'How long Kafka waits for a silent consumer before giving its partitions to the others.',
  }),
  namespace: setting<string | undefined>({
    env: 'TICKSTREAM_NAMESPACE',
    flag: 'namespace',
    schema: fromString(
      z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]{0,39}$/)
        .optional(),
      (s) => (s === '' ? undefined : s),
    ),
    default: undefined,
    allowed: 'lower-case letters, digits and -, up to 40 characters',
    doc: 'Prefix of topic and consumer-group names, so deployments can share one Kafka cluster.',
  }),
  clickhouseUrl: setting<string | undefined>({
    env: 'CLICKHOUSE_URL',
    flag: 'clickhouse-url',
    schema: fromString(z.url({ protocol: /^https?$/ }).optional(), (s) =>
      s === '' ? undefined : s,
    ),
    default: undefined,
    allowed: 'an http(s) URL, e.g. http://clickhouse:8123',
    doc: 'ClickHouse server; unset runs chDB in-process under the data directory.',
  }),
  clickhouseUser: setting({
    env: 'CLICKHOUSE_USER',
    flag: 'clickhouse-user',
    schema: z.string().min(1),
    default: 'default',
    allowed: 'a user name',
    doc: 'ClickHouse server user.',
  }),
  clickhousePassword: setting({
    env: 'CLICKHOUSE_PASSWORD',
    flag: 'clickhouse-password',
    schema: z.string(),
    default: '',
    allowed: 'a string',
    doc: 'ClickHouse server password.',
    secret: true,
  }),
  clickhouseDatabase: setting({
    env: 'CLICKHOUSE_DATABASE',
    flag: 'clickhouse-database',
    schema: z.string().regex(IDENTIFIER),
    default: 'tickstream',
    allowed: 'an identifier: letters, digits and _, not starting with a digit',
    doc: 'Database holding tickstream tables (created when missing).',
  }),
  candleIntervals: setting({
    env: 'CANDLE_INTERVALS',
    flag: 'candle-intervals',
    schema: fromString(z.array(z.enum(INTERVALS)).min(1), (s) =>
      s.split(',').map((part) => part.trim()),
    ),
    default: ['1s', '1m', '5m'] as Interval[],
    allowed: 'a comma-separated list of 1s, 1m, 5m, 15m, 1h, 4h, 1d',
    doc: 'Candle intervals materialized from trades; coarser ones are rolled up at query time.',
  }),
  candleAllowedLatenessMs: setting({
    env: 'CANDLE_ALLOWED_LATENESS_MS',
    flag: 'candle-allowed-lateness-ms',
    schema: integer(0, 3_600_000),
    default: 2_000,
    allowed: 'an integer number of milliseconds from 0 to 3600000',
    doc: 'The watermark trails the newest trade time by this much; a candle is final once the watermark passes its end.',
  }),
  candleMaxLatenessMs: setting({
    env: 'CANDLE_MAX_LATENESS_MS',
    flag: 'candle-max-lateness-ms',
    schema: integer(0, 86_400_000),
    default: 60_000,
    allowed: 'an integer number of milliseconds from 0 to 86400000, at least the allowed lateness',
    doc: 'A trade later than this behind the newest one goes to the dead-letter topic; up to it, it revises its candle.',
  }),
  statsWindows: setting({
    env: 'STATS_WINDOWS',
    flag: 'stats-windows',
    schema: list(z.string().regex(/^\d{1,5}x(1s|1m|5m|15m|1h|4h|1d)$/)).pipe(
      z.array(z.string()).min(1),
    ),
    default: ['60x1s', '60x1m', '1440x1m'],
    allowed:
      'a comma-separated list of BARSxINTERVAL such as 60x1m (intervals must be materialized)',
    doc: 'Rolling statistics windows per symbol, in bars of a candle interval.',
  }),
  pairs: setting({
    env: 'PAIRS',
    flag: 'pairs',
    schema: list(
      z.string().regex(/^[A-Za-z0-9]{2,30}\/[A-Za-z0-9]{2,30}@(1s|1m|5m|15m|1h|4h|1d)$/),
    ),
    default: ['ETHUSDT/BTCUSDT@1m', 'ETHUSDT/BTCUSDT@1s'],
    allowed: 'a comma-separated list of Y/X@interval such as ETHUSDT/BTCUSDT@1m (y regressed on x)',
    doc: 'Pairs analysed continuously: y = first symbol regressed on x = second, on bars of the interval.',
  }),
  pairOlsWindow: setting({
    env: 'PAIR_OLS_WINDOW',
    flag: 'pair-ols-window',
    schema: integer(3, 100_000),
    default: 60,
    allowed: 'an integer number of bars from 3 to 100000',
    doc: 'Bars in the rolling regression (hedge ratio) window; also the window of ADF, cointegration, half-life and Hurst.',
  }),
  pairZScoreWindow: setting({
    env: 'PAIR_ZSCORE_WINDOW',
    flag: 'pair-zscore-window',
    schema: integer(2, 100_000),
    default: 20,
    allowed: 'an integer number of bars from 2 to 100000',
    doc: 'Bars of spread in the z-score window (sample std, ddof 1).',
  }),
  pairCorrWindow: setting({
    env: 'PAIR_CORR_WINDOW',
    flag: 'pair-corr-window',
    schema: integer(2, 100_000),
    default: 60,
    allowed: 'an integer number of bars from 2 to 100000',
    doc: 'Bars in the rolling correlation window (prices and log returns).',
  }),
  pairTestEvery: setting({
    env: 'PAIR_TEST_EVERY',
    flag: 'pair-test-every',
    schema: integer(1, 100_000),
    default: 1,
    allowed: 'an integer number of bars from 1 to 100000',
    doc: 'Run the ADF and cointegration tests every k aligned bars (the other figures update on every bar).',
  }),
  zScoreEntry: setting({
    env: 'ZSCORE_ENTRY',
    flag: 'zscore-entry',
    schema: decimal(0, 100),
    default: 2,
    allowed: 'a number from 0 to 100',
    doc: 'A z-score beyond ±this raises a zscore-entry alert.',
  }),
  zScoreExit: setting({
    env: 'ZSCORE_EXIT',
    flag: 'zscore-exit',
    schema: decimal(0, 100),
    default: 0.5,
    allowed: 'a number from 0 to 100, below the entry threshold',
    doc: 'After an entry, a z-score back within ±this raises a zscore-exit alert.',
  }),
  correlationBreak: setting({
    env: 'CORRELATION_BREAK',
    flag: 'correlation-break',
    schema: decimal(-1, 1),
    default: 0.5,
    allowed: 'a number from -1 to 1',
    doc: 'A price correlation falling below this raises a correlation-break alert.',
  }),
  adfPValueLevel: setting({
    env: 'ADF_PVALUE_LEVEL',
    flag: 'adf-pvalue-level',
    schema: decimal(0, 1),
    default: 0.05,
    allowed: 'a number from 0 to 1',
    doc: 'The ADF p-value crossing this level raises adf-stationary / adf-non-stationary alerts.',
  }),
  processorFlushIntervalMs: setting({
    env: 'PROCESSOR_FLUSH_INTERVAL_MS',
    flag: 'processor-flush-interval-ms',
    schema: integer(10, 60_000),
    default: 250,
    allowed: 'an integer number of milliseconds from 10 to 60000',
    doc: 'How often processors write buffered output; also the throttle of partial candle updates.',
  }),
  processorLagDegradedRecords: setting({
    env: 'PROCESSOR_LAG_DEGRADED_RECORDS',
    flag: 'processor-lag-degraded-records',
    schema: integer(1, 1_000_000_000),
    default: 100_000,
    allowed: 'an integer number of records from 1 to 1000000000',
    doc: 'A processor whose input lag stays above this many records, without shrinking, for PROCESSOR_LAG_DEGRADED_MS is degraded in /health.',
  }),
  processorLagDegradedMs: setting({
    env: 'PROCESSOR_LAG_DEGRADED_MS',
    flag: 'processor-lag-degraded-ms',
    schema: integer(1_000, 3_600_000),
    default: 60_000,
    allowed: 'an integer number of milliseconds from 1000 to 3600000',
    doc: 'How long a lag above PROCESSOR_LAG_DEGRADED_RECORDS may go on without shrinking before the processor is degraded.',
  }),
  shutdownTimeoutMs: setting({
    env: 'SHUTDOWN_TIMEOUT_MS',
    flag: 'shutdown-timeout-ms',
    schema: integer(100, 600_000),
    default: 8_000,
    allowed: 'an integer number of milliseconds from 100 to 600000',
    doc: 'Longest a graceful stop (SIGTERM, SIGINT) may take; past it the process logs what it abandoned and exits.',
  }),
  opsPort: setting({
    env: 'OPS_PORT',
    flag: 'ops-port',
    schema: integer(0, 65535),
    default: 0,
    allowed: 'an integer from 0 to 65535 (0 turns it off)',
    doc: 'Port of /metrics and /health for the ingest and process roles (the api role serves them on its own port).',
  }),
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
  symbols: setting({
    env: 'SYMBOLS',
    flag: 'symbols',
    schema: fromString(z.array(z.string().regex(/^[A-Z0-9]{2,30}$/)).min(1), (s) =>
      s.split(',').map((part) => part.trim().toUpperCase()),
    ),
    default: ['BTCUSDT', 'ETHUSDT'],
    allowed: 'a comma-separated list of symbols such as BTCUSDT,ETHUSDT',
    doc: 'Symbols to ingest.',
  }),
  exchangeName: setting({
    env: 'EXCHANGE_NAME',
    flag: 'exchange-name',
    schema: z.string().regex(/^[a-z0-9-]{2,40}$/),
    default: 'binance-futures',
    allowed: 'lower-case letters, digits and -, e.g. binance-futures',
    doc: 'The exchange field of ingested trades (binance-futures for Binance USD-M).',
  }),
  binanceWsUrl: setting({
    env: 'BINANCE_WS_URL',
    flag: 'binance-ws-url',
    schema: z.url({ protocol: /^wss?$/ }),
    default: 'wss://fstream.binance.com',
    allowed: 'a ws(s) URL, e.g. ws://127.0.0.1:9443 for the mock exchange',
    doc: 'Binance USD-M WebSocket base URL.',
  }),
  binanceStreamPath: setting({
    env: 'BINANCE_STREAM_PATH',
    flag: 'binance-stream-path',
    schema: z.string().regex(/^\/[A-Za-z0-9/_-]*$/),
    default: '/market/stream',
    allowed: 'a URL path such as /market/stream (or the retired /stream)',
    doc: 'Combined-stream path; Binance serves trade streams on /market/stream since 2026.',
  }),
  binanceRestUrl: setting({
    env: 'BINANCE_REST_URL',
    flag: 'binance-rest-url',
    schema: z.url({ protocol: /^https?$/ }),
    default: 'https://fapi.binance.com',
    allowed: 'an http(s) URL',
    doc: 'Binance USD-M REST base URL, used to backfill gaps.',
  }),
  binanceStream: setting({
    env: 'BINANCE_STREAM',
    flag: 'binance-stream',
    schema: oneOf(['trade', 'aggTrade']),
    default: 'trade',
    allowed: 'trade or aggTrade',
    doc: 'Which trade stream to ingest: every fill (@trade) or aggregates (@aggTrade).',
  }),
  binanceApiKey: setting({
    env: 'BINANCE_API_KEY',
    flag: 'binance-api-key',
    schema: z.string(),
    default: '',
    allowed: 'a Binance API key, or empty',
    doc: 'Sent as X-MBX-APIKEY to the REST trade history when set.',
    secret: true,
  }),
  ingestBackfill: setting({
    env: 'INGEST_BACKFILL',
    flag: 'ingest-backfill',
    schema: boolean(),
    default: true,
    allowed: 'true or false',
    doc: 'Fill trade id gaps from the exchange REST history.',
  }),
  ingestResumeLookbackMs: setting({
    env: 'INGEST_RESUME_LOOKBACK_MS',
    flag: 'ingest-resume-lookback-ms',
    schema: integer(0, 7 * 86_400_000),
    default: 600_000,
    allowed: 'an integer number of milliseconds from 0 (off) to 604800000 (7 days)',
    doc: 'On start, the exchange source continues after the last trade id per symbol found in this much of md.trades.v1, so trades missed while ingest was down are backfilled as a gap.',
  }),
  ingestTailCheckMs: setting({
    env: 'INGEST_TAIL_CHECK_MS',
    flag: 'ingest-tail-check-ms',
    schema: integer(1_000, 3_600_000),
    default: 30_000,
    allowed: 'an integer number of milliseconds from 1000 to 3600000',
    doc: 'A symbol without a trade for this long is checked again against the exchange REST history (one request per quiet symbol per period), so trades missed at the end of a connection are backfilled even when no later trade shows the gap.',
  }),
  ingestStaleAfterMs: setting({
    env: 'INGEST_STALE_AFTER_MS',
    flag: 'ingest-stale-after-ms',
    schema: integer(1_000, 3_600_000),
    default: 30_000,
    allowed: 'an integer number of milliseconds from 1000 to 3600000',
    doc: 'Ingest health is down when no exchange connection has been open, or the event log not writable, for longer than this; degraded when no market data arrived for this long.',
  }),
  ingestSource: setting({
    env: 'INGEST_SOURCE',
    flag: 'ingest-source',
    schema: oneOf(['binance', 'synthetic', 'replay']),
    default: 'binance',
    allowed: 'one of binance, synthetic, replay',
    doc: 'Where ingest reads trades: the exchange (or mock exchange), the synthetic generator, or files.',
  }),
  ingestReplayFiles: setting({
    env: 'INGEST_REPLAY_FILES',
    flag: 'ingest-replay-files',
    schema: list(z.string().min(1)),
    default: [],
    allowed: 'a comma-separated list of JSONL or Binance CSV files (.gz and .zip too)',
    doc: 'Files the replay source reads.',
  }),
  ingestReplaySpeed: setting<number | 'max'>({
    env: 'INGEST_REPLAY_SPEED',
    flag: 'ingest-replay-speed',
    schema: fromString(z.union([z.literal('max'), z.number().positive()]), (s) =>
      s === 'max' ? s : /^\d+(\.\d+)?$/.test(s) ? Number(s) : s,
    ),
    default: 1,
    allowed: 'max, or a positive number (1 = recorded pace)',
    doc: 'Pace of the replay and synthetic sources: 1 = recorded pace (real time), N = N× faster, max = as fast as possible.',
  }),
  ingestSyntheticSeed: setting({
    env: 'INGEST_SYNTHETIC_SEED',
    flag: 'ingest-synthetic-seed',
    schema: integer(0, 2 ** 31 - 1),
    default: 42,
    allowed: 'a non-negative integer',
    doc: 'Seed of the synthetic trade generator (same seed, same trades).',
  }),
  ingestBatchSize: setting({
    env: 'INGEST_BATCH_SIZE',
    flag: 'ingest-batch-size',
    schema: integer(1, 100_000),
    default: 2000,
    allowed: 'an integer from 1 to 100000',
    doc: 'Most trades per produce call.',
  }),
  ingestLingerMs: setting({
    env: 'INGEST_LINGER_MS',
    flag: 'ingest-linger-ms',
    schema: integer(0, 10_000),
    default: 5,
    allowed: 'an integer from 0 to 10000',
    doc: 'Longest a trade waits for its batch to fill before it is produced.',
  }),
  ingestStatusIntervalMs: setting({
    env: 'INGEST_STATUS_INTERVAL_MS',
    flag: 'ingest-status-interval-ms',
    schema: integer(0, 3_600_000),
    default: 10_000,
    allowed: 'an integer from 0 (off) to 3600000',
    doc: 'Period of the ingest status line.',
  }),
  ingestRecordPath: setting({
    env: 'INGEST_RECORD_PATH',
    flag: 'ingest-record-path',
    schema: z.string(),
    default: '',
    allowed: 'a file path (.gz compresses), or empty for none',
    doc: 'Also append every raw message ingest reads to this JSONL file.',
  }),
  mockExchangePort: setting({
    env: 'MOCK_EXCHANGE_PORT',
    flag: 'mock-exchange-port',
    schema: integer(0, 65535),
    default: 9443,
    allowed: 'an integer from 0 to 65535',
    doc: 'Port of the mock exchange (WebSocket and REST on the same port).',
  }),
} as const;

export type SettingName = keyof typeof SETTINGS;
export type Config = {
  readonly [K in SettingName]: (typeof SETTINGS)[K] extends SettingDefinition<infer T> ? T : never;
};

export interface LoadConfigInput {
  /** Usually process.env; only entry points pass it. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Values from command-line flags, by setting name (strings as typed). */
  readonly flags?: Readonly<Partial<Record<SettingName, unknown>>>;
  /** A JSON file of `{ settingName: value }`; TICKSTREAM_CONFIG names one too. */
  readonly file?: string;
}

function describeValue(value: unknown, secret: boolean | undefined): string {
  if (secret) return '(hidden)';
  return typeof value === 'string'
    ? JSON.stringify(value)
    : (JSON.stringify(value) ?? String(value));
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`Cannot read the config file ${path}: ${reason}`, [reason]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`The config file ${path} is not valid JSON: ${reason}`, [reason]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`The config file ${path} must hold a JSON object of settings`, []);
  }
  const unknownKeys = Object.keys(parsed).filter((k) => !(k in SETTINGS));
  if (unknownKeys.length > 0) {
    const problem = `unknown setting(s) ${unknownKeys.join(', ')}; known: ${Object.keys(SETTINGS).join(', ')}`;
    throw new ConfigError(`The config file ${path} has ${problem}`, [problem]);
  }
  return parsed as Record<string, unknown>;
}

/**
 * Builds the configuration from defaults < config file < environment < flags, validating
 * every value. Throws one ConfigError listing every invalid setting, each with where the
 * value came from, the value and what is allowed.
 */
export function loadConfig(input: LoadConfigInput = {}): Config {
  const env = input.env ?? {};
  const flags = input.flags ?? {};
  const filePath = input.file ?? env['TICKSTREAM_CONFIG'];
  const file = filePath ? readConfigFile(filePath) : {};

  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, def] of Object.entries(SETTINGS) as [
    SettingName,
    SettingDefinition<unknown>,
  ][]) {
    let raw: unknown = def.default;
    let source: Source = 'default';
    if (name in file) [raw, source] = [file[name], 'file'];
    const fromEnv = env[def.env];
    if (fromEnv !== undefined) [raw, source] = [fromEnv, 'env'];
    const fromFlag = flags[name];
    if (fromFlag !== undefined) [raw, source] = [fromFlag, 'flag'];
    if (source === 'default') {
      values[name] = def.default;
      continue;
    }
    const parsed = def.schema.safeParse(raw);
    if (parsed.success) {
      values[name] = parsed.data;
    } else {
      const where =
        source === 'env' ? def.env : source === 'flag' ? `--${def.flag}` : `${name} in ${filePath}`;
      problems.push(`${where} = ${describeValue(raw, def.secret)}: expected ${def.allowed}`);
    }
  }

  if (problems.length === 0 && values['eventLog'] === 'kafka') {
    const brokers = values['kafkaBrokers'];
    if (!Array.isArray(brokers) || brokers.length === 0) {
      problems.push(
        `TICKSTREAM_EVENT_LOG = "kafka" needs KAFKA_BROKERS (--kafka-brokers), e.g. KAFKA_BROKERS=localhost:9092`,
      );
    }
  }
  if (
    problems.length === 0 &&
    Number(values['candleMaxLatenessMs']) < Number(values['candleAllowedLatenessMs'])
  ) {
    problems.push(
      `CANDLE_MAX_LATENESS_MS = ${String(values['candleMaxLatenessMs'])} is below CANDLE_ALLOWED_LATENESS_MS = ${String(values['candleAllowedLatenessMs'])}: it must be at least as large`,
    );
  }
  if (problems.length === 0 && Number(values['zScoreExit']) >= Number(values['zScoreEntry'])) {
    problems.push(
      `ZSCORE_EXIT = ${String(values['zScoreExit'])} must be below ZSCORE_ENTRY = ${String(values['zScoreEntry'])}`,
    );
  }
  if (problems.length > 0) {
    throw new ConfigError(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      problems,
    );
  }
  return values as Config;
}

/** The event log a configuration selects: explicit, or Kafka when brokers are given. */
export function eventLogKind(config: Config): 'embedded' | 'kafka' {
  if (config.eventLog !== 'auto') return config.eventLog;
  return config.kafkaBrokers.length > 0 ? 'kafka' : 'embedded';
}
