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

/** Far ends of a time range: DateTime64(3) holds years 1900 to 2299. */
export const TIME_MIN = 0;
export const TIME_MAX = 7_258_118_400_000; // 2200-01-01

// CSV printed by ClickHouse. Each expression below prints a value exactly as the row-by-row
// export printed it in JavaScript (`csvField` in http/csv.ts), so the bytes stay the same:
// ClickHouse prints a Float64 with the shortest digits that read back to the same double and
// switches to exponents at the same magnitudes (1e-7, 1e21) as JavaScript's String(number);
// only the sign of a positive exponent (1e21 against 1e+21), minus zero, and not-a-number
// and infinities (which JSON carried as null, printed empty) differ, and are mended here.

/** A Float64 (or Nullable, or integer) column as `String(value)` prints it; null, NaN, ±inf empty. */
export function csvNumber(column: string): string {
  const x = `assumeNotNull(${column})`;
  return `if(isFinite(ifNull(toFloat64(${column}), nan)), multiIf(${x} = 0, '0', abs(${x}) >= 1e21, replaceOne(toString(toFloat64(${x})), 'e', 'e+'), toString(toFloat64(${x}))), '')`;
}

/** A string quoted only when it holds a quote, comma or line break, quotes doubled. */
export function csvText(column: string): string {
  const s = `toString(${column})`;
  return `if(multiSearchAny(${s}, ['"', ',', '\\r', '\\n']), concat('"', replaceAll(${s}, '"', '""'), '"'), ${s})`;
}

/** Epoch milliseconds as `Date.prototype.toISOString` prints them (2024-07-19T00:00:00.000Z). */
export const csvIso = (msColumn: string) =>
  `concat(replaceOne(toString(fromUnixTimestamp64Milli(toInt64(${msColumn}), 'UTC')), ' ', 'T'), 'Z')`;

/** A condition as `true` or `false`. */
export const csvBoolean = (condition: string) => `if(${condition}, 'true', 'false')`;

/** One CSV column of an export: its name in the header and the SQL that prints its field. */
export interface CsvColumn {
  readonly name: string;
  readonly sql: string;
}

/** The export's header line (names only: none needs quoting). */
export const csvHeader = (columns: readonly CsvColumn[]) =>
  `${columns.map((c) => c.name).join(',')}\n`;

/** Bytes of CSV lines as ClickHouse sends them; destroy() stops the query. */
export type CsvLines = AsyncIterable<Uint8Array> & { destroy(): void };

/**
 * The rows of `query` as CSV lines printed by ClickHouse, streamed as it sends them: one
 * String column per row in `TabSeparatedRaw`, which writes each line unescaped and ends it
 * with a newline. A statement that fails before its first byte rejects here (StorageError).
 */
export async function streamCsvLines(
  client: ClickHouseClient,
  columns: readonly CsvColumn[],
  query: string,
  params: Params,
  what: string,
): Promise<CsvLines> {
  try {
    const result = await client.exec({
      query: `SELECT concat(${columns.map((c) => c.sql).join(", ',', ")}) AS line
              FROM (${query}) FORMAT TabSeparatedRaw`,
      query_params: params,
    });
    return result.stream;
  } catch (error) {
    throw toStorageError(error, what);
  }
}
