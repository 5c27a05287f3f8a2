import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { TickstreamError } from '@tickstream/core';
import type { Candle, Interval, Trade } from '@tickstream/schema';
import { mapBinanceCsvRow } from '../mappers/binance-csv';
import type { MessageOrigin } from '../types';
import { readLines } from '../util/lines';
import { klineToCandle } from './binance-history';

// Binance's public data (data.binance.vision): one zip a day per symbol and kind, with a
// `.CHECKSUM` beside it in sha256sum's format (`<sha256 hex>  <file name>`). USD-M layout:
//   data/futures/um/daily/trades/BTCUSDT/BTCUSDT-trades-2024-12-16.zip
//   data/futures/um/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2024-12-16.zip
//   data/futures/um/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2024-12-16.zip
// A day's files appear the next day. Each zip holds one CSV, with a header row in newer files
// and without one in older ones; the rows are what the REST endpoints answer.

export type PublicDataKind = 'trades' | 'aggTrades' | 'klines';

export const DAY_MS = 86_400_000;

/** One daily file: `interval` for klines only. */
export interface PublicDataFile {
  readonly kind: PublicDataKind;
  readonly symbol: string;
  /** The UTC day, YYYY-MM-DD. */
  readonly day: string;
  readonly interval?: Interval;
}

/**
 * The origin of trades the backfill command reads (public data files or REST aggregates): no
 * live session, every symbol expected; nothing of it is dead-lettered (a bad row is an error).
 */
export function backfillOrigin(exchange: string): MessageOrigin {
  return {
    session: 0,
    cause: 'replay',
    connection: `${exchange}-backfill`,
    exchange,
    deadLetterSource: 'backfill',
    isKnownSymbol: () => true,
  };
}

/** The path of a daily USD-M file under the base URL. */
export function publicDataPath(file: PublicDataFile): string {
  const { kind, symbol, day } = file;
  if (kind === 'klines') {
    if (file.interval === undefined) {
      throw new TickstreamError('INVALID_OPTIONS', 'a klines file needs its interval');
    }
    return `data/futures/um/daily/klines/${symbol}/${file.interval}/${symbol}-${file.interval}-${day}.zip`;
  }
  return `data/futures/um/daily/${kind}/${symbol}/${symbol}-${kind}-${day}.zip`;
}

export function publicDataUrl(baseUrl: string, file: PublicDataFile): string {
  return `${baseUrl.replace(/\/+$/, '')}/${publicDataPath(file)}`;
}

/** The UTC day (YYYY-MM-DD) of an epoch-ms time. */
export function utcDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** The UTC days that overlap [from, to), oldest first, with where each starts. */
export function utcDays(from: number, to: number): Array<{ day: string; start: number }> {
  const days: Array<{ day: string; start: number }> = [];
  for (let start = Math.floor(from / DAY_MS) * DAY_MS; start < to; start += DAY_MS) {
    days.push({ day: utcDay(start), start });
  }
  return days;
}

const CHECKSUM_LINE = /^([0-9a-fA-F]{64})\s+\*?(\S+)\s*$/;

/**
 * The sha256 a `.CHECKSUM` file gives for `fileName`. A file that is not in sha256sum's
 * format, or names another file, is an error: it cannot vouch for this download.
 */
export function parseChecksum(text: string, fileName: string, checksumUrl: string): string {
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  const match = line === undefined ? null : CHECKSUM_LINE.exec(line);
  if (!match?.[1] || !match[2]) {
    throw new TickstreamError(
      'PUBLIC_DATA_BAD_CHECKSUM_FILE',
      `${checksumUrl} is not a sha256 checksum line ("<64 hex digits>  <file name>"): ${JSON.stringify(text.slice(0, 120))}`,
    );
  }
  if (match[2] !== fileName) {
    throw new TickstreamError(
      'PUBLIC_DATA_BAD_CHECKSUM_FILE',
      `${checksumUrl} is the checksum of ${match[2]}, not of ${fileName}`,
    );
  }
  return match[1].toLowerCase();
}

/** The error of a download whose sha256 is not the one its `.CHECKSUM` gives. */
export function checksumMismatch(url: string, actual: string, expected: string): TickstreamError {
  return new TickstreamError(
    'PUBLIC_DATA_CHECKSUM_MISMATCH',
    `${url} failed its checksum: its sha256 is ${actual}, ${url}.CHECKSUM says ${expected}. ` +
      'Nothing from this file was written. The download may have been damaged on the way: run ' +
      'the same backfill again (what was written before is replaced, not doubled); if it fails ' +
      'again the same way, report the file to Binance (github.com/binance/binance-public-data/issues).',
  );
}

export interface DownloadOptions {
  readonly signal?: AbortSignal;
  /** Per request (default 5 minutes: a day of BTCUSDT trades is a large file). */
  readonly timeoutMs?: number;
  /** Attempts for an unreachable server or a 5xx answer (default 3); never for a mismatch. */
  readonly attempts?: number;
  readonly fetch?: typeof fetch;
}

async function get(url: string, options: DownloadOptions): Promise<Response> {
  const fetchFn = options.fetch ?? fetch;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 300_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetchFn(url, { signal });
  } catch (error) {
    options.signal?.throwIfAborted();
    throw new TickstreamError('PUBLIC_DATA_UNREACHABLE', `cannot download ${url}`, {
      cause: error,
      retriable: true,
    });
  }
  if (response.status === 404) {
    await response.body?.cancel();
    throw new TickstreamError(
      'PUBLIC_DATA_MISSING',
      `${url} does not exist (HTTP 404). Binance publishes a day's file the day after; check ` +
        'the symbol, the day, and BINANCE_DATA_URL.',
    );
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw new TickstreamError(
      'PUBLIC_DATA_HTTP_ERROR',
      `${url} answered HTTP ${response.status}: ${text.slice(0, 200)}`,
      { retriable: response.status >= 500 || response.status === 429 },
    );
  }
  return response;
}

async function withAttempts<T>(options: DownloadOptions, step: () => Promise<T>): Promise<T> {
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const retriable = error instanceof TickstreamError && error.retriable;
      if (!retriable || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** (attempt - 1)));
    }
  }
}

/**
 * Downloads `url` into `dir` and checks it against `url.CHECKSUM` before anyone reads it: the
 * path of the verified file, or a PUBLIC_DATA_CHECKSUM_MISMATCH error naming the file and
 * both hashes (the bad file is deleted). A missing file is PUBLIC_DATA_MISSING.
 */
export async function downloadVerified(
  url: string,
  dir: string,
  options: DownloadOptions = {},
): Promise<string> {
  const fileName = url.slice(url.lastIndexOf('/') + 1);
  const checksumUrl = `${url}.CHECKSUM`;
  const expected = await withAttempts(options, async () =>
    parseChecksum(await (await get(checksumUrl, options)).text(), fileName, checksumUrl),
  );
  const path = join(dir, fileName);
  const actual = await withAttempts(options, async () => {
    const response = await get(url, options);
    if (response.body === null) {
      throw new TickstreamError('PUBLIC_DATA_HTTP_ERROR', `${url} answered without a body`);
    }
    const hash = createHash('sha256');
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      // The fetch body is a web stream; its type and node's are the same class at run time.
      const body = Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>);
      await pipeline(body, hashing, createWriteStream(path));
    } catch (error) {
      options.signal?.throwIfAborted();
      throw new TickstreamError('PUBLIC_DATA_UNREACHABLE', `the download of ${url} broke off`, {
        cause: error,
        retriable: true,
      });
    }
    return hash.digest('hex');
  });
  if (actual !== expected) {
    await rm(path, { force: true });
    throw checksumMismatch(url, actual, expected);
  }
  return path;
}

function badRow(source: string, line: number, reason: string): TickstreamError {
  return new TickstreamError('PUBLIC_DATA_BAD_ROW', `${source}, line ${line}: ${reason}`);
}

const INTEGER = /^\d{1,19}$/;

/**
 * The trades of a verified trades or aggTrades file, in file order. An aggregate trade stands
 * for the trades f..l (firstTradeId f, tradeId l), as history's REST aggregates do, so bars
 * built from it count every trade. `source` names the file in errors: a row that does not
 * read in a verified file means the format changed, and is an error rather than a gap.
 */
export async function* readPublicTrades(
  path: string,
  kind: 'trades' | 'aggTrades',
  symbol: string,
  origin: MessageOrigin,
  source: string = path,
): AsyncGenerator<Trade> {
  const format = kind === 'trades' ? 'binance-csv-trades' : 'binance-csv-aggtrades';
  let lineNumber = 0;
  const receivedAt = Date.now();
  for await (const line of readLines(path)) {
    lineNumber++;
    const mapped = mapBinanceCsvRow(format, line, symbol, receivedAt, origin);
    if (mapped.kind === 'ignore') continue; // the header
    if (mapped.kind !== 'trade') throw badRow(source, lineNumber, mapped.reason);
    if (kind === 'trades') {
      yield mapped.trade;
      continue;
    }
    const cells = line.split(',');
    const first = cells[3]?.trim() ?? '';
    const last = cells[4]?.trim() ?? '';
    const f = INTEGER.test(first) ? Number(first) : Number.NaN;
    const l = INTEGER.test(last) ? Number(last) : Number.NaN;
    if (!Number.isSafeInteger(f) || !Number.isSafeInteger(l) || l < f) {
      throw badRow(
        source,
        lineNumber,
        `first_trade_id ${first} and last_trade_id ${last} are not a range`,
      );
    }
    yield { ...mapped.trade, tradeId: l, firstTradeId: f };
  }
}

const MICROSECONDS_FROM = 1e14;
const toMs = (cell: string | undefined) => {
  const value = Number(cell);
  return value >= MICROSECONDS_FROM ? Math.floor(value / 1000) : value;
};

/**
 * The bars of a verified klines file, oldest first (a bar without trades is left out, as
 * history's REST klines leave it out). Rows are the REST kline arrays as CSV.
 */
export async function* readPublicKlines(
  path: string,
  symbol: string,
  interval: Interval,
  exchange: string,
  source: string = path,
): AsyncGenerator<Candle> {
  let lineNumber = 0;
  const now = Date.now();
  for await (const line of readLines(path)) {
    lineNumber++;
    const cells = line.split(',').map((c) => c.trim());
    if (lineNumber === 1 && !INTEGER.test(cells[0] ?? '')) continue; // the header
    if (cells.length < 11 || !INTEGER.test(cells[0] ?? '')) {
      throw badRow(source, lineNumber, `not a kline row: ${line.slice(0, 120)}`);
    }
    let bar: Candle | undefined;
    try {
      bar = klineToCandle(
        [toMs(cells[0]), ...cells.slice(1, 6), toMs(cells[6]), ...cells.slice(7)],
        exchange,
        symbol,
        interval,
        now,
      );
    } catch (error) {
      throw badRow(source, lineNumber, error instanceof Error ? error.message : String(error));
    }
    if (bar !== undefined) yield bar;
  }
}
