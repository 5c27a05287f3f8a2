import { runBacktest, type AlignedBar, type BacktestResult } from '@tickstream/analytics';
import {
  loadMigrations,
  migrate,
  silentLogger,
  topicSpecs,
  type ClickHouseHandle,
  type EventLog,
} from '@tickstream/core';
import {
  MIGRATIONS_DIR,
  PAIR_DEFAULTS,
  SIGNAL_SELECT,
  signalOfRow,
  TOPICS,
  validateSignal,
  type PairSpec,
  type Signal,
  type SignalReadRow,
} from '@tickstream/schema';
import {
  adaptersUnderTest,
  dropDatabase,
  openTestClickHouse,
  openTestLog,
  type AdapterName,
  type TestLog,
} from '@tickstream/testkit';
import { buildPipeline, type Pipeline, type PipelineOptions } from '../../src/pipeline';
import { PROCESS_SETTINGS } from '../../src/settings';
import { withCrashes } from '../helpers/crashing-log';
import { pairTape, produceTrades, waitFor } from '../helpers/tapes';

// Paper trading (issue 16, "Must show"): a live run of a pair gives the trades a backtest over
// the same bars gives, through restarts too, in the signals table and on md.signals.v1.

const PAPER = {
  enabled: true,
  hedge: 'ols',
  fill: 'next-close',
  entry: 1.5,
  exit: 0.3,
  stop: 3,
  maxBars: 90,
  capital: 25_000,
  feeBps: 2,
  slippageBps: 1,
} as const;

const pair: PairSpec = {
  ...PAIR_DEFAULTS,
  symbolY: 'ETHUSDT',
  symbolX: 'BTCUSDT',
  interval: '1s',
  olsWindow: 60,
  zScoreWindow: 20,
  corrWindow: 30,
  testEvery: 5,
  paper: PAPER,
};

const tape = pairTape({ startMs: Date.UTC(2024, 7, 8, 23, 0, 0), seconds: 900, seed: 11 });

/** A closed trade as a backtest reports it, with times instead of bar indexes. */
interface TradeView {
  side: string;
  beta: number;
  qy: number;
  qx: number;
  entrySignalTime: number;
  entryTime: number;
  entryPriceY: number;
  entryPriceX: number;
  exitSignalTime: number;
  exitTime: number;
  exitPriceY: number;
  exitPriceX: number;
  reason: string;
  fees: number;
  pnl: number;
  barsHeld: number;
}

function backtestTrades(result: BacktestResult): TradeView[] {
  const timeOf = (index: number) => {
    const point = result.equity[index];
    if (point === undefined) throw new Error(`no bar ${index} in the backtest`);
    return point.time;
  };
  return result.trades
    .filter((t) => t.reason !== 'end')
    .map((t) => ({
      side: t.side,
      beta: t.beta,
      qy: t.qy,
      qx: t.qx,
      entrySignalTime: timeOf(t.entrySignalIndex),
      entryTime: t.entryTime,
      entryPriceY: t.entryPriceY,
      entryPriceX: t.entryPriceX,
      exitSignalTime: timeOf(t.exitSignalIndex),
      exitTime: t.exitTime,
      exitPriceY: t.exitPriceY,
      exitPriceX: t.exitPriceX,
      reason: t.reason,
      fees: t.fees,
      pnl: t.pnl,
      barsHeld: t.barsHeld,
    }));
}

/** Closed trades from the live fills: each open fill with the close fill after it. */
function liveTrades(signals: readonly Signal[]): { trades: TradeView[]; open: Signal | undefined } {
  const trades: TradeView[] = [];
  let open: Signal | undefined;
  for (const s of signals.filter((x) => x.kind === 'fill')) {
    if (s.action === 'open') {
      expect(open).toBeUndefined();
      open = s;
      continue;
    }
    if (open === undefined) throw new Error(`a close fill at ${s.time} without an open one`);
    trades.push({
      side: s.side,
      beta: s.beta,
      qy: open.qtyY ?? Number.NaN,
      qx: open.qtyX ?? Number.NaN,
      entrySignalTime: open.signalTime,
      entryTime: open.time,
      entryPriceY: open.priceY,
      entryPriceX: open.priceX,
      exitSignalTime: s.signalTime,
      exitTime: s.time,
      exitPriceY: s.priceY,
      exitPriceX: s.priceX,
      reason: s.reason,
      fees: (open.fees ?? Number.NaN) + (s.fees ?? Number.NaN),
      pnl: s.pnl ?? Number.NaN,
      barsHeld: s.barsHeld ?? Number.NaN,
    });
    expect(s.entryTime).toBe(open.time);
    expect(s.qtyY).toBe(-(open.qtyY ?? 0));
    open = undefined;
  }
  return { trades, open };
}

async function storedSignals(ch: ClickHouseHandle): Promise<Signal[]> {
  const result = await ch.client.query({
    query: `SELECT ${SIGNAL_SELECT} FROM signals FINAL ORDER BY pair, bar_interval, run, signals.time, kind`,
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  return (await result.json<SignalReadRow>()).map(signalOfRow);
}

/** The aligned bars the pair stage analysed: the legs' closes stored with each figure. */
async function analysedBars(ch: ClickHouseHandle): Promise<AlignedBar[]> {
  const result = await ch.client.query({
    query: `SELECT toUnixTimestamp64Milli(time) AS time, price_x AS x, price_y AS y
            FROM pair_analytics FINAL WHERE pair = 'ETHUSDT/BTCUSDT' ORDER BY time`,
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  return (await result.json<AlignedBar>()).map((b) => ({ ...b, time: Number(b.time) }));
}

async function readTopic(log: EventLog, expected: number): Promise<Signal[]> {
  const messages: Signal[] = [];
  const consumer = await log.consume({
    groupId: `read-signals-${Date.now()}`,
    topics: [TOPICS.signals.name],
    handler: async (batch) => {
      for (const record of batch.records) {
        expect(record.key?.toString()).toBe('ETHUSDT/BTCUSDT@1s');
        messages.push(validateSignal.assert(JSON.parse(record.value.toString())));
      }
    },
  });
  try {
    await waitFor(() => messages.length >= expected, 30_000, `${expected} signals on the topic`);
    // Nothing more than expected arrives either.
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    await consumer.stop();
  }
  return messages;
}

const sortKey = (s: Signal) => `${s.time}:${s.kind}`;
const sorted = (signals: readonly Signal[]) =>
  [...signals].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));

describe.each(adaptersUnderTest())('paper trading in the pair stage on %s + chDB', (adapter) => {
  const opened: { t: TestLog; ch: ClickHouseHandle; pipeline?: Pipeline }[] = [];

  async function open(name: AdapterName, prefix: string) {
    const t = await openTestLog(name);
    await t.log.createTopics(topicSpecs());
    const ch = await openTestClickHouse(prefix);
    await migrate(ch.client, await loadMigrations(MIGRATIONS_DIR));
    const entry: { t: TestLog; ch: ClickHouseHandle; pipeline?: Pipeline } = { t, ch };
    opened.push(entry);
    return entry;
  }

  const settings = (eventLog: EventLog, ch: ClickHouseHandle): PipelineOptions => ({
    eventLog,
    clickhouse: ch.client,
    logger: silentLogger,
    intervals: ['1s'],
    statsWindows: [{ interval: '1s', bars: 30 }],
    allowedLatenessMs: PROCESS_SETTINGS.candleAllowedLatenessMs.default,
    maxLatenessMs: PROCESS_SETTINGS.candleMaxLatenessMs.default,
    pairs: [pair],
    flushIntervalMs: 50,
  });

  afterEach(async () => {
    for (const { t, ch, pipeline } of opened.splice(0)) {
      await pipeline?.stop();
      await t.cleanup();
      await dropDatabase(ch);
    }
  });

  it('gives trade for trade what runBacktest gives over the same bars, in the table and on md.signals.v1', async () => {
    const { t, ch } = await open(adapter, 'paper');
    await produceTrades(t.log, tape);
    const pipeline = buildPipeline(settings(t.log, ch));
    opened[opened.length - 1]!.pipeline = pipeline;
    await pipeline.start();
    await pipeline.drained();
    await pipeline.stop();

    const bars = await analysedBars(ch);
    // 900 one-second bars; the last ones are still open behind the watermark.
    expect(bars.length).toBeGreaterThan(890);
    const backtest = runBacktest(
      { interval: '1s', bars },
      {
        fill: PAPER.fill,
        hedge: PAPER.hedge,
        entry: PAPER.entry,
        exit: PAPER.exit,
        stop: PAPER.stop,
        maxBars: PAPER.maxBars,
        capital: PAPER.capital,
        feeBps: PAPER.feeBps,
        slippageBps: PAPER.slippageBps,
        window: pair.olsWindow,
        zWindow: pair.zScoreWindow,
      },
    );
    const expected = backtestTrades(backtest);
    // The tape must exercise the rules: several trades, both sides.
    expect(expected.length).toBeGreaterThanOrEqual(4);
    expect(new Set(expected.map((x) => x.side))).toEqual(new Set(['long', 'short']));

    const signals = await storedSignals(ch);
    const live = liveTrades(signals);
    expect(live.trades).toEqual(expected);
    // A position still open at the end of the tape is the backtest's end-of-range trade.
    const end = backtest.trades.find((x) => x.reason === 'end');
    expect(live.open?.time).toBe(end?.entryTime);
    if (end && live.open) {
      expect(live.open.qtyY).toBe(end.qy);
      expect(live.open.priceY).toBe(end.entryPriceY);
    }
    // Every fill has its order at the close before (next-close), and the run's realized P&L
    // after the last fill is the backtest's equity at that bar, less what is still open.
    for (const fill of signals.filter((s) => s.kind === 'fill')) {
      const order = signals.find((s) => s.kind === 'order' && s.time === fill.signalTime);
      expect(order).toMatchObject({ action: fill.action, side: fill.side, reason: fill.reason });
      expect(fill.signalTime).toBeLessThan(fill.time);
      const point = backtest.equity.find((p) => p.time === fill.time);
      expect(fill.realized).toBe(point?.realized);
      if (point !== undefined && point.time !== backtest.equity.at(-1)?.time)
        expect(fill.equity).toBe(point.equity);
    }
    expect(signals.every((s) => s.run === signals[0]?.run)).toBe(true);
    expect(signals[0]?.run).toBe(
      'ols,next-close,entry=1.5,exit=0.3,stop=3,maxBars=90,capital=25000,feeBps=2,slippageBps=1,window=60,zWindow=20',
    );

    const onTopic = await readTopic(t.log, signals.length);
    expect(sorted(onTopic)).toEqual(signals);
  });

  it('gives the same signals through crashes of the pair stage as without them', async () => {
    const reference = await open('embedded', 'paper_ref');
    await produceTrades(reference.t.log, tape);
    reference.pipeline = buildPipeline(settings(reference.t.log, reference.ch));
    await reference.pipeline.start();
    await reference.pipeline.drained();
    await reference.pipeline.stop();
    const expected = await storedSignals(reference.ch);
    expect(expected.filter((s) => s.kind === 'fill').length).toBeGreaterThanOrEqual(8);

    const faulted = await open(adapter, 'paper_crash');
    const log = withCrashes(faulted.t.log);
    const pipeline = buildPipeline({
      ...settings(log, faulted.ch),
      restartDelay: { initialMs: 20, maxMs: 200 },
    });
    faulted.pipeline = pipeline;
    await pipeline.start();
    const rounds = 6;
    const chunk = Math.ceil(tape.length / rounds);
    for (let i = 0; i < rounds; i += 1) {
      await produceTrades(log, tape.slice(i * chunk, (i + 1) * chunk));
      // Mid-stream: the pair stage has written part of this round and holds the rest.
      await waitFor(
        async () => (await countRows(faulted.ch, 'pair_analytics')) > ((i + 1) * 900) / rounds - 20,
        60_000,
        `pair analytics of round ${i}`,
      );
      await waitFor(() => pipeline.health()['pairs']?.state === 'running', 60_000);
      if (i < rounds - 1) await log.crash('tickstream.pair-analytics');
    }
    await waitFor(
      () => Object.values(pipeline.health()).every((h) => h.state === 'running'),
      60_000,
      'every stage to run again',
    );
    await pipeline.drained();
    await pipeline.stop();
    expect(log.consumeCalls.get('tickstream.pair-analytics')).toBe(rounds);

    // The figures the strategy follows are the uninterrupted run's, to the last bit.
    expect(await figures(faulted.ch)).toEqual(await figures(reference.ch));
    expect(await storedSignals(faulted.ch)).toEqual(expected);
    // The topic may hold a signal twice (at least once); its distinct events are the table's.
    const onTopic = await readTopic(log, expected.length);
    const distinct = new Map(onTopic.map((s) => [sortKey(s), s]));
    expect(sorted([...distinct.values()])).toEqual(expected);
  });
});

async function figures(ch: ClickHouseHandle): Promise<unknown[]> {
  const result = await ch.client.query({
    query: `SELECT * EXCEPT (version) FROM pair_analytics FINAL ORDER BY pair, bar_interval, time`,
    format: 'JSONEachRow',
  });
  return result.json();
}

async function countRows(ch: ClickHouseHandle, table: string): Promise<number> {
  const result = await ch.client.query({
    query: 'SELECT count() AS n FROM {t:Identifier}',
    query_params: { t: table },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ n: string | number }>();
  return Number(row?.n ?? 0);
}
