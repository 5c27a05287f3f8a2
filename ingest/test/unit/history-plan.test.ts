import type { HistoryProgress } from '@tickstream/schema';
import { planHistory, tradeAlignment } from '../../src/history/history-plan';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 6, 10, 37, 12, 345);
const settings = {
  lookbackMs: 24 * HOUR,
  tradesLookbackMs: HOUR,
  intervals: ['1s', '1m', '5m'] as const,
};

function progress(
  entries: readonly Omit<HistoryProgress, 'type' | 'exchange' | 'symbol' | 'updatedAt'>[],
) {
  return new Map(
    entries.map((e) => [
      e.series,
      {
        type: 'history-progress',
        exchange: 'binance-futures',
        symbol: 'BTCUSDT',
        updatedAt: 0,
        ...e,
      },
    ]),
  ) as ReadonlyMap<HistoryProgress['series'], HistoryProgress>;
}

describe('the history plan', () => {
  it('starts trades on a bar of the coarsest materialized interval within the trade lookback', () => {
    expect(tradeAlignment(settings)).toBe(300_000);
    expect(tradeAlignment({ ...settings, intervals: ['1s', '1m', '5m', '15m', '1h', '4h'] })).toBe(
      HOUR,
    );
    expect(tradeAlignment({ ...settings, intervals: ['1s'] })).toBe(60_000);
    const plan = planHistory(NOW, settings, new Map(), false);
    expect(plan.tradesFrom).toBe(Date.UTC(2026, 11, 6, 9, 35));
    expect(plan.trades).toEqual({ fromTime: plan.tradesFrom, afterAggId: undefined });
  });

  it('fetches klines of 1m and coarser over the rest of the lookback, none of 1s', () => {
    const plan = planHistory(NOW, settings, new Map(), false);
    expect(plan.klines).toEqual([
      { interval: '1m', from: Date.UTC(2026, 11, 5, 10, 37), to: plan.tradesFrom },
      { interval: '5m', from: Date.UTC(2026, 11, 5, 10, 35), to: plan.tradesFrom },
    ]);
  });

  it('takes a coarse bar that straddles the trade start whole once it has closed, never an open one', () => {
    const plan = planHistory(
      NOW,
      { ...settings, intervals: ['1m', '1h', '4h', '1d'] },
      new Map(),
      false,
    );
    const tradesFrom = Date.UTC(2026, 11, 6, 9, 0);
    expect(plan.tradesFrom).toBe(tradesFrom);
    const byInterval = Object.fromEntries(plan.klines.map((k) => [k.interval, k]));
    expect(byInterval['1h']?.to).toBe(tradesFrom);
    // 08:00–12:00 is still open at 10:37: klines stop at 08:00.
    expect(byInterval['4h']?.to).toBe(Date.UTC(2026, 11, 6, 8, 0));
    expect(byInterval['1d']?.to).toBe(Date.UTC(2026, 11, 6, 0, 0));
  });

  it('continues where an earlier run stopped, and leaves trades to the log after a short stop', () => {
    const done = progress([
      { series: '1m', coveredTo: Date.UTC(2026, 11, 6, 2, 0) },
      { series: '5m', coveredTo: Date.UTC(2026, 11, 6, 9, 35) },
      {
        series: 'trades',
        coveredTo: Date.UTC(2026, 11, 6, 9, 50),
        lastId: 777,
        lastTradeId: 9_999,
      },
    ]);
    const plan = planHistory(NOW, settings, done, false);
    expect(plan.klines).toEqual([
      { interval: '1m', from: Date.UTC(2026, 11, 6, 2, 0), to: plan.tradesFrom },
    ]);
    expect(plan.trades).toEqual({ fromTime: Date.UTC(2026, 11, 6, 9, 50), afterAggId: 777 });
    expect(planHistory(NOW, settings, done, true).trades).toBeUndefined();
  });

  it('starts the trades over when what an earlier run fetched is older than the trade lookback', () => {
    const old = progress([{ series: 'trades', coveredTo: NOW - 5 * HOUR, lastId: 5 }]);
    const plan = planHistory(NOW, settings, old, false);
    expect(plan.trades).toEqual({ fromTime: plan.tradesFrom, afterAggId: undefined });
  });

  it('after a stop within the trade lookback, resumes the live stream by trade id and fetches no trades', () => {
    const done = progress([
      { series: '1m', coveredTo: Date.UTC(2026, 11, 6, 9, 35) },
      { series: '5m', coveredTo: Date.UTC(2026, 11, 6, 9, 35) },
      { series: 'trades', coveredTo: Date.UTC(2026, 11, 6, 9, 36), lastId: 7, lastTradeId: 70 },
      { series: 'live', coveredTo: Date.UTC(2026, 11, 6, 10, 5, 1), lastTradeId: 9_000 },
    ]);
    const plan = planHistory(NOW, settings, done, false);
    expect(plan.resumeAfterId).toBe(9_000);
    expect(plan.trades).toBeUndefined();
    expect(plan.klines).toEqual([]);
    // Resumed from the log already (a stop of minutes): the log's ids win.
    expect(planHistory(NOW, settings, done, true).resumeAfterId).toBeUndefined();
  });

  it('after a stop of hours, fetches klines from the bar of the last live trade, then trades', () => {
    const done = progress([
      { series: '1m', coveredTo: Date.UTC(2026, 11, 5, 20, 0) },
      { series: '5m', coveredTo: Date.UTC(2026, 11, 5, 20, 0) },
      { series: 'live', coveredTo: Date.UTC(2026, 11, 6, 3, 12, 30), lastTradeId: 9_000 },
    ]);
    const plan = planHistory(NOW, settings, done, false);
    expect(plan.resumeAfterId).toBeUndefined();
    expect(plan.klines).toEqual([
      { interval: '1m', from: Date.UTC(2026, 11, 6, 3, 12), to: plan.tradesFrom },
      { interval: '5m', from: Date.UTC(2026, 11, 6, 3, 10), to: plan.tradesFrom },
    ]);
    expect(plan.trades).toEqual({ fromTime: plan.tradesFrom, afterAggId: undefined });
  });
});
