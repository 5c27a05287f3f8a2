import { toStorageError, type ClickHouseClient } from '@tickstream/core';

/** One INSERT of many rows; errors come back as StorageError with a retriable flag. */
export async function insertRows(
  client: ClickHouseClient,
  table: string,
  rows: readonly object[],
): Promise<void> {
  if (rows.length === 0) return;
  try {
    await client.insert({ table, values: rows as object[], format: 'JSONEachRow' });
  } catch (error) {
    throw toStorageError(error, `inserting ${rows.length} rows into ${table}`);
  }
}
