import { silentLogger, type EventLog } from '@tickstream/core';
import { TOPICS, type Candle } from '@tickstream/schema';
import type { BackfillRequest } from '../../src/backfill/backfill-plan';
import { runBackfill } from '../../src/backfill/run-backfill';

// The REST side of a backfill without a network or a log: a fetch that answers as Binance's
// /fapi/v1/aggTrades pages (by time within an hour, then by id), and a log that keeps what it
// is given.

const D16 = Date.UTC(2024, 11, 16);
const D17 = D16 + 86_400_000;
const D18 = D17 + 86_400_000;

interface Agg {
  a: number;
  p: string;
  q: string;
  f: number;
  l: number;
  T: number;
  m: boolean;
}

/** An aggregate every 7 s from 23:50 on the 16th to 00:10 on the 17th, 3 trades each. */
const AGGS: Agg[] = Array.from({ length: Math.floor(1_200_000 / 7_000) }, (_, i) => ({
  a: 500 + i,
  p: (100 + (i % 13) / 4).toFixed(2),
  q: '0.5',
  f: 10_000 + 3 * i,
  l: 10_000 + 3 * i + 2,
  T: D17 - 600_000 + i * 7_000,
  m: i % 3 === 0,
}));

function exchange(failures: number[]) {
  const calls: string[] = [];
  const fn = (async (input: string | URL | Request) => {
    const url = new URL(String(input));
    calls.push(url.search);
    const status = failures.shift();
    if (status !== undefined) {
      return new Response('{"code":-1003}', { status, headers: { 'retry-after': '0' } });
    }
    const q = url.searchParams;
    const n = (k: string) => (q.get(k) === null ? undefined : Number(q.get(k)));
    const [fromId, start, end, limit] = [n('fromId'), n('startTime'), n('endTime'), n('limit')];
    const items = AGGS.filter((x) =>
      fromId !== undefined
        ? x.a >= fromId
        : x.T >= (start ?? 0) && x.T <= (end ?? Number.POSITIVE_INFINITY),
    ).slice(0, limit ?? 500);
    return new Response(JSON.stringify(items), { status: 200 });
  }) as typeof fetch;
  return { fn, calls };
}

function memoryLog() {
  const bars: Candle[] = [];
  const log = {
    produce: async (topic: string, records: Array<{ key: string; value: string }>) => {
      expect(topic).toBe(TOPICS.candles.name);
      for (const r of records) {
        const bar = JSON.parse(r.value) as Candle;
        expect(r.key).toBe(TOPICS.candles.keyOf(bar));
        bars.push(bar);
      }
    },
  };
  // A stand-in for the one method the backfill calls.
  return { log: log as unknown as EventLog, bars };
}

const request: BackfillRequest = {
  symbols: ['BTCUSDT'],
  from: D16,
  to: D18,
  intervals: ['1m', '5m'],
  source: 'rest',
  kind: 'aggTrades',
  exchange: 'binance-futures',
};

async function backfill(failures: number[]) {
  const { fn, calls } = exchange(failures);
  const { log, bars } = memoryLog();
  const result = await runBackfill(request, {
    eventLog: log,
    logger: silentLogger,
    dataUrl: 'http://data.test',
    restUrl: 'http://rest.test',
    weightPerMinute: 1_000_000,
    fetch: fn,
  });
  return { result, bars, calls };
}

describe('a REST backfill of aggregate trades', () => {
  it('carries its place across days, and gives each bar the trades f..l of its aggregates', async () => {
    const { result, bars, calls } = await backfill([]);
    // The 16th: by time, an hour at a time, until the hour with trades (to midnight inclusive).
    expect(calls.filter((c) => c.includes('startTime'))).toHaveLength(24);
    // Then by id after the last aggregate, across midnight, until a short page.
    expect(calls.filter((c) => c.includes('fromId'))).toEqual([
      `?symbol=BTCUSDT&fromId=${AGGS.filter((x) => x.T <= D17).at(-1)!.a + 1}&limit=1000`,
    ]);
    expect(result.trades).toBe(AGGS.length);
    const minutes = bars.filter((b) => b.interval === '1m');
    expect(minutes.map((b) => b.start)).toEqual(
      Array.from({ length: 20 }, (_, i) => D17 - 600_000 + i * 60_000),
    );
    for (const bar of minutes) {
      const inside = AGGS.filter((x) => x.T >= bar.start && x.T < bar.end);
      expect(bar).toMatchObject({
        tradeCount: 3 * inside.length,
        firstTradeId: inside[0]!.f,
        lastTradeId: inside.at(-1)!.l,
        source: 'imported',
        final: true,
        open: Number(inside[0]!.p),
        close: Number(inside.at(-1)!.p),
      });
      expect(bar.volume).toBeCloseTo(0.5 * inside.length, 9);
    }
    expect(bars.filter((b) => b.interval === '5m')).toHaveLength(4);
    // In time order per key.
    for (const interval of ['1m', '5m']) {
      const starts = bars.filter((b) => b.interval === interval).map((b) => b.start);
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
    }
  });

  it('waits out the exchange turning it away (429, 503) and ends with the same bars', async () => {
    const clean = await backfill([]);
    const turnedAway = await backfill([429, 503]);
    expect(turnedAway.bars).toEqual(clean.bars);
    expect(turnedAway.calls.length).toBe(clean.calls.length + 2);
  }, 20_000);
});
