import {
  defineSection,
  fromString,
  integer,
  list,
  oneOf,
  setting,
  z,
  type SectionValues,
} from '@tickstream/schema';
import { DEFAULT_KAFKA_CLIENT, KAFKA_CLIENTS } from './event-log/kafka-client';

// The runtime every role shares: where data lives, the event log, ClickHouse, logging,
// shutdown and the ops port.

const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export const CORE_SETTINGS = {
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
  kafkaClient: setting({
    env: 'KAFKA_CLIENT',
    flag: 'kafka-client',
    schema: oneOf(KAFKA_CLIENTS),
    default: DEFAULT_KAFKA_CLIENT,
    allowed: 'kafkajs or platformatic',
    doc: 'Kafka client library: kafkajs, or @platformatic/kafka (idempotent producing with up to 5 requests in flight); both pass the same contract suite.',
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
} as const;

export const CORE_SECTION = defineSection({
  settings: CORE_SETTINGS,
  check: (values) =>
    values.eventLog === 'kafka' && values.kafkaBrokers.length === 0
      ? [
          `TICKSTREAM_EVENT_LOG = "kafka" needs KAFKA_BROKERS (--kafka-brokers), e.g. KAFKA_BROKERS=localhost:9092`,
        ]
      : [],
});

export type CoreSettings = SectionValues<typeof CORE_SECTION>;

/** The event log the settings select: explicit, or Kafka when brokers are given. */
export function eventLogKind(
  settings: Pick<CoreSettings, 'eventLog' | 'kafkaBrokers'>,
): 'embedded' | 'kafka' {
  if (settings.eventLog !== 'auto') return settings.eventLog;
  return settings.kafkaBrokers.length > 0 ? 'kafka' : 'embedded';
}
