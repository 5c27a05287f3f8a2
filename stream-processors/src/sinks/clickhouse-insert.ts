import { toStorageError, type ClickHouseClient } from '@tickstream/core';

/**
 * One INSERT of many rows; errors come back as StorageError with a retriable flag.
 *
 * Rows are sent as JSONCompactEachRow with the column list taken from the first row: the
 * values are parsed exactly as in JSONEachRow, but ClickHouse no longer matches a key for
 * every field of every row, which made inserts (chDB especially) 2–3× slower. Every row
 * must have the first row's keys, as the row mappers in @tickstream/schema guarantee.
 */
export async function insertRows(
  client: ClickHouseClient,
  table: string,
  rows: readonly object[],
): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const [head, ...rest] = Object.keys(first);
  if (head === undefined) throw new TypeError(`a row for ${table} has no columns`);
  const columns: [string, ...string[]] = [head, ...rest];
  const values = rows.map((row) => {
    const record = row as Readonly<Record<string, unknown>>;
    return columns.map((column) => record[column]);
  });
  try {
    await client.insert({ table, values, columns, format: 'JSONCompactEachRow' });
  } catch (error) {
    throw toStorageError(error, `inserting ${rows.length} rows into ${table}`);
  }
}
