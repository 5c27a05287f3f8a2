import { basename } from 'node:path';
import { silentLogger, TickstreamError, type Logger } from '@tickstream/core';
import { detectCsvFormat, symbolFromFileName } from '../mappers/binance-csv';
import { SYMBOL } from '../mappers/mapper';
import type { IngestSource, MessageFormat, MessageOrigin, RawMessage } from '../types';
import { readLines } from '../util/lines';
import { Pacer, validSpeed, type ReplaySpeed } from './pacer';
import { QueueSource } from './queue-source';

export interface ReplaySourceOptions {
  /** JSONL captures of raw Binance messages, or Binance public-data CSV (trades or aggTrades); plain, .gz or .zip. */
  readonly files: readonly string[];
  /** 1 = recorded pace, N = N× faster, 'max' = as fast as possible (default). */
  readonly speed?: ReplaySpeed;
  /** Only these symbols are expected; others are dead-lettered. Default: any symbol. */
  readonly symbols?: readonly string[];
  /** Symbol of CSV rows when the file name does not say it (`BTCUSDT-trades-2024-07-18.csv` does). */
  readonly symbol?: string;
  /** `Trade.exchange` (default binance-futures). */
  readonly exchange?: string;
  readonly queueCapacity?: number;
  readonly logger?: Logger;
}

interface Entry {
  readonly time: number | undefined;
  readonly message: RawMessage;
}

const HFT_PREFIX = /^(\d{16,20}) (\{.*)$/;
const EVENT_TIME = /"E":(\d+)/;
const TRADE_TIME = /"T":(\d+)/;

function csvTime(format: MessageFormat, line: string): number | undefined {
  const cells = line.split(',');
  const value = Number(format === 'binance-csv-aggtrades' ? cells[5] : cells[4]);
  if (!Number.isFinite(value)) return undefined;
  return value >= 1e14 ? Math.floor(value / 1000) : value;
}

async function* fileEntries(
  path: string,
  origin: MessageOrigin,
  symbolOption: string | undefined,
): AsyncGenerator<Entry> {
  let format: MessageFormat | undefined;
  const symbol = symbolFromFileName(basename(path)) ?? symbolOption?.toUpperCase();
  // A line without a readable time keeps its file's place in the merge.
  let lastTime: number | undefined;
  for await (const line of readLines(path)) {
    if (format === undefined) {
      const trimmed = line.trimStart();
      format =
        trimmed.startsWith('{') || HFT_PREFIX.test(trimmed)
          ? 'binance-ws'
          : detectCsvFormat(trimmed);
      if (format === undefined) {
        throw new TickstreamError(
          'UNKNOWN_FILE_FORMAT',
          `${path}: neither JSONL of Binance messages nor Binance public-data CSV`,
        );
      }
    }
    if (format === 'binance-ws') {
      // hftbacktest captures put the local receive time (ns) before each message.
      const prefixed = HFT_PREFIX.exec(line);
      const data = prefixed?.[2] ?? line;
      const time =
        prefixed?.[1] !== undefined
          ? Math.floor(Number(prefixed[1]) / 1e6)
          : Number((EVENT_TIME.exec(data) ?? TRADE_TIME.exec(data))?.[1] ?? Number.NaN);
      if (Number.isFinite(time)) lastTime = time;
      yield { time: lastTime, message: { format, data, receivedAt: 0, origin } };
    } else {
      if (line.startsWith('id,') || line.startsWith('agg_trade_id,')) continue; // header
      lastTime = csvTime(format, line) ?? lastTime;
      yield {
        time: lastTime,
        message: {
          format,
          data: line,
          receivedAt: 0,
          origin,
          ...(symbol !== undefined ? { symbol } : {}),
        },
      };
    }
  }
}

/** Merges several files by time (each already in time order); one file passes through. */
async function* mergeByTime(streams: AsyncGenerator<Entry>[]): AsyncGenerator<Entry> {
  const heads: (IteratorResult<Entry> | undefined)[] = await Promise.all(
    streams.map((s) => s.next()),
  );
  try {
    for (;;) {
      let best = -1;
      let bestTime = Number.POSITIVE_INFINITY;
      for (let i = 0; i < heads.length; i++) {
        const head = heads[i];
        if (head === undefined || head.done) continue;
        const time = head.value.time ?? Number.NEGATIVE_INFINITY;
        if (best < 0 || time < bestTime) {
          best = i;
          bestTime = time;
        }
      }
      const head = heads[best];
      const stream = streams[best];
      if (head === undefined || head.done || stream === undefined) return;
      yield head.value;
      heads[best] = await stream.next();
    }
  } finally {
    await Promise.all(streams.map((s) => s.return(undefined)));
  }
}

/** Files of recorded trades replayed at recorded pace, N× or as fast as possible. */
export function replaySource(options: ReplaySourceOptions): IngestSource {
  const speed = options.speed ?? 'max';
  if (!validSpeed(speed))
    throw new TickstreamError(
      'INVALID_OPTIONS',
      `speed must be a positive number or 'max', got ${String(speed)}`,
    );
  if (options.files.length === 0)
    throw new TickstreamError('INVALID_OPTIONS', 'replay needs at least one file');
  const logger = (options.logger ?? silentLogger).child({ component: 'replay' });
  const known =
    options.symbols === undefined
      ? undefined
      : new Set(options.symbols.map((s) => s.toUpperCase()));
  if (known !== undefined && [...known].some((s) => !SYMBOL.test(s))) {
    throw new TickstreamError(
      'INVALID_OPTIONS',
      `symbols must look like BTCUSDT, got ${[...known].join(',')}`,
    );
  }
  const origin: MessageOrigin = {
    session: 1,
    cause: 'replay',
    connection: 'replay',
    exchange: options.exchange ?? 'binance-futures',
    deadLetterSource: 'ingest/replay',
    isKnownSymbol: known === undefined ? () => true : (symbol) => known.has(symbol),
  };
  const abort = new AbortController();
  let running: Promise<void> | undefined;
  return new QueueSource({
    name: 'replay',
    capacity: options.queueCapacity ?? 10_000,
    start(queue) {
      running = (async () => {
        const pacer = new Pacer(speed);
        let count = 0;
        const entries = mergeByTime(
          options.files.map((f) => fileEntries(f, origin, options.symbol)),
        );
        try {
          for await (const entry of entries) {
            if (abort.signal.aborted) break;
            const wait = pacer.wait(entry.time, abort.signal);
            if (wait !== undefined) await wait;
            if (abort.signal.aborted) break;
            const pending = queue.write({ ...entry.message, receivedAt: Date.now() });
            if (pending !== undefined) await pending;
            count++;
          }
          logger.info({ files: options.files, messages: count }, 'replay finished');
          queue.end();
        } catch (error) {
          logger.error({ err: String(error) }, 'replay failed');
          queue.fail(error);
        }
      })();
    },
    halt: async () => {
      abort.abort();
      await running;
    },
  });
}
