import { join } from 'node:path';

/** Numbered ClickHouse migrations (`NNNN_name.sql`), applied in order by core's migrator. */
export const MIGRATIONS_DIR = join(__dirname, '..', 'migrations');

/** The GraphQL SDL of the API (`api/` serves it; TypeScript types are generated from it). */
export const GRAPHQL_SCHEMA_PATH = join(__dirname, '..', 'graphql', 'schema.graphql');
