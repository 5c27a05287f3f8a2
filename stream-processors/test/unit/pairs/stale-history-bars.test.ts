import type { ClickHouseClient, EventLog, LogRecord } from '@tickstream/core';
import { silentLogger } from '@tickstream/core';
import {
  PAIR_DEFAULTS,
  pairId,
  TOPICS,
  type Candle,
  type PairBar,
  type PairSpec,
} from '@tickstream/schema';
import { isStaleHistoryBar, pairProcessor } from '../../../src/pairs/pair-processor';

// The pair stage on its own, with ClickHouse and the event log replaced by stand-ins that
// answer its two start-up reads and keep what it writes: which bars start a pair's state,
// and what it then computes, without a database.

const MINUTE = 60_000;
const TODAY = Date.UTC(2024, 11, 17, 10, 0, 0);
const YESTERDAY = Date.UTC(2024, 11, 16, 10, 0, 0);
const spec: PairSpec = {
  ...PAIR_DEFAULTS,
  symbolY: 'ETHUSDT',
  symbolX: 'BTCUSDT',
  interval: '1m',
  olsWindow: 5,
  zScoreWindow: 3,
  corrWindow: 4,
};
const id = pairId(spec);

function candle(symbol: string, start: number, close: number, source?: Candle['source']): Candle {
  return {
    type: 'candle',
    exchange: 'binance-futures',
    symbol,
    interval: '1m',
    start,
    end: start + MINUTE,
    open: close,
    high: close,
    low: close,
    close,
    volume: 1,
    quoteVolume: close,
    buyVolume: 1,
    sellVolume: 0,
    tradeCount: 1,
    vwap: close,
    firstTradeId: 1,
    lastTradeId: 1,
    version: 1,
    final: true,
    ...(source !== undefined ? { source } : {}),
  };
}

/** Both legs' bars at `start`, x (BTC) first; prices follow a wiggle so windows have variance. */
function barsAt(start: number, i: number, source?: Candle['source']): PairBar[] {
  const x = 60_000 + 40 * Math.sin(i) + i;
  const y = 3_000 + 3 * Math.cos(i * 1.3) + 0.05 * i;
  return [
    { type: 'pair-bar', pairId: id, leg: 'x', candle: candle('BTCUSDT', start, x, source) },
    { type: 'pair-bar', pairId: id, leg: 'y', candle: candle('ETHUSDT', start, y, source) },
  ];
}

interface Stand {
  readonly clickhouse: ClickHouseClient;
  readonly eventLog: EventLog;
  /** Each history read's bound per leg (bars before it are read). */
  readonly historyBefore: Array<{ x: number; y: number }>;
  /** The `pair_analytics` rows written, oldest first. */
  readonly written: Array<Record<string, unknown>>;
}

/**
 * ClickHouse with `pair_analytics` written through `writtenThrough` and, in `candles`, both
 * legs' bars from TODAY up to it (the bars those outputs were computed from).
 */
function stand(writtenThrough: number): Stand {
  const historyBefore: Array<{ x: number; y: number }> = [];
  const written: Array<Record<string, unknown>> = [];
  const stored: Array<{ leg: 'x' | 'y'; start: number; close: number }> = [];
  for (let i = 0; TODAY + i * MINUTE <= writtenThrough; i++) {
    for (const bar of barsAt(TODAY + i * MINUTE, i)) {
      stored.push({ leg: bar.leg, start: bar.candle.start, close: bar.candle.close });
    }
  }
  const clickhouse = {
    query: async ({
      query,
      query_params,
    }: {
      query: string;
      query_params: { beforeX?: number; beforeY?: number };
    }) => {
      if (query.includes('FROM pair_analytics')) {
        return { json: async () => [{ t: writtenThrough, n: 1 }] };
      }
      const before = {
        x: query_params.beforeX ?? Number.POSITIVE_INFINITY,
        y: query_params.beforeY ?? Number.POSITIVE_INFINITY,
      };
      historyBefore.push(before);
      return { json: async () => stored.filter((b) => b.start < before[b.leg]) };
    },
    insert: async ({
      table,
      values,
      columns,
    }: {
      table: string;
      values: unknown[][];
      columns: string[];
    }) => {
      if (table !== 'pair_analytics') return;
      for (const row of values) {
        const record = Object.fromEntries(columns.map((c, i) => [c, row[i]]));
        written.push(record);
      }
    },
  };
  const eventLog = { produce: async () => undefined };
  return {
    // Stand-ins for the two calls the stage makes of each; the casts say no more than that.
    clickhouse: clickhouse as unknown as ClickHouseClient,
    eventLog: eventLog as unknown as EventLog,
    historyBefore,
    written,
  };
}

async function run(s: Stand, batch: readonly PairBar[]) {
  const counters = pairProcessor.counters();
  const stage = pairProcessor.stage(
    { eventLog: s.eventLog, logger: silentLogger, clickhouse: s.clickhouse, pairs: [spec] },
    counters,
    { deadLetter: () => undefined },
  );
  await stage.prepare?.(batch);
  batch.forEach((bar, offset) => {
    const record: LogRecord = {
      topic: TOPICS.pairBars.name,
      partition: 0,
      offset,
      key: id,
      value: Buffer.from(''),
      timestamp: 0,
    };
    stage.process(bar, record);
  });
  await stage.flush();
  return counters;
}

const LAST_WRITTEN = TODAY + 30 * MINUTE;
const live = [1, 2, 3].flatMap((k) => barsAt(LAST_WRITTEN + k * MINUTE, 30 + k));
const backfilled = Array.from({ length: 20 }, (_, i) =>
  barsAt(YESTERDAY + i * MINUTE, 100 + i, 'imported'),
).flat();

describe('a pair state and history bars older than its stored outputs', () => {
  it('tells stale history bars from live ones and from history newer than the outputs', () => {
    const at = (start: number, source?: Candle['source']) => candle('BTCUSDT', start, 1, source);
    expect(isStaleHistoryBar(at(YESTERDAY, 'imported'), LAST_WRITTEN)).toBe(true);
    expect(isStaleHistoryBar(at(LAST_WRITTEN, 'klines'), LAST_WRITTEN)).toBe(true);
    expect(isStaleHistoryBar(at(YESTERDAY), LAST_WRITTEN)).toBe(false);
    expect(isStaleHistoryBar(at(YESTERDAY, 'live'), LAST_WRITTEN)).toBe(false);
    expect(isStaleHistoryBar(at(LAST_WRITTEN + MINUTE, 'imported'), LAST_WRITTEN)).toBe(false);
    expect(isStaleHistoryBar(at(YESTERDAY, 'imported'), Number.NEGATIVE_INFINITY)).toBe(false);
  });

  it('skips them when they would start the state, which then computes what it would without them', async () => {
    const reference = stand(LAST_WRITTEN);
    await run(reference, live);
    expect(reference.historyBefore).toEqual([
      { x: LAST_WRITTEN + MINUTE, y: LAST_WRITTEN + MINUTE },
    ]);
    expect(reference.written.map((a) => a['time'])).toEqual(
      [1, 2, 3].map((k) => LAST_WRITTEN + k * MINUTE),
    );

    const withBackfill = stand(LAST_WRITTEN);
    const counters = await run(withBackfill, [...backfilled, ...live]);
    // The state starts from the legs' stored bars before the first live bar, not yesterday's.
    expect(withBackfill.written).toEqual(reference.written);
    expect(withBackfill.historyBefore).toEqual([
      { x: LAST_WRITTEN + MINUTE, y: LAST_WRITTEN + MINUTE },
    ]);
    expect(counters.staleHistoryBars).toBe(backfilled.length);
  });

  it('starts from the first bar of a later batch when a whole batch was stale', async () => {
    const s = stand(LAST_WRITTEN);
    const counters = pairProcessor.counters();
    const stage = pairProcessor.stage(
      { eventLog: s.eventLog, logger: silentLogger, clickhouse: s.clickhouse, pairs: [spec] },
      counters,
      { deadLetter: () => undefined },
    );
    let offset = 0;
    for (const batch of [backfilled, live]) {
      await stage.prepare?.(batch);
      for (const bar of batch) {
        stage.process(bar, {
          topic: TOPICS.pairBars.name,
          partition: 0,
          offset: offset++,
          key: id,
          value: Buffer.from(''),
          timestamp: 0,
        });
      }
    }
    await stage.flush();
    const reference = stand(LAST_WRITTEN);
    await run(reference, live);
    expect(s.written).toEqual(reference.written);
    expect(s.historyBefore).toEqual([{ x: LAST_WRITTEN + MINUTE, y: LAST_WRITTEN + MINUTE }]);
    expect(counters.staleHistoryBars).toBe(backfilled.length);
  });

  it('uses history bars newer than the stored outputs as any other bar', async () => {
    const s = stand(LAST_WRITTEN);
    const newer = [1, 2, 3].flatMap((k) => barsAt(LAST_WRITTEN + k * MINUTE, 30 + k, 'klines'));
    const counters = await run(s, newer);
    expect(counters.staleHistoryBars).toBe(0);
    expect(s.written.map((a) => a['time'])).toEqual(
      [1, 2, 3].map((k) => LAST_WRITTEN + k * MINUTE),
    );
  });
});
