import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TickstreamError } from '../errors';
import { silentLogger, type Logger } from '../logger';
import type { ClickHouseClient } from './client';
import { toStorageError } from './errors';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
  readonly checksum: string;
}

export interface MigrateResult {
  readonly applied: readonly number[];
  readonly alreadyApplied: readonly number[];
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Splits a migration file into statements: `;` at the end of a line ends one. */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) =>
      s
        .split('\n')
        .filter((line) => !line.trim().startsWith('--'))
        .join('\n')
        .trim(),
    )
    .filter((s) => s.length > 0);
}

export async function loadMigrations(dir: string): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_PATTERN.exec(file);
    if (!match?.[1] || !match[2]) {
      throw new TickstreamError(
        'MIGRATION_NAME',
        `migration file ${file} in ${dir} must be named NNNN_snake_name.sql`,
      );
    }
    const sql = await readFile(join(dir, file), 'utf8');
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) {
      throw new TickstreamError(
        'MIGRATION_DUPLICATE',
        `two migrations have number ${match[1]} in ${dir}`,
      );
    }
    migrations.push({
      version,
      name: match[2],
      statements: splitStatements(sql),
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  return migrations;
}

const LEDGER_DDL = `CREATE TABLE IF NOT EXISTS schema_migrations
(
  version UInt32,
  name String,
  checksum String,
  applied_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(applied_at)
ORDER BY version`;

/**
 * Applies each numbered migration once, in order, recording it in `schema_migrations`.
 *
 * ClickHouse has no transactions or locks, so safety under concurrent runs comes from the
 * statements themselves: every migration must be idempotent (IF NOT EXISTS / IF EXISTS),
 * which a test checks for the project's migrations. Two migrators racing both apply the
 * same idempotent statements and record the same version; the ledger collapses duplicates.
 */
export async function migrate(
  client: ClickHouseClient,
  migrations: readonly Migration[],
  logger: Logger = silentLogger,
): Promise<MigrateResult> {
  try {
    await client.command({ query: LEDGER_DDL });
    const result = await client.query({
      query:
        'SELECT version, argMax(checksum, applied_at) AS checksum FROM schema_migrations GROUP BY version',
      format: 'JSONEachRow',
    });
    const ledger = new Map(
      (await result.json<{ version: number; checksum: string }>()).map((r) => [
        Number(r.version),
        r.checksum,
      ]),
    );
    const applied: number[] = [];
    const alreadyApplied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      const recorded = ledger.get(migration.version);
      if (recorded !== undefined) {
        if (recorded !== migration.checksum) {
          throw new TickstreamError(
            'MIGRATION_CHANGED',
            `migration ${migration.version} (${migration.name}) was changed after it was applied; ` +
              'restore the file and add a new numbered migration for the change',
          );
        }
        alreadyApplied.push(migration.version);
        continue;
      }
      for (const statement of migration.statements) {
        await client.command({ query: statement });
      }
      await client.insert({
        table: 'schema_migrations',
        format: 'JSONEachRow',
        values: [
          {
            version: migration.version,
            name: migration.name,
            checksum: migration.checksum,
            applied_at: Date.now(),
          },
        ],
      });
      logger.info({ version: migration.version, migration: migration.name }, 'migration applied');
      applied.push(migration.version);
    }
    return { applied, alreadyApplied };
  } catch (error) {
    if (error instanceof TickstreamError) throw error;
    throw toStorageError(error, 'applying ClickHouse migrations');
  }
}
