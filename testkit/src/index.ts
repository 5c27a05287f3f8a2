// Test-only: imported by tests (and test helpers) as '@tickstream/testkit', never by a
// package's src/. Jest and tsconfig.check.json map it to this folder; it has no build.
export { dropDatabase, openTestClickHouse, uniqueName } from './clickhouse';
export { adaptersUnderTest, kafkaClientUnderTest, openTestLog } from './event-logs';
export { mulberry32 } from './random';
export { zipOne } from './zip';
export type { AdapterName, TestLog } from './event-logs';
export { CHDB_HTTP_SERVER_SCRIPT, startChdbHttpServer } from './chdb-http-server';
export type {
  ChdbHttpServer,
  ChdbHttpServerOptions,
  ChdbHttpServerStats,
} from './chdb-http-server';
