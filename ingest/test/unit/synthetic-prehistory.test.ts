import { createMetricsRegistry, silentLogger } from '@tickstream/core';
import type { Trade } from '@tickstream/schema';
import {
  buildIngest,
  combineSources,
  syntheticSource,
  syntheticSymbols,
  type Backfiller,
  type IngestSource,
  type RawMessage,
} from '../../src';
import { QueueSource } from '../../src/sources/queue-source';
import type { BackfillPage, HistorySource, SubscribedListener } from '../../src/types';
import { MemoryEventLog } from '../helpers/memory-event-log';
import { testOrigin } from '../helpers/origin';
import { waitFor } from '../helpers/wait';

interface Stamped {
  readonly key: string;
  readonly time: number;
  readonly receivedAt: number;
}

function read(message: RawMessage): Stamped {
  const { data } = JSON.parse(message.data) as {
    data: { s: string; t: number; p: string; q: string; T: number };
  };
  return {
    key: `${data.s}:${data.t}:${data.p}:${data.q}`,
    time: data.T,
    receivedAt: message.receivedAt,
  };
}

async function take(source: IngestSource, n: number): Promise<Stamped[]> {
  const out: Stamped[] = [];
  for await (const message of source) {
    out.push(read(message));
    if (out.length === n) break;
  }
  await source.stop();
  return out;
}

describe('the synthetic source with a prehistory', () => {
  it('first emits the trades of the last prehistoryMs at once, continuous and ending near now, then paces them', async () => {
    const prehistoryMs = 3_000;
    const started = Date.now();
    const source = syntheticSource({ seed: 7, speed: 1, liveTimestamps: true, prehistoryMs });
    const past: Stamped[] = [];
    const paced: Stamped[] = [];
    for await (const message of source) {
      const trade = read(message);
      if (paced.length === 0 && trade.time <= trade.receivedAt) past.push(trade);
      else paced.push(trade);
      if (paced.length === 20) break;
    }
    await source.stop();
    const caughtUp = past.at(-1)!.receivedAt;

    // The default symbols trade ~43 times a second: a 3 s past is ~130 trades, read at once.
    expect(past.length).toBeGreaterThan(60);
    expect(caughtUp - started).toBeLessThan(1_000);
    expect(Math.abs(past[0]!.time - (started - prehistoryMs))).toBeLessThan(200);
    expect(caughtUp - past.at(-1)!.time).toBeLessThan(1_000);
    // After the past, trades arrive when their stamps are due, not before.
    for (const t of paced) expect(t.receivedAt).toBeGreaterThanOrEqual(t.time - 5);
    expect(paced.at(-1)!.receivedAt - caughtUp).toBeGreaterThan(100);

    // The same trades as without a prehistory, with the generator's spacing kept throughout.
    const all = [...past, ...paced];
    const reference = await take(
      syntheticSource({ seed: 7, speed: 'max', liveTimestamps: false }),
      all.length,
    );
    expect(all.map((t) => t.key)).toEqual(reference.map((t) => t.key));
    const shift = all[0]!.time - reference[0]!.time;
    expect(all.map((t) => t.time - shift)).toEqual(reference.map((t) => t.time));
  }, 20_000);

  it('refuses a prehistory without live timestamps', () => {
    expect(() =>
      syntheticSource({ speed: 'max', liveTimestamps: false, prehistoryMs: 1_000 }),
    ).toThrow(/live timestamps/);
  });
});

/** An exchange-like source: history, backfiller and subscription reports, messages on demand. */
function fakeExchange() {
  const listeners: SubscribedListener[] = [];
  const backfiller: Backfiller = {
    async *fetch(symbol, fromId, toId): AsyncGenerator<BackfillPage> {
      await Promise.resolve();
      const page: Trade[] = [];
      for (let id = fromId; id <= Math.min(toId, 6); id++)
        page.push({
          type: 'trade',
          exchange: 'binance-futures',
          symbol,
          tradeId: id,
          price: 100,
          qty: 1,
          side: 'buy',
          tradeTime: id,
          eventTime: id,
          ingestTime: id,
        });
      yield { trades: page, rejected: [] };
    },
    latestTradeId: () => Promise.resolve(6),
  };
  const origin = testOrigin({ symbols: ['BTCUSDT'], backfiller });
  const history = { exchange: 'binance-futures' } as unknown as HistorySource;
  const source = new QueueSource({
    name: 'exchange',
    capacity: 100,
    history,
    backfiller,
    onSubscribed: (listener) => listeners.push(listener),
    start(queue) {
      // Three live trades, then the socket reports its symbols and goes quiet: ids 4–6 exist
      // only in the exchange's history, found by the tail check.
      for (const id of [1, 2, 3])
        void queue.write({
          format: 'binance-ws',
          data: `{"stream":"btcusdt@trade","data":{"e":"trade","E":${id},"T":${id},"s":"BTCUSDT","t":${id},"p":"100","q":"1","X":"MARKET","m":false}}`,
          receivedAt: Date.now(),
          origin,
        });
      for (const listener of listeners) listener(['BTCUSDT'], origin);
    },
    halt: () => Promise.resolve(),
  });
  return { source, history, backfiller };
}

describe('combined sources', () => {
  it("keep the exchange's history, backfiller and subscription reports", () => {
    const exchange = fakeExchange();
    const combined = combineSources(
      syntheticSource({ speed: 'max', maxTrades: 1 }),
      exchange.source,
    );
    expect(combined.history).toBe(exchange.history);
    expect(combined.backfiller).toBe(exchange.backfiller);
    expect(combined.onSubscribed).toBeDefined();
    const plain = combineSources(syntheticSource({ speed: 'max', maxTrades: 1 }));
    expect(plain.history).toBeUndefined();
    expect(plain.onSubscribed).toBeUndefined();
  });

  it('refuse two sources with a history each (ingest follows one)', () => {
    expect(() => combineSources(fakeExchange().source, fakeExchange().source)).toThrow(/history/);
  });

  it("let ingest find the exchange's trailing gap beside a synthetic market", async () => {
    const log = new MemoryEventLog();
    const ingest = buildIngest({
      eventLog: log,
      logger: silentLogger,
      metrics: createMetricsRegistry({ role: 'ingest' }),
      source: combineSources(
        // Symbols of its own: the status is by symbol.
        syntheticSource({
          speed: 'max',
          maxTrades: 200,
          seed: 3,
          symbols: syntheticSymbols('market'),
        }),
        fakeExchange().source,
      ),
      statusIntervalMs: 0,
      tailCheckMs: 100,
      sequencing: { gapGraceMs: 10 },
    });
    await ingest.start();
    const trades = () => log.values<Trade>('md.trades.v1');
    await waitFor(
      () => trades().filter((t) => t.exchange === 'binance-futures').length === 6,
      () => `the tail backfilled: ${JSON.stringify(ingest.status().symbols)}`,
      10_000,
    );
    await ingest.stop();
    expect(
      trades()
        .filter((t) => t.exchange === 'binance-futures')
        .map((t) => t.tradeId),
    ).toEqual([1, 2, 3, 4, 5, 6]);
    expect(trades().filter((t) => t.exchange === 'synthetic')).toHaveLength(200);
  });
});
