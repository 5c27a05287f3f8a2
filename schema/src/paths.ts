import { join } from 'node:path';

/** Numbered ClickHouse migrations (`NNNN_name.sql`), applied in order by core's migrator. */
export const MIGRATIONS_DIR = join(__dirname, '..', 'migrations');
