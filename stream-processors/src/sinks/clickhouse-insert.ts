import { toStorageError, type ClickHouseClient } from '@tickstream/core';

// Every Float64 parsed to the exact double it was written as. ClickHouse's default (fast)
// parser is one ulp off for about 1 number in 300; the pair stage reads candles and its own
// figures back to rebuild its state after a restart, and must then hold the numbers an
// uninterrupted run holds, to the last bit. Not in the client's settings type (ClickHouse
// has it since 23.7, chDB too).
const EXACT_FLOATS: Record<string, number> = { precise_float_parsing: 1 };

/**
 * One INSERT of many rows; errors come back as StorageError with a retriable flag.
 *
 * Rows are sent as JSONCompactEachRow with the column list taken from the first row: the
 * values are parsed exactly as in JSONEachRow, but ClickHouse no longer matches a key for
 * every field of every row, which made inserts (chDB especially) 2–3× slower. Every row
 * must have the first row's keys, as the row mappers in @tickstream/schema guarantee. Floats
 * are parsed exactly (below).
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
    await client.insert({
      table,
      values,
      columns,
      format: 'JSONCompactEachRow',
      clickhouse_settings: EXACT_FLOATS,
    });
  } catch (error) {
    throw toStorageError(error, `inserting ${rows.length} rows into ${table}`);
  }
}
