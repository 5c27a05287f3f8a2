import { PairScreener, type ScreenerStep } from '@tickstream/analytics';
import type { ClickHouseClient } from '@tickstream/core';
import {
  INTERVAL_MS,
  pairScreenRow,
  TABLES,
  TOPICS,
  validateCandle,
  type Candle,
  type PairScreen,
  type ScreenerSpec,
} from '@tickstream/schema';
import { defineProcessor, type ProcessorRuntimeOptions } from '../runtime/define-processor';
import { publish } from '../runtime/publish';
import { insertRows } from '../sinks/clickhouse-insert';

export interface ScreenerProcessorOptions {
  readonly clickhouse: ClickHouseClient;
  readonly screener: ScreenerSpec;
}

export interface ScreenerCounters {
  /** Universe bars aligned (history included). */
  bars: number;
  /** Rows written (pairs tested). */
  rowsWritten: number;
  /** Pairs and symbols of the universe. */
  pairs: number;
  symbols: number;
  /** The newest aligned bar time (epoch ms; 0 before the first). */
  lastBarTime: number;
  /** Milliseconds the last aligned bar took: every pair's update, and the tests due. */
  lastStepMs: number;
  /** Milliseconds spent in bar steps since start (the screener's CPU time, for its share). */
  stepMs: number;
}

/** Bars per symbol read back when the screener starts: the window, and the Kalman filter's memory twice (1/δ = 1,000 bars). */
const historyDepth = (spec: ScreenerSpec) => spec.window + spec.zScoreWindow + 2_000;

/** A bound after every stored bar, inside DateTime64(3)'s range: 2200-01-01. */
const ALL_STORED = 7_258_118_400_000;

const isLive = (c: Candle) => c.source === undefined || c.source === 'live';

interface ScreenerStart {
  /** The exchange each symbol of the universe is followed on. */
  readonly exchanges: Map<string, string>;
  readonly writtenThrough: number;
  readonly symbols: readonly string[];
  readonly history: ReadonlyArray<{ symbol: string; start: number; close: number }>;
}

/** The last bar time already in `pair_screen` for this interval and window. */
async function readWrittenThrough(client: ClickHouseClient, spec: ScreenerSpec): Promise<number> {
  const result = await client.query({
    query: `SELECT toUnixTimestamp64Milli(max(time)) AS t, count() AS n FROM pair_screen
            WHERE bar_interval = {interval:String} AND screen_window = {window:UInt32}`,
    query_params: { interval: spec.interval, window: spec.window },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ t: number | string; n: number | string }>();
  return row && Number(row.n) > 0 ? Number(row.t) : Number.NEGATIVE_INFINITY;
}

/**
 * The stored universe: each symbol with a final bar of the interval among the last `depth`
 * bar times (a symbol quiet for longer is not part of today's universe; with a list, the
 * listed ones), and the exchange its newest bar came from.
 */
async function readUniverse(
  client: ClickHouseClient,
  spec: ScreenerSpec,
): Promise<Map<string, string>> {
  const result = await client.query({
    query: `SELECT symbol, argMax(exchange, bucket_start) AS followed FROM candles
            WHERE bar_interval = {interval:String} AND is_final = 1
              AND (empty({listed:Array(String)}) OR has({listed:Array(String)}, symbol))
              AND bucket_start >= (
                SELECT max(bucket_start) FROM candles WHERE bar_interval = {interval:String}
              ) - toIntervalMillisecond({span:Int64})
            GROUP BY symbol ORDER BY symbol`,
    query_params: {
      interval: spec.interval,
      listed: spec.symbols === '*' ? [] : spec.symbols,
      span: historyDepth(spec) * INTERVAL_MS[spec.interval],
    },
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ symbol: string; followed: string }>();
  return new Map(rows.map((r) => [r.symbol, r.followed]));
}

/**
 * Where the screener starts: its universe (each symbol on one exchange: the one of its stored
 * bars, else of its first bar in the batch), the last bar already written, and each symbol's
 * final bars before that symbol's first bar in the batch (every stored one for a symbol with
 * none in it: the aligner ignores the log's copies), so every window is full from the first
 * bar read from the log on, as the pair stage starts a pair.
 */
async function readStart(
  client: ClickHouseClient,
  spec: ScreenerSpec,
  candles: readonly Candle[],
): Promise<ScreenerStart | undefined> {
  const inUniverse = (c: Candle) =>
    c.final &&
    c.interval === spec.interval &&
    (spec.symbols === '*' || spec.symbols.includes(c.symbol));
  if (!candles.some(inUniverse)) return undefined;
  const exchanges = await readUniverse(client, spec);
  const firstBar = new Map<string, number>();
  for (const c of candles) {
    if (!inUniverse(c)) continue;
    if (!exchanges.has(c.symbol)) exchanges.set(c.symbol, c.exchange);
    if (exchanges.get(c.symbol) === c.exchange && !firstBar.has(c.symbol))
      firstBar.set(c.symbol, c.start);
  }
  const symbols = [...exchanges.keys()].sort();
  const result = await client.query({
    query: `SELECT symbol, start, close FROM (
              SELECT symbol, toUnixTimestamp64Milli(bucket_start) AS start, close
              FROM candles FINAL
              WHERE has({symbols:Array(String)}, symbol) AND bar_interval = {interval:String}
                AND exchange = {exchanges:Array(String)}[indexOf({symbols:Array(String)}, symbol)]
                AND is_final = 1
                AND bucket_start < fromUnixTimestamp64Milli(
                  {bounds:Array(Int64)}[indexOf({symbols:Array(String)}, symbol)])
              ORDER BY start DESC LIMIT {depth:UInt32} BY symbol
            ) ORDER BY start, symbol`,
    query_params: {
      symbols,
      exchanges: symbols.map((s) => exchanges.get(s) ?? ''),
      bounds: symbols.map((s) => firstBar.get(s) ?? ALL_STORED),
      interval: spec.interval,
      depth: historyDepth(spec),
    },
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  const history = (await result.json<{ symbol: string; start: number; close: number }>()).map(
    (r) => ({ symbol: r.symbol, start: Number(r.start), close: r.close }),
  );
  return {
    exchanges,
    writtenThrough: await readWrittenThrough(client, spec),
    symbols,
    history,
  };
}

/** Offsets of a partition's screener bars whose universe bar time is not written yet. */
class UnwrittenBars {
  private readonly offsets: number[] = [];
  private readonly starts: number[] = [];
  private head = 0;

  note(offset: number, start: number): void {
    this.offsets.push(offset);
    this.starts.push(start);
  }

  /** Drops the bars of times up to `through`, all written. */
  written(through: number): void {
    while (this.head < this.starts.length && (this.starts[this.head] as number) <= through)
      this.head += 1;
    if (this.head > 4096) {
      this.offsets.splice(0, this.head);
      this.starts.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The first offset still needed: bars of one partition come in time order per symbol only, so the lowest. */
  lowest(): number | undefined {
    let lowest: number | undefined;
    for (let i = this.head; i < this.offsets.length; i++) {
      const o = this.offsets[i] as number;
      if (lowest === undefined || o < lowest) lowest = o;
    }
    return lowest;
  }
}

/**
 * md.candles.v1 → the pair screener (issue 15): every pair of a universe of symbols
 * (SCREENER_SYMBOLS) on one interval, in ClickHouse (`pair_screen` at the test cadence,
 * `pair_screen_latest`) and on md.pair-screen.v1. The universe needs every symbol in one
 * place, so the screener's group has one member: run one process with it (the candles of a
 * universe of 100 symbols at 1 s bars are ~100 records a second).
 *
 * It starts from the symbols' stored bars (windows full at once, the Kalman filter warmed on
 * two memories), then the log; rows up to the last bar already written are not written
 * again. Bars from history warm the state without tests. A restart commits no offset past a
 * bar whose universe time is not written, and re-reads the rest from the log.
 */
export const screenerProcessor = defineProcessor({
  name: 'screener',
  group: 'tickstream.pair-screener',
  input: TOPICS.candles,
  validate: validateCandle,
  counters: (): ScreenerCounters => ({
    bars: 0,
    rowsWritten: 0,
    pairs: 0,
    symbols: 0,
    lastBarTime: 0,
    lastStepMs: 0,
    stepMs: 0,
  }),
  stage(options: ProcessorRuntimeOptions & ScreenerProcessorOptions, counters) {
    const spec = options.screener;
    let screener: PairScreener | undefined;
    /** Each symbol on one exchange: a second exchange's bars of a symbol would mix two prices. */
    let exchanges = new Map<string, string>();
    let writtenThrough = Number.NEGATIVE_INFINITY;
    let rows: PairScreen[] = [];
    /** Aligned bar times up to this one are written (their offsets released). */
    let released = Number.NEGATIVE_INFINITY;
    const unwritten = new Map<string, UnwrittenBars>();
    const log = options.logger.child({ processor: 'screener' });

    const onStep = (step: ScreenerStep) => {
      counters.bars += 1;
      counters.lastBarTime = step.time;
      if (step.time <= writtenThrough) return;
      for (const row of step.rows) rows.push(row);
    };

    /** Feeds one bar, timing the steps it closes (the tests run inside). */
    const now = options.now ?? Date.now;
    /** Feeds one bar, timing the steps it closes (the tests run inside). */
    const feed = (s: PairScreener, symbol: string, start: number, close: number, live: boolean) => {
      const t0 = performance.now();
      s.add(symbol, start, close, live, now(), onStep);
      const ms = performance.now() - t0;
      counters.stepMs += ms;
      if (s.closedThrough === start) counters.lastStepMs = ms;
    };

    return {
      async prepare(candles) {
        if (screener !== undefined) return;
        const start = await readStart(options.clickhouse, spec, candles);
        if (start === undefined) return;
        const s = new PairScreener({ spec, knownSymbols: start.symbols });
        exchanges = start.exchanges;
        writtenThrough = start.writtenThrough;
        for (const bar of start.history) feed(s, bar.symbol, bar.start, bar.close, false);
        screener = s;
        counters.pairs = s.pairsMaintained;
        counters.symbols = s.symbols.length;
        log.info(
          {
            symbols: start.symbols.length,
            historyBars: start.history.length,
            writtenThrough: Number.isFinite(writtenThrough) ? writtenThrough : null,
          },
          'screener state read from stored bars',
        );
      },
      process(candle, record) {
        if (!candle.final || candle.interval !== spec.interval) return;
        const s = screener;
        if (s === undefined) return;
        const followed = exchanges.get(candle.symbol);
        if (followed === undefined) {
          if (spec.symbols !== '*' && !spec.symbols.includes(candle.symbol)) return;
          exchanges.set(candle.symbol, candle.exchange);
        } else if (followed !== candle.exchange) return;
        const key = `${record.topic}:${record.partition}`;
        let bars = unwritten.get(key);
        if (bars === undefined) unwritten.set(key, (bars = new UnwrittenBars()));
        bars.note(record.offset, candle.start);
        feed(s, candle.symbol, candle.start, candle.close, isLive(candle));
        counters.pairs = s.pairsMaintained;
        counters.symbols = s.symbols.length;
      },
      flushDue: () => rows.length >= 20_000,
      // Bars that closed without rows (history, pairs not due) still release their offsets.
      // The runtime asks on its flush timer too: the moment to close the bars that quiet
      // symbols have held back long enough (no record arrives to do it).
      hasPending: () => {
        if (screener === undefined) return rows.length > 0;
        const t0 = performance.now();
        screener.tick(now(), onStep);
        counters.stepMs += performance.now() - t0;
        return rows.length > 0 || screener.closedThrough > released;
      },
      async flush() {
        const through = screener?.closedThrough ?? Number.NEGATIVE_INFINITY;
        const out = rows;
        const latest = new Map<string, PairScreen>();
        for (const row of out) latest.set(row.pair, row);
        await insertRows(options.clickhouse, TABLES.pairScreen, out.map(pairScreenRow));
        await insertRows(
          options.clickhouse,
          TABLES.pairScreenLatest,
          [...latest.values()].map(pairScreenRow),
        );
        await publish(options.eventLog, TOPICS.pairScreen, out);
        counters.rowsWritten += out.length;
        rows = [];
        if (out.length > 0)
          writtenThrough = Math.max(writtenThrough, out[out.length - 1]?.time ?? 0);
        for (const bars of unwritten.values()) bars.written(through);
        released = through;
      },
      neededFrom: (topic, partition) => unwritten.get(`${topic}:${partition}`)?.lowest(),
    };
  },
});
