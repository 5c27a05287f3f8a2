import {
  loadMigrations,
  migrate,
  silentLogger,
  topicSpecs,
  type ClickHouseHandle,
} from '@tickstream/core';
import { createMetricsRegistry } from '@tickstream/core';
import { MIGRATIONS_DIR } from '@tickstream/schema';
import {
  dropDatabase,
  openTestClickHouse,
  openTestLog,
  type AdapterName,
  type TestLog,
} from '@tickstream/testkit';
import { buildApi, type Api } from '../../src/build-api';
import type { ApiOptions, ApiSettings } from '../../src/options';

export interface ApiHarness {
  readonly ch: ClickHouseHandle;
  readonly log: TestLog;
  readonly api: Api;
  /** A request to the app in process. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** A GraphQL POST in process; the parsed body and status. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: GraphQLBody<T> }>;
  cleanup(): Promise<void>;
}

export interface GraphQLBody<T> {
  readonly data?: T | null;
  readonly errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

export const BASE = 'http://tickstream.test';

/** An API over its own chDB database and its own event log, migrated and with topics made. */
export async function openApiHarness(
  options: {
    settings?: Partial<ApiSettings>;
    adapter?: AdapterName;
    extra?: Partial<Omit<ApiOptions, 'eventLog' | 'clickhouse' | 'logger' | 'metrics'>>;
  } = {},
): Promise<ApiHarness> {
  const ch = await openTestClickHouse('api');
  await migrate(ch.client, await loadMigrations(MIGRATIONS_DIR));
  const log = await openTestLog(options.adapter ?? 'embedded');
  await log.log.createTopics(topicSpecs());
  const api = buildApi({
    eventLog: log.log,
    clickhouse: ch.client,
    logger: silentLogger,
    metrics: createMetricsRegistry({ role: 'api' }),
    settings: { rateLimitPerMinute: 0, ...options.settings },
    ...options.extra,
  });
  await api.ready();
  const fetch = async (path: string, init: RequestInit = {}) =>
    api.yoga.fetch(`${BASE}${path}`, init);
  return {
    ch,
    log,
    api,
    fetch,
    async gql<T>(
      query: string,
      variables: Record<string, unknown> = {},
      headers: Record<string, string> = {},
    ) {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as GraphQLBody<T> };
    },
    async cleanup() {
      await api.close();
      await log.cleanup();
      await dropDatabase(ch);
    },
  };
}
