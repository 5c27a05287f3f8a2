import { createMetricsRegistry, silentLogger } from '@tickstream/core';
import type { Candle, HistoryProgress, Trade } from '@tickstream/schema';
import {
  buildIngest,
  DEFAULT_TAPE,
  startMockExchange,
  type Ingest,
  type MockExchange,
} from '../../src';
import { testEventLog, type TestEventLog } from '../helpers/event-log';
import { waitFor } from '../helpers/wait';

// Ingest's history against the mock exchange over real HTTP: what it writes (klines to the
// candles topic, aggregate trades to the trades topic, progress to the history topic), how it
// spends the exchange's request weight, and how a restart continues it.

const HOUR = 3_600_000;
const symbols = ['BTCUSDT', 'ETHUSDT'];

describe("ingest's history before the live stream", () => {
  let log: TestEventLog | undefined;
  let mock: MockExchange | undefined;
  let ingest: Ingest | undefined;
  afterEach(async () => {
    await ingest?.stop();
    await mock?.stop();
    await log?.close();
    ingest = undefined;
    mock = undefined;
    log = undefined;
  });

  const ingestOn = (
    l: TestEventLog,
    m: MockExchange,
    history: { lookbackMs: number; tradesLookbackMs: number },
    budget = 1200,
  ) =>
    buildIngest({
      eventLog: l.eventLog,
      logger: silentLogger,
      metrics: createMetricsRegistry({ role: 'ingest' }),
      topics: l.topics,
      statusIntervalMs: 0,
      resume: { lookbackMs: 600_000 },
      source: {
        kind: 'binance',
        symbols,
        wsUrl: m.url,
        restUrl: m.restUrl,
        restWeightPerMinute: budget,
      },
      history: { ...history, intervals: ['1s', '1m', '5m'] },
    });

  it('completes under a low weight limit: waits out every 429 and never draws a 418', async () => {
    mock = await startMockExchange({
      tape: { kind: 'file', path: DEFAULT_TAPE, loop: true },
      prehistoryMs: 2 * HOUR,
      restWeightPerMinute: 100,
      autoplay: false,
    });
    log = await testEventLog('history-weights');
    // Its budget (1,200 a minute) is above what this exchange allows: the 429s decide.
    ingest = ingestOn(log, mock, { lookbackMs: 3 * HOUR, tradesLookbackMs: 2 * 60_000 });
    await ingest.start();
    const running = ingest;
    await waitFor(() => running.status().history?.state === 'done', 'history to finish', 240_000);
    const stats = mock.stats();
    expect(stats.restRateLimited).toBeGreaterThanOrEqual(1);
    expect(stats.restBanned).toBe(0);
    const status = running.status().history;
    // Every aggregate of the last two minutes (from their 1m boundary) of both symbols.
    const tradesFrom = status?.symbols['BTCUSDT']?.find((s) => s.series === 'trades')?.from ?? 0;
    const expected = symbols.reduce(
      (n, s) => n + mock!.aggHistory(s).filter((a) => a.time >= tradesFrom).length,
      0,
    );
    expect(status?.aggTrades).toBe(expected);
    const trades = await log.read<Trade>(log.topics.trades, (v) => v.length >= expected, 60_000);
    expect(trades.every((t) => t.firstTradeId !== undefined)).toBe(true);
    // Bars of 1m and 5m for the two hours before, from klines.
    const bars = await log.readAll<Candle>(log.topics.candles);
    expect(bars.length).toBe(status?.bars);
    expect(bars.every((b) => b.source === 'klines' && b.final && b.start < tradesFrom)).toBe(true);
    expect(
      bars.filter((b) => b.interval === '1m' && b.symbol === 'BTCUSDT').length,
    ).toBeGreaterThan(110);
  }, 300_000);

  it('continues after a restart where it stopped: no page asked twice beyond the one in flight', async () => {
    mock = await startMockExchange({
      tape: { kind: 'file', path: DEFAULT_TAPE, loop: true },
      prehistoryMs: 2 * HOUR,
      restWeightPerMinute: 0,
      autoplay: false,
    });
    log = await testEventLog('history-restart');
    const history = { lookbackMs: 3 * HOUR, tradesLookbackMs: HOUR };
    // A budget that lets a few pages through a second: stopped mid-way through the trades.
    ingest = ingestOn(log, mock, history, 1_200);
    await ingest.start();
    const first = ingest;
    await waitFor(
      () => (first.status().history?.aggTrades ?? 0) >= 20_000,
      'history to be part way through the trades',
      120_000,
    );
    await first.stop();
    const stoppedAt = first.status().history;
    expect(stoppedAt?.state).not.toBe('done');
    const historyCalls = (calls: readonly string[]) =>
      calls.filter((c) => c.startsWith('/fapi/v1/klines') || c.startsWith('/fapi/v1/aggTrades'));
    const firstCalls = historyCalls([...mock.restLog()]);
    expect(firstCalls.length).toBeGreaterThan(10);
    ingest = ingestOn(log, mock, history, 1_000_000);
    await ingest.start();
    const second = ingest;
    await waitFor(() => second.status().history?.state === 'done', 'history to finish', 120_000);
    // The second run asked for no kline range and no aggregate page the first one wrote.
    const progress = await log.readAll<HistoryProgress>(log.topics.history);
    expect(progress.some((p) => p.series === 'trades')).toBe(true);
    const trades = await log.readAll<Trade>(log.topics.trades);
    const ids = trades.map((t) => `${t.symbol}:${t.tradeId}`);
    const duplicates = ids.length - new Set(ids).size;
    // At most the page in flight when it stopped (1,000 aggregates) was written twice.
    expect(duplicates).toBeLessThanOrEqual(1_000);
    // BTCUSDT (first) was part way when the first run stopped: it continues from there, so its
    // aggregates start where the first run's plan put them; ETHUSDT starts in the second run.
    const fromOf = (run: Ingest, symbol: string) =>
      run.status().history?.symbols[symbol]?.find((x) => x.series === 'trades')?.from ?? 0;
    const expected =
      mock.aggHistory('BTCUSDT').filter((a) => a.time >= fromOf(first, 'BTCUSDT')).length +
      mock.aggHistory('ETHUSDT').filter((a) => a.time >= fromOf(second, 'ETHUSDT')).length;
    expect(new Set(ids).size).toBe(expected);
    // No kline range and no aggregate page asked again, but the one in flight at the stop.
    const again = historyCalls(mock.restLog())
      .slice(firstCalls.length)
      .filter((c) => firstCalls.includes(c));
    expect(again.length).toBeLessThanOrEqual(1);
    // At stop it records where the stream got to, for a restart after any stop length.
    await second.stop();
    const last = (await log.readAll<HistoryProgress>(log.topics.history)).filter(
      (p) => p.series === 'live',
    );
    for (const symbol of symbols) {
      const newest = mock.aggHistory(symbol).at(-1);
      expect(last.filter((p) => p.symbol === symbol).at(-1)).toMatchObject({
        lastTradeId: newest?.lastId,
        coveredTo: (newest?.time ?? 0) + 1,
      });
    }
  }, 300_000);
});
