import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TickstreamError, type EventLog, type Logger } from '@tickstream/core';
import {
  backfillOrigin,
  BinanceHistory,
  BinanceHttp,
  DAY_MS,
  downloadVerified,
  publicDataUrl,
  readPublicKlines,
  readPublicTrades,
  utcDays,
} from '@tickstream/ingest';
import { INTERVALS, TOPICS, type Candle, type Interval, type Trade } from '@tickstream/schema';
import { CandleAggregator } from '@tickstream/stream-processors';
import type { BackfillRequest } from './backfill-plan';
import { BackfillProgress, type BackfillUnit, type ProgressReporter } from './backfill-progress';

// `tickstream backfill`: bars of past days written to md.candles.v1 through the same path as
// ingest's history, so the running history-bars sink stores them and the statistics and pair
// stages read them. Day by day, and within a day symbol by symbol, so every symbol:interval
// key gets its bars in time order. klines are the exchange's bars as they are; trades and
// aggregate trades become bars here, with the candles processor's own aggregator, and carry
// source `imported`. A public data file is checked against its checksum before a row of it is
// read, and everything built from one file is written before the next is fetched.

export interface BackfillOptions {
  readonly eventLog: EventLog;
  readonly logger: Logger;
  /** Base URL of Binance's public data files (BINANCE_DATA_URL). */
  readonly dataUrl: string;
  /** Binance USD-M REST (BINANCE_REST_URL). */
  readonly restUrl: string;
  readonly apiKey?: string;
  /** REST weight per minute (BINANCE_REST_WEIGHT_PER_MINUTE; default 1200, half Binance's per-IP limit). */
  readonly weightPerMinute?: number;
  /** Default md.candles.v1. */
  readonly topic?: string;
  readonly progress?: ProgressReporter;
  readonly signal?: AbortSignal;
  /** Where downloads wait to be read (default a new directory under the OS's temp dir). */
  readonly downloadDir?: string;
  readonly fetch?: typeof fetch;
}

export interface BackfillResult {
  readonly bars: number;
  readonly barsByInterval: Readonly<Partial<Record<Interval, number>>>;
  readonly files: number;
  readonly requests: number;
  /** Trades (or aggregates) read inside the range, when bars are built from trades. */
  readonly trades: number;
  readonly duplicates: number;
  readonly tooLate: number;
  readonly revisions: number;
  readonly ms: number;
}

/** Every day × symbol × series of a request, in the order they are fetched. */
export function unitsOf(request: BackfillRequest): BackfillUnit[] {
  const series: readonly string[] = request.kind === 'klines' ? request.intervals : [request.kind];
  const units: BackfillUnit[] = [];
  for (const { day, start } of utcDays(request.from, request.to)) {
    for (const symbol of request.symbols) {
      for (const s of series) {
        units.push({
          symbol,
          series: s,
          day,
          from: Math.max(start, request.from),
          to: Math.min(start + DAY_MS, request.to),
        });
      }
    }
  }
  return units;
}

const PRODUCE_CHUNK = 2_000;
/** Tries of a day of REST history that the exchange turned away for a while (429, 5xx, down). */
const REST_ATTEMPTS = 6;
const DRAIN_EVERY_TRADES = 50_000;
const intervalRank = (i: Interval) => INTERVALS.indexOf(i);

/** Where REST aggregate trades of a symbol got to, carried from one day to the next. */
interface AggTradesCursor {
  afterAggId: number | undefined;
  /** Trades of the last page past the day they were fetched for. */
  leftovers: Trade[];
  /** The exchange had nothing after the last id (up to now). */
  exhausted: boolean;
}

export async function runBackfill(
  request: BackfillRequest,
  options: BackfillOptions,
): Promise<BackfillResult> {
  const dir = options.downloadDir ?? (await mkdtemp(join(tmpdir(), 'tickstream-backfill-')));
  try {
    return await new Backfill(request, options, dir).run();
  } finally {
    if (options.downloadDir === undefined) await rm(dir, { recursive: true, force: true });
  }
}

class Backfill {
  private readonly topic: string;
  private readonly signal: AbortSignal;
  private readonly http: BinanceHttp;
  private readonly history: BinanceHistory;
  private readonly aggregator: CandleAggregator;
  private readonly cursors = new Map<string, AggTradesCursor>();
  /** Where a klines unit continues after a failed REST request (the end of its last bar written). */
  private readonly klinesFrom = new Map<BackfillUnit, number>();
  private readonly units: BackfillUnit[];
  private readonly progress: BackfillProgress;
  private readonly counts = {
    bars: 0,
    files: 0,
    trades: 0,
    duplicates: 0,
    tooLate: 0,
    revisions: 0,
    byInterval: {} as Partial<Record<Interval, number>>,
  };

  constructor(
    private readonly request: BackfillRequest,
    private readonly options: BackfillOptions,
    private readonly dir: string,
  ) {
    this.topic = options.topic ?? TOPICS.candles.name;
    this.signal = options.signal ?? new AbortController().signal;
    this.http = new BinanceHttp({
      restUrl: options.restUrl,
      logger: options.logger,
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      ...(options.weightPerMinute !== undefined
        ? { weightPerMinute: options.weightPerMinute }
        : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    // Aggregates stand for their trades f..l: bars count every trade, as from the trade files.
    this.history = new BinanceHistory(this.http, backfillOrigin(request.exchange), 'trade');
    // Trades of a past day are complete: a window is final once a trade passes its end (no
    // allowed lateness), and a trade a little out of order still revises its bar.
    this.aggregator = new CandleAggregator({
      intervals: request.intervals,
      allowedLatenessMs: 0,
      maxLatenessMs: 60_000,
    });
    this.units = unitsOf(request);
    this.progress = new BackfillProgress(this.units);
  }

  async run(): Promise<BackfillResult> {
    const startedAt = Date.now();
    try {
      for (const unit of this.units) {
        this.signal.throwIfAborted();
        this.progress.start(unit);
        this.report();
        await this.runUnit(unit);
        this.progress.finish(unit);
        this.report();
      }
    } finally {
      this.options.progress?.end(this.progress.status());
    }
    return {
      bars: this.counts.bars,
      barsByInterval: this.counts.byInterval,
      files: this.counts.files,
      requests: this.http.stats.requests,
      trades: this.counts.trades,
      duplicates: this.counts.duplicates,
      tooLate: this.counts.tooLate,
      revisions: this.counts.revisions,
      ms: Date.now() - startedAt,
    };
  }

  /**
   * One unit; a REST request the exchange turned away (its budget, a 429, a 5xx, the network)
   * is tried again with backoff, from where the unit got to: nothing is fetched twice and
   * nothing built is lost (REST errors come before anything of their page is used).
   */
  private async runUnit(unit: BackfillUnit): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        if (this.request.kind === 'klines') await this.klinesUnit(unit);
        else await this.tradesUnit(unit);
        return;
      } catch (error) {
        const fromRest =
          error instanceof TickstreamError && error.retriable && error.code.startsWith('BACKFILL_');
        if (!fromRest || attempt >= REST_ATTEMPTS) throw error;
        const delayMs = 1_000 * 2 ** (attempt - 1);
        this.options.logger.warn(
          { symbol: unit.symbol, series: unit.series, day: unit.day, attempt, delayMs },
          `${error.message}; trying again in ${delayMs / 1000} s`,
        );
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        this.signal.throwIfAborted();
      }
    }
  }

  private report(): void {
    this.options.progress?.update(this.progress.status());
  }

  private async write(bars: readonly Candle[]): Promise<void> {
    for (let i = 0; i < bars.length; i += PRODUCE_CHUNK) {
      const chunk = bars.slice(i, i + PRODUCE_CHUNK);
      await this.options.eventLog.produce(
        this.topic,
        chunk.map((b) => ({ key: TOPICS.candles.keyOf(b), value: JSON.stringify(b) })),
      );
    }
    for (const bar of bars) {
      this.counts.byInterval[bar.interval] = (this.counts.byInterval[bar.interval] ?? 0) + 1;
    }
    this.counts.bars += bars.length;
    this.progress.wrote(bars.length);
  }

  /** A file of the unit, downloaded and checked; deleted once `read` is done with it. */
  private async withFile(
    unit: BackfillUnit,
    interval: Interval | undefined,
    read: (path: string, url: string) => Promise<void>,
  ): Promise<void> {
    const kind = this.request.kind;
    const url = publicDataUrl(this.options.dataUrl, {
      kind,
      symbol: unit.symbol,
      day: unit.day,
      ...(interval !== undefined ? { interval } : {}),
    });
    const path = await downloadVerified(url, this.dir, {
      signal: this.signal,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    });
    this.counts.files++;
    this.options.logger.debug({ url }, 'public data file verified');
    try {
      await read(path, url);
    } finally {
      await rm(path, { force: true });
    }
  }

  private async klinesUnit(unit: BackfillUnit): Promise<void> {
    const interval = unit.series as Interval;
    const keep = (bar: Candle) => bar.final && bar.start >= unit.from && bar.start < unit.to;
    if (this.request.source === 'rest') {
      for await (const page of this.history.klines(
        unit.symbol,
        interval,
        this.klinesFrom.get(unit) ?? unit.from,
        unit.to,
        this.signal,
      )) {
        await this.write(page.filter(keep));
        const last = page.at(-1);
        if (last !== undefined) {
          this.klinesFrom.set(unit, last.end);
          this.progress.advance(unit, last.end);
        }
        this.report();
      }
      return;
    }
    await this.withFile(unit, interval, async (path, url) => {
      let bars: Candle[] = [];
      for await (const bar of readPublicKlines(
        path,
        unit.symbol,
        interval,
        this.request.exchange,
        url,
      )) {
        if (keep(bar)) bars.push(bar);
        if (bars.length >= PRODUCE_CHUNK) {
          await this.write(bars);
          this.progress.advance(unit, bar.end);
          this.report();
          bars = [];
        }
      }
      await this.write(bars);
    });
  }

  private async tradesUnit(unit: BackfillUnit): Promise<void> {
    if (this.request.source === 'rest') {
      for await (const page of this.restAggTrades(unit)) {
        await this.aggregate(page, unit);
      }
    } else {
      const kind = this.request.kind === 'trades' ? 'trades' : 'aggTrades';
      const origin = backfillOrigin(this.request.exchange);
      await this.withFile(unit, undefined, async (path, url) => {
        let batch: Trade[] = [];
        for await (const trade of readPublicTrades(path, kind, unit.symbol, origin, url)) {
          batch.push(trade);
          if (batch.length >= DRAIN_EVERY_TRADES) {
            await this.aggregate(batch, unit);
            batch = [];
          }
        }
        await this.aggregate(batch, unit);
      });
    }
    // The unit's range has ended: its last windows are complete.
    this.aggregator.advanceWatermark(unit.to);
    await this.writeFinalBars();
  }

  /** Adds the trades inside the unit's range, then writes the bars that became final. */
  private async aggregate(trades: readonly Trade[], unit: BackfillUnit): Promise<void> {
    let last: number | undefined;
    for (const trade of trades) {
      if (trade.tradeTime < unit.from || trade.tradeTime >= unit.to) continue;
      const outcome = this.aggregator.add(trade, 0);
      this.counts.trades++;
      if (outcome.kind === 'duplicate') this.counts.duplicates++;
      else if (outcome.kind === 'too-late') this.counts.tooLate++;
      else this.counts.revisions += outcome.revisions;
      last = trade.tradeTime;
    }
    await this.writeFinalBars();
    if (last !== undefined) this.progress.advance(unit, last);
    this.report();
  }

  private async writeFinalBars(): Promise<void> {
    const bars = this.aggregator
      .drain()
      .filter((u) => u.candle.final)
      .map((u): Candle => ({ ...u.candle, source: 'imported' }))
      .sort(
        (a, b) =>
          a.symbol.localeCompare(b.symbol) ||
          intervalRank(a.interval) - intervalRank(b.interval) ||
          a.start - b.start,
      );
    await this.write(bars);
  }

  /**
   * The unit's aggregate trades from REST, page by page: the first by time (the exchange
   * finds the first aggregate at or after it), then by id after the last one, across days.
   */
  private async *restAggTrades(unit: BackfillUnit): AsyncGenerator<Trade[]> {
    let cursor = this.cursors.get(unit.symbol);
    if (cursor === undefined) {
      cursor = { afterAggId: undefined, leftovers: [], exhausted: false };
      this.cursors.set(unit.symbol, cursor);
    }
    for (;;) {
      if (cursor.leftovers.length === 0) {
        if (cursor.exhausted) return;
        const byId = cursor.afterAggId !== undefined;
        const page = await this.history.aggTrades(
          unit.symbol,
          { afterAggId: cursor.afterAggId, fromTime: unit.from },
          unit.to,
          this.signal,
        );
        if (page.rejected > 0) {
          this.options.logger.warn(
            { symbol: unit.symbol, rejected: page.rejected },
            'aggregate trades the exchange sent could not be read',
          );
        }
        if (page.lastAggId === undefined) {
          // By time: nothing in the unit. By id: nothing after the last aggregate, up to now.
          if (byId) cursor.exhausted = true;
          return;
        }
        cursor.afterAggId = page.lastAggId;
        cursor.leftovers = [...page.trades];
        // A short page by id is the end of what the exchange has; by time it is only the end
        // of the hour it looked at.
        if (byId && !page.full) cursor.exhausted = true;
      }
      const inside = cursor.leftovers.filter((t) => t.tradeTime < unit.to);
      cursor.leftovers = cursor.leftovers.filter((t) => t.tradeTime >= unit.to);
      yield inside;
      if (cursor.leftovers.length > 0) return;
    }
  }
}
