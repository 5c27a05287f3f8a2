import { randomUUID } from 'node:crypto';
import { INTERVAL_MS, INTERVALS } from '@tickstream/schema';
import { ApiError, isApiError } from '../errors';
import { insertImportedCandles, type ImportedCandleRow } from '../storage/imported-candles-store';
import { parseTimestamp } from './args';
import { tags, type OperationsDeps } from './context';

export const REQUIRED_COLUMNS = [
  'timestamp',
  'symbol',
  'interval',
  'open',
  'high',
  'low',
  'close',
  'volume',
] as const;
const MAX_REPORTED_REJECTIONS = 1_000;

export interface RejectedRow {
  readonly line: number;
  readonly reason: string;
}

export interface UploadSummary {
  readonly uploadId: string;
  readonly totalBars: number;
  readonly symbols: readonly string[];
  readonly intervals: readonly string[];
  readonly start: number;
  readonly end: number;
  readonly rejectedCount: number;
  /** The first 1,000 rejected rows, with their line numbers in the file. */
  readonly rejected: readonly RejectedRow[];
}

/** One CSV line into fields: commas, double-quoted fields with "" escapes. */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields.map((f) => f.trim());
}

function positive(value: string | undefined, name: string): number {
  const n = Number(value);
  if (value === undefined || value === '' || !Number.isFinite(n) || n <= 0) {
    throw new Error(`${name} must be a positive number, got ${JSON.stringify(value ?? '')}`);
  }
  return n;
}

function parseRow(
  fields: readonly string[],
  at: Readonly<Record<string, number>>,
  uploadId: string,
  uploadedAt: number,
): ImportedCandleRow {
  const get = (name: string) => {
    const i = at[name];
    return i === undefined ? undefined : fields[i];
  };
  let bucketStart: number;
  try {
    bucketStart = parseTimestamp(get('timestamp'), 'timestamp');
  } catch (error) {
    if (isApiError(error))
      throw new Error(
        `timestamp ${JSON.stringify(get('timestamp') ?? '')} is not an ISO-8601 time`,
      );
    throw error;
  }
  const symbol = (get('symbol') ?? '').toUpperCase();
  if (!/^[A-Z0-9]{2,30}$/.test(symbol)) {
    throw new Error(
      `symbol must be 2 to 30 letters and digits, got ${JSON.stringify(get('symbol') ?? '')}`,
    );
  }
  const interval = INTERVALS.find((i) => i === get('interval'));
  if (interval === undefined) {
    throw new Error(
      `interval must be one of ${INTERVALS.join(', ')}, got ${JSON.stringify(get('interval') ?? '')}`,
    );
  }
  if (bucketStart % INTERVAL_MS[interval] !== 0) {
    throw new Error(`timestamp is not on a ${interval} boundary`);
  }
  const open = positive(get('open'), 'open');
  const high = positive(get('high'), 'high');
  const low = positive(get('low'), 'low');
  const close = positive(get('close'), 'close');
  const volumeText = get('volume');
  const volume = Number(volumeText);
  if (volumeText === undefined || volumeText === '' || !Number.isFinite(volume) || volume < 0) {
    throw new Error(`volume must be a number >= 0, got ${JSON.stringify(volumeText ?? '')}`);
  }
  if (high < Math.max(open, close)) throw new Error(`high ${high} is below max(open, close)`);
  if (low > Math.min(open, close)) throw new Error(`low ${low} is above min(open, close)`);
  const countText = get('trade_count');
  let tradeCount = 0;
  if (countText !== undefined && countText !== '') {
    tradeCount = Number(countText);
    if (!Number.isSafeInteger(tradeCount) || tradeCount < 0) {
      throw new Error(`trade_count must be an integer >= 0, got ${JSON.stringify(countText)}`);
    }
  }
  return {
    symbol,
    bar_interval: interval,
    bucket_start: bucketStart,
    open,
    high,
    low,
    close,
    volume,
    trade_count: tradeCount,
    upload_id: uploadId,
    uploaded_at: uploadedAt,
  };
}

/**
 * Validates every row of an OHLC CSV and stores the valid ones in `imported_candles`, where
 * they never replace a bar materialized from live trades. Rows that fail are reported with
 * their line numbers; a file without any valid row, or with a bad header, is refused whole.
 */
export async function importOhlcCsv(deps: OperationsDeps, text: string): Promise<UploadSummary> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.trim() !== '');
  if (headerIndex < 0) throw new ApiError('INVALID_UPLOAD', 'File is empty');
  const header = splitCsvLine(lines[headerIndex] as string).map((h) => h.toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new ApiError('INVALID_UPLOAD', `Missing required columns: ${missing.join(', ')}`, {
      missing,
    });
  }
  const at: Record<string, number> = {};
  header.forEach((name, i) => {
    if (!(name in at)) at[name] = i;
  });
  const uploadId = randomUUID();
  const uploadedAt = Date.now();
  const rows: ImportedCandleRow[] = [];
  const rejected: RejectedRow[] = [];
  let rejectedCount = 0;
  const seen = new Map<string, number>();
  const reject = (line: number, reason: string) => {
    rejectedCount += 1;
    if (rejected.length < MAX_REPORTED_REJECTIONS) rejected.push({ line, reason });
  };
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trim() === '') continue;
    const line = i + 1;
    const fields = splitCsvLine(raw);
    if (fields.length !== header.length) {
      reject(line, `expected ${header.length} fields, found ${fields.length}`);
      continue;
    }
    try {
      const row = parseRow(fields, at, uploadId, uploadedAt);
      const key = `${row.symbol}|${row.bar_interval}|${row.bucket_start}`;
      const first = seen.get(key);
      if (first !== undefined) {
        reject(line, `duplicate of line ${first} (same symbol, interval and timestamp)`);
        continue;
      }
      seen.set(key, line);
      rows.push(row);
    } catch (error) {
      reject(line, error instanceof Error ? error.message : String(error));
    }
  }
  if (rows.length === 0) {
    throw new ApiError('INVALID_UPLOAD', 'No valid rows found', { rejectedCount, rejected });
  }
  for (let i = 0; i < rows.length; i += 10_000) {
    await insertImportedCandles(deps.clickhouse, rows.slice(i, i + 10_000));
  }
  const symbols = [...new Set(rows.map((r) => r.symbol))].sort();
  for (const symbol of symbols) {
    deps.cache.invalidate(tags.candles(symbol));
    deps.cache.invalidate(tags.finalCandles(symbol));
  }
  deps.cache.invalidate(tags.catalog);
  deps.catalogCache.invalidate(tags.catalog);
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    if (r.bucket_start < start) start = r.bucket_start;
    if (r.bucket_start > end) end = r.bucket_start;
  }
  deps.logger.info({ uploadId, bars: rows.length, rejected: rejectedCount }, 'OHLC CSV imported');
  return {
    uploadId,
    totalBars: rows.length,
    symbols,
    intervals: [...new Set(rows.map((r) => r.bar_interval))].sort(),
    start,
    end,
    rejectedCount,
    rejected,
  };
}
