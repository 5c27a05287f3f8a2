import { toStorageError, type ClickHouseClient } from '@tickstream/core';

export const IMPORTED_CANDLES_TABLE = 'imported_candles';

export interface ImportedCandleRow {
  readonly symbol: string;
  readonly bar_interval: string;
  readonly bucket_start: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly trade_count: number;
  readonly upload_id: string;
  readonly uploaded_at: number;
}

export async function insertImportedCandles(
  client: ClickHouseClient,
  rows: readonly ImportedCandleRow[],
): Promise<void> {
  if (rows.length === 0) return;
  try {
    await client.insert({
      table: IMPORTED_CANDLES_TABLE,
      values: rows as ImportedCandleRow[],
      format: 'JSONEachRow',
    });
  } catch (error) {
    throw toStorageError(error, `storing ${rows.length} imported bars`);
  }
}
