import { toStorageError, type ClickHouseClient } from '@tickstream/core';

export type Params = Readonly<Record<string, unknown>>;

// 64-bit integers (trade ids, counts, epoch ms) as JSON numbers: every value the API
// returns stays below 2^53.
const SETTINGS = { output_format_json_quote_64bit_integers: 0 } as const;

/** One SELECT with bound parameters; ClickHouse errors become StorageError here. */
export async function selectRows<T>(
  client: ClickHouseClient,
  query: string,
  params: Params,
  what: string,
): Promise<T[]> {
  try {
    const result = await client.query({
      query,
      query_params: params,
      format: 'JSONEachRow',
      clickhouse_settings: SETTINGS,
    });
    return await result.json<T>();
  } catch (error) {
    throw toStorageError(error, what);
  }
}

/** Rows as they arrive from ClickHouse, for exports that must not hold the result in memory. */
export async function* streamRows<T>(
  client: ClickHouseClient,
  query: string,
  params: Params,
  what: string,
): AsyncGenerator<T> {
  let result;
  try {
    result = await client.query({
      query,
      query_params: params,
      format: 'JSONEachRow',
      clickhouse_settings: SETTINGS,
    });
  } catch (error) {
    throw toStorageError(error, what);
  }
  const stream = result.stream<T>();
  try {
    for await (const rows of stream) {
      for (const row of rows) yield row.json<T>();
    }
  } catch (error) {
    throw toStorageError(error, what);
  } finally {
    stream.destroy();
  }
}

/** Far ends of a time range: DateTime64(3) holds years 1900 to 2299. */
export const TIME_MIN = 0;
export const TIME_MAX = 7_258_118_400_000; // 2200-01-01
