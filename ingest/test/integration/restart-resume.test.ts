import { createMetricsRegistry, silentLogger } from '@tickstream/core';
import type { Trade, TradeGap } from '@tickstream/schema';
import { buildIngest, startMockExchange, type Ingest, type MockExchange } from '../../src';
import {
  FAST_CONNECTION,
  idsBySymbol,
  startHarness,
  type Harness,
} from '../helpers/ingest-harness';
import { waitFor } from '../helpers/wait';

const symbols = ['BTCUSDT', 'ETHUSDT'];
const RESUME = { resume: { lookbackMs: 600_000 } };

describe('ingest restarted while the exchange keeps trading', () => {
  let harness: Harness | undefined;
  let second: Ingest | undefined;
  let otherMock: MockExchange | undefined;
  afterEach(async () => {
    await second?.stop();
    await otherMock?.stop();
    await harness?.close();
    harness = undefined;
    second = undefined;
    otherMock = undefined;
  });

  const ingestOn = (h: Harness, mock: MockExchange) =>
    buildIngest({
      eventLog: h.log.eventLog,
      logger: silentLogger,
      metrics: createMetricsRegistry({ role: 'ingest' }),
      topics: h.log.topics,
      statusIntervalMs: 0,
      ...RESUME,
      source: {
        kind: 'binance',
        symbols,
        wsUrl: mock.url,
        restUrl: mock.restUrl,
        backfillRetryInitialMs: 50,
        connection: FAST_CONNECTION,
      },
    });

  it('backfills the trades it missed while down: every id once, in order', async () => {
    harness = await startHarness({
      label: 'restart-resume',
      mock: {
        // Long enough to still be trading once the second run has read the log (seconds on Kafka).
        tape: { kind: 'synthetic', maxTrades: 20_000, seed: 31 },
        ratePerSecond: 1_000,
        timestamps: 'live',
      },
      source: { symbols },
      ingest: RESUME,
    });
    const h = harness;
    await h.ingest.start();
    await waitFor(() => h.ingest.status().produced >= 800, 'the first run to write trades');
    await h.ingest.stop();
    const writtenBefore = h.ingest.status().produced;
    // The tape goes on with nobody connected: these trades reach the log only by backfill.
    const emittedAtStop = h.mock.stats().tradesEmitted;
    await waitFor(() => h.mock.stats().tradesEmitted >= emittedAtStop + 1_000, 'trades missed');

    second = ingestOn(h, h.mock);
    await second.start();
    await h.mock.finished;
    const total = symbols.reduce((n, s) => n + h.mock.history(s).length, 0);
    const trades = await h.trades((t) => t.length >= total);
    expect(trades).toHaveLength(total);
    for (const symbol of symbols) {
      expect({ symbol, ids: idsBySymbol(trades).get(symbol) }).toEqual({
        symbol,
        ids: h.mock.history(symbol).map((t) => t.id),
      });
    }
    expect(second.status().produced).toBe(total - writtenBefore);
    const gaps = await h.gaps((g) => g.filter((x) => x.status === 'backfilled').length >= 2);
    expect(gaps.map((g: TradeGap) => [g.symbol, g.status]).sort()).toEqual([
      ['BTCUSDT', 'backfilled'],
      ['BTCUSDT', 'detected'],
      ['ETHUSDT', 'backfilled'],
      ['ETHUSDT', 'detected'],
    ]);
    const detected = gaps.filter((g) => g.status === 'detected');
    expect(
      detected.every((g) => g.reason === 'ingest restart (ids after the last one in the log)'),
    ).toBe(true);
  });

  it('starts afresh, losing nothing, when the exchange it returns to starts below the log', async () => {
    harness = await startHarness({
      label: 'restart-new-session',
      mock: {
        tape: { kind: 'synthetic', maxTrades: 1_000, seed: 32 },
        ratePerSecond: 2_000,
        timestamps: 'live',
      },
      source: { symbols },
      ingest: RESUME,
    });
    const h = harness;
    await h.ingest.start();
    await h.mock.finished;
    const first = symbols.reduce((n, s) => n + h.mock.history(s).length, 0);
    await waitFor(() => h.ingest.status().produced === first, 'the first run written');
    await h.ingest.stop();

    // A new exchange session replays ids from the start, like a restarted mock exchange.
    otherMock = await startMockExchange({
      speed: 'max',
      tape: { kind: 'synthetic', maxTrades: 400, seed: 33 },
      ratePerSecond: 2_000,
      timestamps: 'live',
    });
    const mock = otherMock;
    second = ingestOn(h, mock);
    await second.start();
    await mock.finished;
    const more = symbols.reduce((n, s) => n + mock.history(s).length, 0);
    const trades: Trade[] = await h.trades((t) => t.length >= first + more);
    expect(trades).toHaveLength(first + more);
    await waitFor(() => second?.status().produced === more, 'the second run written');
    expect(second.status().duplicates).toBe(0);
  });
});
