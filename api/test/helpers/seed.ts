import {
  alertRow,
  candleRow,
  INTERVAL_MS,
  pairAnalyticsRow,
  tradeRow,
  type Alert,
  type Candle,
  type Interval,
  type PairAnalytics,
  type Trade,
} from '@tickstream/schema';
import type { ClickHouseHandle } from '@tickstream/core';
import { mulberry32 } from '@tickstream/testkit';

export const T0 = Date.UTC(2024, 6, 19, 0, 0, 0);

/** Deterministic random walk. */
export function walk(seed: number, n: number, start: number, step = 0.002): number[] {
  const rand = mulberry32(seed);
  const out: number[] = [];
  let p = start;
  for (let i = 0; i < n; i++) {
    p *= 1 + (rand() - 0.5) * step;
    out.push(Math.round(p * 100) / 100);
  }
  return out;
}

/** Final bars of one symbol from closes: open = previous close, volume varies. */
export function barsFrom(
  symbol: string,
  interval: Interval,
  closes: readonly number[],
  start = T0,
  exchange = 'binance-futures',
): Candle[] {
  const size = INTERVAL_MS[interval];
  return closes.map((close, i) => {
    const open = i === 0 ? close : (closes[i - 1] as number);
    const volume = 1 + (i % 7) * 0.5;
    return {
      type: 'candle',
      exchange,
      symbol,
      interval,
      start: start + i * size,
      end: start + (i + 1) * size,
      open,
      high: Math.max(open, close) + 0.5,
      low: Math.min(open, close) - 0.5,
      close,
      volume,
      quoteVolume: volume * close,
      buyVolume: volume / 2,
      sellVolume: volume / 2,
      tradeCount: 3 + (i % 5),
      vwap: close,
      firstTradeId: i * 10,
      lastTradeId: i * 10 + 9,
      version: 1,
      final: true,
    };
  });
}

export async function insertCandles(
  ch: ClickHouseHandle,
  candles: readonly Candle[],
): Promise<void> {
  await ch.client.insert({
    table: 'candles',
    values: candles.map((c) => candleRow(c)),
    format: 'JSONEachRow',
  });
}

export function tradesFrom(
  symbol: string,
  prices: readonly number[],
  start = T0,
  stepMs = 250,
): Trade[] {
  return prices.map((price, i) => ({
    type: 'trade',
    exchange: 'binance-futures',
    symbol,
    tradeId: 1_000 + i,
    price,
    qty: 0.001 * (1 + (i % 9)),
    side: i % 3 === 0 ? 'sell' : 'buy',
    tradeTime: start + i * stepMs,
    eventTime: start + i * stepMs + 2,
    ingestTime: start + i * stepMs + 30,
  }));
}

export async function insertTrades(ch: ClickHouseHandle, trades: readonly Trade[]): Promise<void> {
  await ch.client.insert({ table: 'trades', values: trades.map(tradeRow), format: 'JSONEachRow' });
}

export async function insertPairAnalytics(
  ch: ClickHouseHandle,
  rows: readonly PairAnalytics[],
): Promise<void> {
  await ch.client.insert({
    table: 'pair_analytics',
    values: rows.map(pairAnalyticsRow),
    format: 'JSONEachRow',
  });
}

export async function insertAlerts(ch: ClickHouseHandle, rows: readonly Alert[]): Promise<void> {
  await ch.client.insert({ table: 'alerts', values: rows.map(alertRow), format: 'JSONEachRow' });
}

export async function count(ch: ClickHouseHandle, table: string): Promise<number> {
  const r = await ch.client.query({
    query: 'SELECT count() AS n FROM {t:Identifier}',
    query_params: { t: table },
    format: 'JSONEachRow',
  });
  const [row] = await r.json<{ n: string | number }>();
  return Number(row?.n ?? 0);
}

export function alertsFor(pair: string, times: readonly number[]): Alert[] {
  return times.map((time, i) => ({
    type: 'alert',
    id: `${i % 2 === 0 ? 'zscore-entry' : 'zscore-exit'}:${pair}:1m:${time}`,
    kind: i % 2 === 0 ? 'zscore-entry' : 'zscore-exit',
    pair,
    interval: '1m',
    time,
    value: i % 2 === 0 ? 2.5 : 0.3,
    threshold: i % 2 === 0 ? 2 : 0.5,
    message: i % 2 === 0 ? 'Z: 2.5 > 2' : 'Z: 0.3 < 0.5',
    fromState: i % 2 === 0 ? 'inside' : 'above',
    toState: i % 2 === 0 ? 'above' : 'inside',
  }));
}
