import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClickHouse, type ClickHouseHandle } from '@tickstream/core';

// chDB binds one data directory per process while a connection is open; every test in a
// jest worker shares this directory and owns a uniquely named database inside it.
let chdbPath: string | undefined;

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** A ClickHouse with a fresh database: the server at CLICKHOUSE_URL if set, else chDB. */
export async function openTestClickHouse(prefix = 'test'): Promise<ClickHouseHandle> {
  chdbPath ??= mkdtempSync(join(tmpdir(), `tickstream-chdb-${process.pid}-`));
  return createClickHouse({
    url: process.env['CLICKHOUSE_URL'],
    database: uniqueName(prefix),
    chdbPath,
  });
}

export async function dropDatabase(handle: ClickHouseHandle): Promise<void> {
  await handle.client.command({
    query: 'DROP DATABASE IF EXISTS {db:Identifier}',
    query_params: { db: handle.database },
  });
  await handle.close();
}
