import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS_DIR } from '@tickstream/schema';
import type { ClickHouseHandle } from '../../src/clickhouse/client';
import { toStorageError } from '../../src/clickhouse/errors';
import { loadMigrations, migrate } from '../../src/clickhouse/migrator';
import { StorageError, TickstreamError } from '../../src/errors';
import { dropDatabase, openTestClickHouse } from '@tickstream/testkit';

async function rows<T>(ch: ClickHouseHandle, query: string, params: Record<string, unknown> = {}) {
  const result = await ch.client.query({ query, query_params: params, format: 'JSONEachRow' });
  return result.json<T>();
}

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tickstream-migrations-'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

describe('the ClickHouse client factory', () => {
  let ch: ClickHouseHandle;
  beforeEach(async () => {
    ch = await openTestClickHouse('factory');
  });
  afterEach(async () => {
    await dropDatabase(ch);
  });

  it('opens a session whose current database is the configured one', async () => {
    const [row] = await rows<{ db: string }>(ch, 'SELECT currentDatabase() AS db');
    expect(row?.db).toBe(ch.database);
    expect(ch.kind).toBe(process.env['CLICKHOUSE_URL'] ? 'server' : 'chdb');
  });

  it('binds parameters in the engine, so hostile strings are values and never SQL', async () => {
    await ch.client.command({
      query: 'CREATE TABLE notes (id UInt32, text String) ENGINE = MergeTree ORDER BY id',
    });
    const hostile = [
      "x'); DROP TABLE notes; --",
      "' OR 1=1 --",
      '{id:UInt32}',
      "\\'; SELECT 1",
      'multi\nline\ttext "quoted"',
    ];
    for (const [i, text] of hostile.entries()) {
      await ch.client.command({
        query: 'INSERT INTO notes SELECT {id:UInt32}, {text:String}',
        query_params: { id: i, text },
      });
    }
    const stored = await rows<{ id: number; text: string }>(
      ch,
      'SELECT id, text FROM notes ORDER BY id',
    );
    expect(stored.map((r) => r.text)).toEqual(hostile);
    const matched = await rows<{ n: string }>(
      ch,
      'SELECT count() AS n FROM notes WHERE text = {t:String}',
      {
        t: "' OR 1=1 --",
      },
    );
    expect(Number(matched[0]?.n)).toBe(1);
  });

  it('type-checks parameters in the engine: a value that does not fit its type is refused', async () => {
    for (const n of ['abc', '1; DROP TABLE x', -1]) {
      const error = await ch.client
        .query({ query: 'SELECT {n:UInt8} AS n', query_params: { n }, format: 'JSONEachRow' })
        .then(
          () => undefined,
          (e: unknown) => toStorageError(e, 'bad parameter'),
        );
      expect(error?.code).toBe('BAD_QUERY_PARAMETER');
    }
    const [ok] = await rows<{ n: number }>(ch, 'SELECT {n:UInt8} AS n', { n: 200 });
    expect(ok?.n).toBe(200);
  });

  it('round-trips millisecond timestamps through DateTime64(3) exactly', async () => {
    await ch.client.command({
      query: "CREATE TABLE times (t DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY t",
    });
    const times = [0, 1_721_347_022_700, 1_721_347_022_701, 1_795_534_723_993];
    await ch.client.insert({
      table: 'times',
      format: 'JSONEachRow',
      values: times.map((t) => ({ t })),
    });
    const back = await rows<{ ms: string }>(
      ch,
      'SELECT toUnixTimestamp64Milli(t) AS ms FROM times ORDER BY t',
    );
    expect(back.map((r) => Number(r.ms))).toEqual(times);
  });

  it('maps engine errors to a StorageError that keeps the ClickHouse code and type', async () => {
    const error = await ch.client.query({ query: 'SELECT * FROM no_such_table' }).then(
      () => undefined,
      (e: unknown) => toStorageError(e, 'reading no_such_table'),
    );
    expect(error).toBeInstanceOf(StorageError);
    expect(error?.code).toBe('UNKNOWN_TABLE');
    expect(error?.clickhouseCode).toBe('60');
    expect(error?.retriable).toBe(false);
    expect(error?.message).toContain('reading no_such_table');
  });
});

describe('the migrator', () => {
  let ch: ClickHouseHandle;
  beforeEach(async () => {
    ch = await openTestClickHouse('migrator');
  });
  afterEach(async () => {
    await dropDatabase(ch);
  });

  const files = {
    '0001_first.sql':
      'CREATE TABLE IF NOT EXISTS a (x UInt32) ENGINE = MergeTree ORDER BY x;\n' +
      '-- a comment line\nCREATE TABLE IF NOT EXISTS b (y UInt32) ENGINE = MergeTree ORDER BY y;\n',
    '0002_second.sql': 'ALTER TABLE a ADD COLUMN IF NOT EXISTS z String;\n',
  };

  it('applies each numbered migration once, in order, and records it', async () => {
    const migrations = await loadMigrations(migrationsDir(files));
    expect(migrations.map((m) => [m.version, m.name, m.statements.length])).toEqual([
      [1, 'first', 2],
      [2, 'second', 1],
    ]);
    const first = await migrate(ch.client, migrations);
    expect(first).toEqual({ applied: [1, 2], alreadyApplied: [] });
    const second = await migrate(ch.client, migrations);
    expect(second).toEqual({ applied: [], alreadyApplied: [1, 2] });
    const columns = await rows<{ name: string }>(
      ch,
      'SELECT name FROM system.columns WHERE database = {db:String} AND table = {t:String} ORDER BY position',
      { db: ch.database, t: 'a' },
    );
    expect(columns.map((c) => c.name)).toEqual(['x', 'z']);
    const ledger = await rows<{ version: number }>(
      ch,
      'SELECT version FROM schema_migrations FINAL ORDER BY version',
    );
    expect(ledger.map((r) => r.version)).toEqual([1, 2]);
  });

  it('is safe to run concurrently: two migrators racing leave one consistent result', async () => {
    const migrations = await loadMigrations(migrationsDir(files));
    const other = await openTestClickHouse('migrator_peer');
    try {
      await other.client.command({
        query: `USE ${'{db:Identifier}'}`,
        query_params: { db: ch.database },
      });
      const results = await Promise.all([
        migrate(ch.client, migrations),
        migrate(other.client, migrations),
      ]);
      for (const r of results) expect([...r.applied, ...r.alreadyApplied].sort()).toEqual([1, 2]);
      const ledger = await rows<{ version: number }>(
        ch,
        'SELECT DISTINCT version FROM schema_migrations ORDER BY version',
      );
      expect(ledger.map((r) => r.version)).toEqual([1, 2]);
      expect(await migrate(ch.client, migrations)).toEqual({ applied: [], alreadyApplied: [1, 2] });
    } finally {
      await dropDatabase(other);
    }
  });

  it('refuses to continue when an applied migration was edited, and says what to do', async () => {
    await migrate(ch.client, await loadMigrations(migrationsDir(files)));
    const edited = await loadMigrations(
      migrationsDir({
        ...files,
        '0002_second.sql': 'ALTER TABLE a ADD COLUMN IF NOT EXISTS w String;\n',
      }),
    );
    await expect(migrate(ch.client, edited)).rejects.toThrow(
      /migration 2 \(second\) was changed after it was applied; restore the file and add a new numbered migration/,
    );
    await expect(migrate(ch.client, edited)).rejects.toBeInstanceOf(TickstreamError);
  });

  it('rejects badly named migration files with the naming rule', async () => {
    await expect(loadMigrations(migrationsDir({ '1_bad.sql': 'SELECT 1' }))).rejects.toThrow(
      /must be named NNNN_snake_name\.sql/,
    );
  });

  it("applies the project's own migrations, and applying their statements twice changes nothing", async () => {
    const migrations = await loadMigrations(MIGRATIONS_DIR);
    expect(migrations.length).toBeGreaterThan(0);
    await migrate(ch.client, migrations);
    const before = await rows<{ name: string; create_table_query: string }>(
      ch,
      'SELECT name, create_table_query FROM system.tables WHERE database = {db:String} ORDER BY name',
      { db: ch.database },
    );
    for (const m of migrations) for (const s of m.statements) await ch.client.command({ query: s });
    const after = await rows<{ name: string; create_table_query: string }>(
      ch,
      'SELECT name, create_table_query FROM system.tables WHERE database = {db:String} ORDER BY name',
      { db: ch.database },
    );
    expect(after).toEqual(before);
    expect(before.map((t) => t.name)).toEqual(
      expect.arrayContaining(['schema_migrations', 'trades']),
    );
  });
});
