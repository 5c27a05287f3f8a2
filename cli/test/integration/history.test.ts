import {
  createMetricsRegistry,
  loadMigrations,
  migrate,
  silentLogger,
  topicSpecs,
  type ClickHouseHandle,
} from '@tickstream/core';
import {
  DEFAULT_TAPE,
  startMockExchange,
  type IngestStatus,
  type MockExchange,
  type TapeTrade,
} from '@tickstream/ingest';
import {
  INTERVAL_MS,
  MIGRATIONS_DIR,
  parsePairSpec,
  TOPICS,
  type PairSpec,
} from '@tickstream/schema';
import { dropDatabase, openTestClickHouse, openTestLog, type TestLog } from '@tickstream/testkit';
import { buildNode, sharedStorage, type TickstreamNode } from '../../src/node';
import {
  actualCandles,
  diffCandles,
  expectedCandles,
  formatCandleDiff,
  loadTape,
  type CandleValues,
} from '../faults/helpers/compare';

// History from the first second: a mock exchange that has "been running" for 3 hours before
// tickstream starts (the real USD-M capture looped, its times shifted to end now). Ingest
// fetches klines for the older part and aggregate trades for the last hour, then streams
// live. Every bar is checked against ClickHouse's own GROUP BY over the trades the exchange
// executed, the bars that straddle the start included; the pair analytics over the history
// are checked against a run that ingested the same trades live from the first one.

// A retry would find the exchange's tape already played on: these tests run once.
jest.retryTimes(0);

const HOUR = 3_600_000;
const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];
const INTERVALS = ['1s', '1m', '5m'] as const;
// The looped 8-minute tape makes the spread nearly periodic, and whether its z-score ever
// passes ±2 depends on the loop's phase against the minute: at ±0.75 some bar of every
// period does (the mean z² over a period is about 1), so the alert comparison below always
// has alerts to compare.
const PAIR: PairSpec = {
  ...(parsePairSpec('ETHUSDT/BTCUSDT@1m') as PairSpec),
  zScoreEntry: 0.75,
  zScoreExit: 0.25,
};

async function waitFor(check: () => Promise<boolean> | boolean, what: string, ms = 120_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Run {
  readonly ch: ClickHouseHandle;
  readonly log: TestLog;
  readonly node: TickstreamNode;
}

async function startRun(name: string, mock: MockExchange, history: boolean): Promise<Run> {
  const ch = await openTestClickHouse(name);
  await migrate(ch.client, await loadMigrations(MIGRATIONS_DIR));
  const log = await openTestLog('embedded');
  await log.log.createTopics(topicSpecs());
  const node = buildNode({
    roles: ['ingest', 'process'],
    options: {
      ingest: {
        source: {
          kind: 'binance',
          symbols: SYMBOLS,
          wsUrl: mock.url,
          restUrl: mock.restUrl,
          restWeightPerMinute: 1_000_000,
        },
        statusIntervalMs: 0,
        resume: { lookbackMs: 600_000 },
        ...(history
          ? { history: { lookbackMs: 4 * HOUR, tradesLookbackMs: HOUR, intervals: INTERVALS } }
          : {}),
      },
      process: {
        intervals: INTERVALS,
        statsWindows: [{ interval: '1m', bars: 30 }],
        pairs: [PAIR],
        allowedLatenessMs: 0,
        maxLatenessMs: 60_000,
        flushIntervalMs: 50,
      },
    },
    storage: sharedStorage(log.log, ch.client),
    logger: silentLogger,
    metrics: createMetricsRegistry({ role: name }),
  });
  await node.start();
  return { ch, log, node };
}

async function stopRun(run: Run | undefined): Promise<void> {
  if (run === undefined) return;
  await run.node.stop();
  await run.log.cleanup();
  await dropDatabase(run.ch);
}

const ingestStatus = (run: Run): IngestStatus => {
  const ingest = run.node.parts().ingest;
  if (ingest === undefined) throw new Error('no ingest role');
  return ingest.status();
};

/** Waits until ingest has written the exchange's last trade and every processor caught up. */
async function settle(run: Run, exchange: MockExchange): Promise<void> {
  await waitFor(
    () =>
      SYMBOLS.every(
        (s) => ingestStatus(run).symbols[s]?.lastTradeId === exchange.history(s).at(-1)?.id,
      ),
    'ingest to write the last trade of every symbol',
    300_000,
  );
  await run.node.parts().pipeline?.drained();
}

interface PairRow {
  time: string;
  hedge_ratio: number | null;
  spread: number | null;
  zscore: number | null;
  correlation: number | null;
  adf_pvalue: number | null;
}

async function pairRows(ch: ClickHouseHandle): Promise<Map<string, PairRow>> {
  const result = await ch.client.query({
    query: `SELECT toString(toUnixTimestamp64Milli(time)) AS time, hedge_ratio, spread, zscore,
                   correlation, adf_pvalue
            FROM pair_analytics FINAL WHERE pair = {pair:String} AND bar_interval = '1m'`,
    query_params: { pair: `${PAIR.symbolY}/${PAIR.symbolX}` },
    format: 'JSONEachRow',
  });
  return new Map((await result.json<PairRow>()).map((r) => [r.time, r]));
}

function close(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

describe('history from the first second, against a mock exchange running for 3 hours', () => {
  let mock: MockExchange;
  let historyRun: Run | undefined;
  let liveRun: Run | undefined;
  let liveMock: MockExchange | undefined;
  let startedAt: number;
  let executed: TapeTrade[];

  beforeAll(async () => {
    mock = await startMockExchange({
      tape: { kind: 'file', path: DEFAULT_TAPE, loop: true },
      prehistoryMs: 3 * HOUR,
      timestamps: 'recorded',
      speed: 20,
      restWeightPerMinute: 0,
    });
    startedAt = Date.now();
  }, 120_000);

  afterAll(async () => {
    await stopRun(historyRun);
    await stopRun(liveRun);
    await liveMock?.stop();
    await mock.stop();
  });

  it('fills 3 h of 1m and 5m bars and the last hour of 1s bars, equal to the exchange trades', async () => {
    const prehistory = SYMBOLS.reduce((n, s) => n + mock.history(s).length, 0);
    // The exchange's start: its last trade before tickstream connects.
    const prehistoryEnd = Math.max(...SYMBOLS.map((s) => mock.history(s).at(-1)?.time ?? 0));
    const firstPrehistory = Math.max(...SYMBOLS.map((s) => mock.history(s)[0]?.time ?? 0));
    expect(firstPrehistory).toBeLessThan(startedAt - 2.9 * HOUR);
    historyRun = await startRun('history', mock, true);
    const run = historyRun;
    await waitFor(() => ingestStatus(run).history?.state === 'done', 'history to finish');
    const status = ingestStatus(run);
    expect(status.history?.percent).toBe(100);
    expect(status.history?.bars).toBeGreaterThan(0);
    expect(status.history?.aggTrades).toBeGreaterThan(0);
    const tradesFrom = status.history?.symbols['BTCUSDT']?.find((x) => x.series === 'trades')?.from;
    if (tradesFrom === undefined) throw new Error('history fetched no trades');
    expect(tradesFrom % INTERVAL_MS['5m']).toBe(0);
    expect(startedAt - tradesFrom).toBeGreaterThanOrEqual(HOUR);
    // Live plays on until every bar that straddles the start has closed (12 min of tape time).
    await waitFor(
      () => SYMBOLS.every((s) => (mock.history(s).at(-1)?.time ?? 0) >= startedAt + 12 * 60_000),
      'the exchange to play 12 minutes past the start',
      180_000,
    );
    mock.pause();
    executed = SYMBOLS.flatMap((s) => [...mock.history(s)]);
    expect(executed.length).toBeGreaterThan(prehistory);
    await settle(run, mock);

    await loadTape(run.ch.client, executed);
    const sources = await sourcesOf(run.ch);
    // The bars that have closed: the newest of each symbol and interval is still open.
    const closedBefore =
      Math.min(...SYMBOLS.map((s) => mock.history(s).at(-1)?.time ?? 0)) - 5 * 60_000;
    const pick = (map: ReadonlyMap<string, CandleValues>) =>
      new Map(
        [...map].flatMap(([key, value]): [string, CandleValues][] => {
          const [, interval = '', iso = ''] = key.split(' ');
          const start = Date.parse(iso);
          const size = INTERVAL_MS[interval as (typeof INTERVALS)[number]];
          if (start + size > closedBefore || (interval === '1s' && start < tradesFrom)) return [];
          // A kline does not say which trades it holds: its ids are not compared.
          return sources.get(key) === 'klines'
            ? [[key, { ...value, first_trade_id: 0, last_trade_id: 0 }]]
            : [[key, value]];
        }),
      );
    const expected = pick(await expectedCandles(run.ch.client, INTERVALS));
    const diff = diffCandles(expected, pick(await actualCandles(run.ch.client, INTERVALS)));
    expect(formatCandleDiff(diff)).toBe(`candles: all ${diff.matched} equal`);
    // 3 h of 1m and 5m bars, and the last hour or so of 1s bars, for both symbols.
    const count = (interval: string) =>
      [...expected.keys()].filter((k) => k.split(' ')[1] === interval).length;
    expect(count('1m')).toBeGreaterThan(2 * 3 * 55);
    expect(count('5m')).toBeGreaterThan(2 * 3 * 11);
    expect(count('1s')).toBeGreaterThan(2 * 1_800);
    // Where each bar came from: klines before the trade lookback, aggregate trades in it (the
    // bars holding the start too, partly live), live after.
    const straddling = SYMBOLS.flatMap((s) =>
      (['1m', '5m'] as const).map((iv) => {
        const size = INTERVAL_MS[iv];
        return `${s} ${iv} ${new Date(Math.floor(prehistoryEnd / size) * size).toISOString()}`;
      }),
    );
    for (const key of straddling) {
      expect([key, sources.get(key), expected.has(key)]).toEqual([key, 'aggTrades', true]);
    }
    const older = `BTCUSDT 1m ${new Date(tradesFrom - HOUR).toISOString()}`;
    expect([older, sources.get(older)]).toEqual([older, 'klines']);
    const afterStart = `BTCUSDT 1m ${new Date(Math.floor(prehistoryEnd / 60_000) * 60_000 + 5 * 60_000).toISOString()}`;
    expect([afterStart, sources.get(afterStart)]).toEqual([afterStart, 'live']);
    // The exchange was never asked past its limit.
    expect(mock.stats().restRateLimited).toBe(0);
  }, 420_000);

  it('computes the pair analytics over the history as a run that ingested the same trades live', async () => {
    const run = historyRun;
    if (run === undefined) throw new Error('the history run did not start');
    liveMock = await startMockExchange({
      tape: { kind: 'trades', trades: executed },
      timestamps: 'recorded',
      speed: 'max',
    });
    liveRun = await startRun('live', liveMock, false);
    const live = liveRun;
    await waitFor(() => liveMock?.stats().finished === true, 'the replay to end', 300_000);
    await settle(live, liveMock);
    const fromHistory = await pairRows(run.ch);
    const fromLive = await pairRows(live.ch);
    const common = [...fromLive.keys()].filter((t) => fromHistory.has(t));
    // Every 1m bar of the 3 h after the warm-up, in both runs.
    expect(common.length).toBeGreaterThan(150);
    const differing = common.filter((t) => {
      const a = fromHistory.get(t);
      const b = fromLive.get(t);
      return !(
        a &&
        b &&
        close(a.hedge_ratio, b.hedge_ratio) &&
        close(a.spread, b.spread) &&
        close(a.zscore, b.zscore) &&
        close(a.correlation, b.correlation) &&
        close(a.adf_pvalue, b.adf_pvalue)
      );
    });
    expect(differing).toEqual([]);
    // The alerts over the history are the live run's (the alert log opens full), but none
    // of them went out live on md.alerts.v1.
    const before = { t: startedAt - 60_000 };
    const alertsOf = async (ch: ClickHouseHandle) => {
      const result = await ch.client.query({
        query: `SELECT toString(toUnixTimestamp64Milli(time)) AS at, kind FROM alerts FINAL
                WHERE time < fromUnixTimestamp64Milli({t:Int64}) ORDER BY at, kind`,
        query_params: before,
        format: 'JSONEachRow',
      });
      return result.json<{ at: string; kind: string }>();
    };
    const liveAlerts = await alertsOf(live.ch);
    expect(liveAlerts.length).toBeGreaterThan(0);
    expect(await alertsOf(run.ch)).toEqual(liveAlerts);
    const published = await publishedAlerts(run.log);
    expect(published.filter((a) => a.time < before.t)).toEqual([]);
  }, 420_000);
});

/** What the pair stage published on md.alerts.v1 (read to its end). */
async function publishedAlerts(log: TestLog): Promise<{ time: number }[]> {
  const topic = TOPICS.alerts.name;
  const ends = await log.log.endOffsets(topic);
  const total = [...ends.values()].reduce((n, end) => n + end, 0);
  const seen: { time: number }[] = [];
  if (total === 0) return seen;
  const consumer = await log.log.consume({
    groupId: `history-test-alerts-${Date.now()}`,
    topics: [topic],
    start: 'earliest',
    handler: async (batch) => {
      for (const record of batch.records)
        seen.push(JSON.parse(record.value.toString('utf8')) as { time: number });
    },
  });
  await waitFor(() => seen.length >= total, 'the alerts topic to be read');
  await consumer.stop();
  return seen;
}

async function sourcesOf(ch: ClickHouseHandle): Promise<Map<string, string>> {
  const result = await ch.client.query({
    query: `SELECT symbol, bar_interval, toString(toUnixTimestamp64Milli(bucket_start)) AS start,
                   toString(source) AS source
            FROM candles FINAL`,
    format: 'JSONEachRow',
  });
  const rows = await result.json<{
    symbol: string;
    bar_interval: string;
    start: string;
    source: string;
  }>();
  return new Map(
    rows.map((r) => [
      `${r.symbol} ${r.bar_interval} ${new Date(Number(r.start)).toISOString()}`,
      r.source,
    ]),
  );
}
