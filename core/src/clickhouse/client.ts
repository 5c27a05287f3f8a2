import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { silentLogger, type Logger } from '../logger';

export type { ClickHouseClient } from '@clickhouse/client';

export interface ClickHouseOptions {
  /** A ClickHouse server's HTTP URL; without one, chDB runs the engine in this process. */
  readonly url?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** Created when missing. */
  readonly database: string;
  /** chDB's data directory (only used without `url`). One process owns it at a time. */
  readonly chdbPath?: string;
  readonly logger?: Logger;
}

type ClientLoggerClass = NonNullable<
  NonNullable<NonNullable<Parameters<typeof createClient>[0]>['log']>['LoggerClass']
>;

interface ClientLogParams {
  readonly module: string;
  readonly message: string;
  readonly args?: Record<string, unknown>;
  readonly err?: Error;
}

/**
 * Routes @clickhouse/client's own log lines into ours. Its request errors reach callers as
 * StorageError anyway, so they are debug detail here rather than console noise.
 */
function clientLoggerClass(logger: Logger): ClientLoggerClass {
  const line = (p: ClientLogParams) =>
    [
      { component: `clickhouse-client.${p.module}`, ...p.args, ...(p.err ? { err: p.err } : {}) },
      p.message,
    ] as const;
  return class {
    trace(): void {}
    debug(p: ClientLogParams): void {
      logger.debug(...line(p));
    }
    info(p: ClientLogParams): void {
      logger.debug(...line(p));
    }
    warn(p: ClientLogParams): void {
      logger.warn(...line(p));
    }
    error(p: ClientLogParams): void {
      logger.debug(...line(p));
    }
  };
}

/** Settings every query runs with, in both modes: 64-bit integers as JSON numbers. */
const SESSION_SETTINGS = { output_format_json_quote_64bit_integers: 0 } as const;

export interface ClickHouseHandle {
  readonly client: ClickHouseClient;
  readonly kind: 'server' | 'chdb';
  readonly database: string;
  close(): Promise<void>;
}

/**
 * The one place that decides between a ClickHouse server and in-process chDB. Every role
 * gets the same `@clickhouse/client` API either way, so the SQL is the same on both.
 */
export async function createClickHouse(options: ClickHouseOptions): Promise<ClickHouseHandle> {
  const logger = options.logger ?? silentLogger;
  if (options.url) {
    const log = { LoggerClass: clientLoggerClass(logger) };
    const bootstrap = createClient({
      log,
      url: options.url,
      username: options.username ?? 'default',
      password: options.password ?? '',
    });
    try {
      await bootstrap.command({
        query: 'CREATE DATABASE IF NOT EXISTS {db:Identifier}',
        query_params: { db: options.database },
      });
    } finally {
      await bootstrap.close();
    }
    const client = createClient({
      log,
      url: options.url,
      username: options.username ?? 'default',
      password: options.password ?? '',
      database: options.database,
      clickhouse_settings: SESSION_SETTINGS,
    });
    logger.info({ url: redactUrl(options.url), database: options.database }, 'ClickHouse server');
    return { client, kind: 'server', database: options.database, close: () => client.close() };
  }

  // Loaded lazily: a server deployment never touches the native engine.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createChdbConnection } = require('chdb/connection') as typeof import('chdb/connection');
  const path = resolve(options.chdbPath ?? '.data/chdb');
  mkdirSync(path, { recursive: true });
  // chdb builds against its own copy of @clickhouse/client-common, whose types are a
  // structurally equal but nominally different version of the client's; the runtime
  // contract is the same Connection interface.
  const connection = createChdbConnection({ path }) as unknown as NonNullable<
    Parameters<typeof createClient>[0]
  >['connection'];
  const client = createClient({ connection });
  // chDB ignores the client's `database` option; a chDB session keeps USE for its lifetime.
  await client.command({
    query: 'CREATE DATABASE IF NOT EXISTS {db:Identifier}',
    query_params: { db: options.database },
  });
  // chDB applies per-query settings to the whole session: set ours once, as the server's
  // client sends them with every query, so both modes read results the same way.
  await client.command({
    query: 'USE {db:Identifier}',
    query_params: { db: options.database },
    clickhouse_settings: SESSION_SETTINGS,
  });
  logger.info({ path, database: options.database }, 'chDB in-process ClickHouse');
  return { client, kind: 'chdb', database: options.database, close: () => client.close() };
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
