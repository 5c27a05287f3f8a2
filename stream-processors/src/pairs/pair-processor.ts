import {
  PairEngine,
  figureFromAnalytics,
  PaperTrader,
  paperParams,
  type BacktestFigure,
} from '@tickstream/analytics';
import {
  asRegistry,
  sameSpec,
  type ClickHouseClient,
  type LogRecord,
  type PairRegistry,
} from '@tickstream/core';
import {
  alertRow,
  pairAnalyticsRow,
  pairName,
  signalRow,
  TABLES,
  TOPICS,
  validatePairBar,
  type Alert,
  type Candle,
  type PairAnalytics,
  type PairBar,
  type PairSpec,
  type Signal,
} from '@tickstream/schema';
import { defineProcessor, type ProcessorRuntimeOptions } from '../runtime/define-processor';
import { publish } from '../runtime/publish';
import { insertRows } from '../sinks/clickhouse-insert';

export interface PairProcessorOptions {
  readonly clickhouse: ClickHouseClient;
  /** The pairs to analyse; a fixed list is taken as a registry that never changes. */
  readonly pairs: PairRegistry | readonly PairSpec[];
}

export interface PairCounters {
  bars: number;
  analyticsWritten: number;
  alerts: number;
  /** Paper-trading orders and fills written (history included). */
  signals: number;
  /** History bars at or before a pair's stored outputs that did not start its state. */
  staleHistoryBars: number;
}

interface PairState {
  readonly spec: PairSpec;
  readonly engine: PairEngine;
  /** The pair's paper trading, when it is on: stepped on every output after `writtenThrough`. */
  readonly paper: PaperTrader | undefined;
  /** Offsets of the leg records fed to the engine, oldest first, trimmed to what a rebuild needs. */
  readonly offsets: number[];
  /** Index in `offsets` of the first record whose outputs are not yet written. */
  unwrittenFrom: number | undefined;
  /** Outputs up to this bar time were written before (by this process or an earlier one). */
  readonly writtenThrough: number;
}

/** One leg's bar of a batch. */
type LegBar = Pick<PairBar, 'leg' | 'candle'>;

type LegHistory = ReadonlyArray<{ leg: 'x' | 'y'; start: number; close: number }>;

/** What a pair's new state starts from, read from ClickHouse before its first bar is processed. */
interface PairStart {
  readonly spec: PairSpec;
  readonly writtenThrough: number;
  /**
   * Final bars of both legs before the first bar the state is built from, oldest first;
   * undefined while every bar read so far was a stale history bar (not read yet).
   */
  readonly history: LegHistory | undefined;
  /**
   * With paper trading on: the pair's stored figures up to `writtenThrough` (of its windows),
   * oldest first, which rebuild the strategy state the way it was when they were written.
   */
  readonly figures: readonly BacktestFigure[];
}

/**
 * A bar from history (ingest's klines, `tickstream backfill`) at or before the last bar a pair
 * already has outputs for does not start the pair's state: the state would hold windows of
 * that old time, and the first new outputs would mix them with today's bars. The state starts
 * from the first other bar instead, with the legs' stored bars before it, as after any
 * restart. A pair whose state is running needs no such rule: its leg aligner drops a bar
 * older than the leg's newest.
 */
export function isStaleHistoryBar(candle: Candle, writtenThrough: number): boolean {
  return candle.source !== undefined && candle.source !== 'live' && candle.start <= writtenThrough;
}

/**
 * Bars per leg read back when a pair's state starts: full windows (twice the warm-up, so the
 * Kalman filter settles too) and, for a pair added at run time, at least this much history.
 */
const HISTORY_BARS = 1_000;

/** Aligned bars a fresh engine needs before every rolling figure has a full window. */
const warmupBars = (s: PairSpec) => s.olsWindow + Math.max(s.zScoreWindow, s.corrWindow + 1);

/** The last bar time already in `pair_analytics` (outputs up to it are not written again). */
async function readWrittenThrough(client: ClickHouseClient, spec: PairSpec): Promise<number> {
  const written = await client.query({
    query: `SELECT toUnixTimestamp64Milli(max(time)) AS t, count() AS n FROM pair_analytics
            WHERE pair = {pair:String} AND bar_interval = {interval:String}`,
    query_params: { pair: pairName(spec), interval: spec.interval },
    format: 'JSONEachRow',
  });
  const [row] = await written.json<{ t: number; n: number }>();
  return row && Number(row.n) > 0 ? Number(row.t) : Number.NEGATIVE_INFINITY;
}

/**
 * Where a pair's state starts: the last bar time already in `pair_analytics` and each leg's
 * final bars from `candles` before that leg's first bar in `bars` (this batch's bars of the
 * pair) that is not a stale history bar, so every window is full from the first bar read from
 * the log on.
 *
 * Per leg, not before the batch's first bar: the legs' bars interleave in the log (each
 * symbol's candles finalize on its own watermark), so a bar of one leg may lie before the
 * committed offset although it is newer than the other leg's first bar re-read. Cut at the
 * batch's first bar, it would be missing from the rebuilt state (the aligner would carry the
 * leg's previous close), and every figure after the restart would differ from an
 * uninterrupted run's. A leg with no bar in the batch gets every stored bar: the aligner
 * ignores the log's copies of them when they come.
 */
async function readPairStart(
  client: ClickHouseClient,
  spec: PairSpec,
  bars: readonly LegBar[],
  known: number | undefined,
): Promise<PairStart> {
  const writtenThrough = known ?? (await readWrittenThrough(client, spec));
  const live = bars.filter((b) => !isStaleHistoryBar(b.candle, writtenThrough));
  const first = live[0];
  if (first === undefined) return { spec, writtenThrough, history: undefined, figures: [] };
  const firstOf = (leg: 'x' | 'y') => live.find((b) => b.leg === leg)?.candle.start ?? ALL_STORED;
  return {
    spec,
    writtenThrough,
    history: await readLegHistory(client, spec, first.candle.exchange, firstOf('x'), firstOf('y')),
    figures: await readStoredFigures(client, spec, writtenThrough),
  };
}

/**
 * The figures in `pair_analytics` a paper run of the pair has stepped on: every bar up to
 * `writtenThrough` with the pair's windows. The strategy state is path-dependent (a position
 * may have been opened hours ago, the realized P&L adds up from the run's first bar), so it is
 * rebuilt from all of them, not from the bars the engine's windows need; the figures are the
 * ones the live engine wrote (Float64, read back exactly), so the state is the one an
 * uninterrupted run holds.
 */
async function readStoredFigures(
  client: ClickHouseClient,
  spec: PairSpec,
  writtenThrough: number,
): Promise<BacktestFigure[]> {
  if (paperParams(spec) === undefined || !Number.isFinite(writtenThrough)) return [];
  const result = await client.query({
    // `ms`, not `time`: an alias named like the column would replace it in WHERE.
    query: `SELECT toUnixTimestamp64Milli(time) AS ms, price_x AS priceX, price_y AS priceY,
                   hedge_ratio AS beta, zscore AS z, kalman_hedge_ratio AS kalmanBeta,
                   kalman_zscore AS kalmanZ
            FROM pair_analytics FINAL
            WHERE pair = {pair:String} AND bar_interval = {interval:String}
              AND ols_window = {ols:UInt32} AND zscore_window = {zs:UInt32}
              AND time <= fromUnixTimestamp64Milli({through:Int64})
            ORDER BY ms`,
    query_params: {
      pair: pairName(spec),
      interval: spec.interval,
      ols: spec.olsWindow,
      zs: spec.zScoreWindow,
      through: writtenThrough,
    },
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  const rows = await result.json<Omit<BacktestFigure, 'time'> & { ms: number }>();
  return rows.map(({ ms, ...figure }) => ({ ...figure, time: Number(ms) }));
}

/** A bound after every stored bar, inside DateTime64(3)'s range (1900 to 2299): 2200-01-01. */
const ALL_STORED = 7_258_118_400_000;

/** Each leg's final bars before its bound, enough for full windows (and a run-time pair's history). */
async function readLegHistory(
  client: ClickHouseClient,
  spec: PairSpec,
  exchange: string,
  beforeX: number,
  beforeY: number,
): Promise<LegHistory> {
  const bars = await client.query({
    query: `SELECT leg, start, close FROM (
              SELECT if(symbol = {x:String}, 'x', 'y') AS leg,
                     toUnixTimestamp64Milli(bucket_start) AS start, close
              FROM candles FINAL
              WHERE symbol IN ({x:String}, {y:String}) AND bar_interval = {interval:String}
                AND exchange = {exchange:String} AND is_final = 1
                AND bucket_start < fromUnixTimestamp64Milli(
                  if(symbol = {x:String}, {beforeX:Int64}, {beforeY:Int64}))
              ORDER BY start DESC LIMIT {depth:UInt32} BY leg
            ) ORDER BY start, leg`,
    query_params: {
      x: spec.symbolX,
      y: spec.symbolY,
      interval: spec.interval,
      exchange,
      beforeX,
      beforeY,
      depth: Math.max(2 * warmupBars(spec), HISTORY_BARS),
    },
    format: 'JSONEachRow',
  });
  return bars.json<{ leg: 'x' | 'y'; start: number; close: number }>();
}

/** The outputs of the pair engines not yet written. */
interface PairOutputs {
  analytics: PairAnalytics[];
  /** Analytics of bars before the log's (a pair added at run time): stored, not published. */
  history: PairAnalytics[];
  alerts: Alert[];
  /** Alerts of bars from the exchange's history: stored (the alert log), never published. */
  historyAlerts: Alert[];
  /** Paper-trading signals of live bars: stored and published. */
  signals: Signal[];
  /** Signals of bars from history or rebuilt from stored figures: stored, never published. */
  historySignals: Signal[];
}

/** Steps a pair's paper trading (when on) on one bar's figures, into `into`. */
function stepPaper(state: PairState, analytics: PairAnalytics, into: Signal[]): void {
  if (state.paper === undefined) return;
  for (const signal of state.paper.step(figureFromAnalytics(analytics), analytics.version))
    into.push(signal);
}

/**
 * One PairEngine per analysed pair, following the registry. A pair's state is built when its
 * first bar arrives, from the start read for it (`starts`, filled by prepare) and then the
 * log; outputs up to what is already written are not produced again.
 */
function createPairStates(registry: PairRegistry, counters: PairCounters, outputs: PairOutputs) {
  const states = new Map<string, PairState>();
  const starts = new Map<string, PairStart>();

  const build = (id: string, spec: PairSpec): PairState => {
    const start = starts.get(id);
    starts.delete(id);
    const resumes = start !== undefined && sameSpec(start.spec, spec);
    const fresh: PairState = {
      spec,
      engine: new PairEngine(spec),
      paper: PaperTrader.of(spec),
      offsets: [],
      unwrittenFrom: undefined,
      writtenThrough: resumes ? start.writtenThrough : Number.NEGATIVE_INFINITY,
    };
    if (resumes) {
      // The strategy state where the stored outputs end. Its signals are in `signals` already,
      // unless paper trading was just turned on (or its parameters changed): written again,
      // the same rows replace themselves.
      for (const figure of start.figures)
        fresh.paper?.step(figure).forEach((signal) => outputs.historySignals.push(signal));
      for (const bar of start.history ?? []) {
        for (const output of fresh.engine.addLegClose(bar.leg, bar.start, bar.close)) {
          counters.bars += 1;
          // Bars before the log's: analytics not written yet are history (a pair added at run
          // time), stored but neither published live nor alerted on.
          if (output.analytics.time > fresh.writtenThrough) {
            outputs.history.push(output.analytics);
            stepPaper(fresh, output.analytics, outputs.historySignals);
          }
        }
      }
    }
    states.set(id, fresh);
    return fresh;
  };

  /** The state of a pair, or undefined when it is not analysed (any more). */
  const stateFor = (id: string): PairState | undefined => {
    const spec = registry.get(id);
    let state = states.get(id);
    if (state && (!spec || !sameSpec(state.spec, spec))) {
      states.delete(id);
      state = undefined;
    }
    if (!spec || state) return state;
    return build(id, spec);
  };

  const trim = (state: PairState) => {
    const spec = state.spec;
    const keep = 8 * warmupBars(spec);
    const from = Math.min(
      Math.max(0, state.offsets.length - keep),
      Math.max(0, (state.unwrittenFrom ?? state.offsets.length) - 4 * warmupBars(spec)),
    );
    if (from >= 256) {
      state.offsets.splice(0, from);
      if (state.unwrittenFrom !== undefined) state.unwrittenFrom -= from;
    }
  };

  return {
    /**
     * The pairs of these bars whose state must be started (read) before they are processed,
     * with their bars in this batch and the written-through time when an earlier read has it.
     */
    needingStart(bars: readonly PairBar[]) {
      const needs = new Map<
        string,
        { spec: PairSpec; bars: LegBar[]; known: number | undefined }
      >();
      for (const { pairId: id, leg, candle } of bars) {
        const need = needs.get(id);
        if (need) {
          need.bars.push({ leg, candle });
          continue;
        }
        const spec = registry.get(id);
        const state = states.get(id);
        if (!spec || (state && sameSpec(state.spec, spec))) continue;
        const ready = starts.get(id);
        const known = ready && sameSpec(ready.spec, spec) ? ready : undefined;
        if (known?.history !== undefined) continue;
        needs.set(id, { spec, bars: [{ leg, candle }], known: known?.writtenThrough });
      }
      return needs;
    },
    setStart: (id: string, start: PairStart) => starts.set(id, start),
    add(bar: PairBar, record: LogRecord): void {
      // A start is kept only until the state it is read for is built.
      const start = starts.get(bar.pairId);
      if (start && isStaleHistoryBar(bar.candle, start.writtenThrough)) {
        counters.staleHistoryBars += 1;
        return;
      }
      const state = stateFor(bar.pairId);
      if (!state) return; // a pair not analysed (any more)
      state.offsets.push(record.offset);
      // A bar from the exchange's history (klines, aggregate trades) gives figures of the past:
      // stored like live ones (its alerts too, as the alert log), never published as live.
      const past = bar.candle.source !== undefined && bar.candle.source !== 'live';
      for (const output of state.engine.addLegBar(bar.leg, bar.candle)) {
        counters.bars += 1;
        if (output.analytics.time <= state.writtenThrough) continue;
        if (past) {
          outputs.history.push(output.analytics);
          outputs.historyAlerts.push(...output.alerts);
        } else {
          outputs.analytics.push(output.analytics);
          outputs.alerts.push(...output.alerts);
        }
        stepPaper(state, output.analytics, past ? outputs.historySignals : outputs.signals);
        state.unwrittenFrom ??= state.offsets.length - 1;
      }
      trim(state);
    },
    written(): void {
      for (const state of states.values()) state.unwrittenFrom = undefined;
    },
    lowestOffset(keys: ReadonlySet<string>): number | undefined {
      let lowest: number | undefined;
      for (const key of keys) {
        const first = states.get(key)?.offsets[0];
        if (first !== undefined && (lowest === undefined || first < lowest)) lowest = first;
      }
      return lowest;
    },
    forget(keys: readonly string[]): void {
      for (const key of keys) states.delete(key);
    },
  };
}

/**
 * Writes the outputs: rows to ClickHouse, then live analytics, alerts and signals to their
 * topics. Signals go first: a restart rebuilds the paper state from the figures up to the last
 * bar in `pair_analytics`, so a signal must never be missing for a bar whose figures are in.
 */
async function writeOutputs(
  options: ProcessorRuntimeOptions & PairProcessorOptions,
  { analytics, history, alerts, historyAlerts, signals, historySignals }: PairOutputs,
): Promise<void> {
  await insertRows(
    options.clickhouse,
    TABLES.signals,
    [...historySignals, ...signals].map(signalRow),
  );
  await insertRows(
    options.clickhouse,
    TABLES.pairAnalytics,
    [...history, ...analytics].map(pairAnalyticsRow),
  );
  await insertRows(options.clickhouse, TABLES.alerts, [...historyAlerts, ...alerts].map(alertRow));
  await publish(options.eventLog, TOPICS.pairAnalytics, analytics);
  await publish(options.eventLog, TOPICS.alerts, alerts);
  await publish(options.eventLog, TOPICS.signals, signals);
}

/**
 * md.pair-bars.v1 → rolling pair analytics and alerts, in ClickHouse and on their topics: one
 * PairEngine per analysed pair. Pairs come from a registry, so they can be added, changed and
 * removed while it runs.
 *
 * A pair's state is built when its first bar arrives (at start, after a rebalance, when the
 * pair is added or its spec changes): from the legs' bars already in ClickHouse, then the
 * log. Outputs up to the last bar time already in `pair_analytics` are not written again, so
 * a restart neither duplicates nor skips rows, and a pair added at run time has full windows
 * (and history) at once. The committed offset keeps the last 8 warm-up lengths of leg bars
 * before anything unwritten, so a restart also re-reads them from the log. From the log's
 * start (a replay into emptied tables) the output is the same to the byte.
 */
export const pairProcessor = defineProcessor({
  name: 'pairs',
  group: 'tickstream.pair-analytics',
  input: TOPICS.pairBars,
  validate: validatePairBar,
  counters: (): PairCounters => ({
    bars: 0,
    analyticsWritten: 0,
    alerts: 0,
    signals: 0,
    staleHistoryBars: 0,
  }),
  stage(options: ProcessorRuntimeOptions & PairProcessorOptions, counters) {
    const outputs: PairOutputs = {
      analytics: [],
      history: [],
      alerts: [],
      historyAlerts: [],
      signals: [],
      historySignals: [],
    };
    const pairs = createPairStates(asRegistry(options.pairs), counters, outputs);
    return {
      async prepare(bars) {
        for (const [id, need] of pairs.needingStart(bars)) {
          pairs.setStart(
            id,
            await readPairStart(options.clickhouse, need.spec, need.bars, need.known),
          );
        }
      },
      process: (bar, record) => pairs.add(bar, record),
      flushDue: () => outputs.analytics.length + outputs.history.length >= 20_000,
      hasPending: () =>
        outputs.analytics.length > 0 ||
        outputs.history.length > 0 ||
        outputs.alerts.length > 0 ||
        outputs.historyAlerts.length > 0 ||
        outputs.signals.length > 0 ||
        outputs.historySignals.length > 0,
      async flush() {
        await writeOutputs(options, outputs);
        counters.analyticsWritten += outputs.analytics.length + outputs.history.length;
        counters.alerts += outputs.alerts.length;
        counters.signals += outputs.signals.length + outputs.historySignals.length;
        outputs.analytics = [];
        outputs.history = [];
        outputs.alerts = [];
        outputs.historyAlerts = [];
        outputs.signals = [];
        outputs.historySignals = [];
        pairs.written();
      },
      neededFrom: (_topic, _partition, keys) => pairs.lowestOffset(keys),
      forget: (keys) => pairs.forget(keys),
    };
  },
});
