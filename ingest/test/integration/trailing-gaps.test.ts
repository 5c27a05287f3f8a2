import { createMetricsRegistry, silentLogger } from '@tickstream/core';
import type { TradeGap } from '@tickstream/schema';
import { buildIngest, type Ingest } from '../../src';
import {
  FAST_CONNECTION,
  idsBySymbol,
  startHarness,
  type Harness,
} from '../helpers/ingest-harness';
import { waitFor } from '../helpers/wait';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];

/** Every trade of the exchange's history is in the log exactly once, in id order, per symbol. */
async function expectEveryTradeOnce(harness: Harness, symbols: readonly string[]): Promise<void> {
  const total = symbols.reduce((n, s) => n + harness.mock.history(s).length, 0);
  const trades = await harness.trades((t) => t.length >= total);
  const actual = idsBySymbol(trades);
  for (const symbol of symbols) {
    expect({ symbol, ids: actual.get(symbol) }).toEqual({
      symbol,
      ids: harness.mock.history(symbol).map((t) => t.id),
    });
  }
  expect(trades).toHaveLength(total);
}

describe('ingest when the exchange goes quiet after trades were missed', () => {
  let harness: Harness | undefined;
  let second: Ingest | undefined;
  afterEach(async () => {
    await second?.stop();
    await harness?.close();
    harness = undefined;
    second = undefined;
  });

  it('fetches the trades missed by a drop followed by silence to the end of the tape', async () => {
    harness = await startHarness({
      label: 'drop-silence',
      mock: { tape: { kind: 'synthetic', maxTrades: 3_000, seed: 41 }, ratePerSecond: 1_500 },
      source: { symbols: SYMBOLS },
      ingest: { tailCheckMs: 500 },
    });
    const h = harness;
    await h.ingest.start();
    await waitFor(() => h.mock.stats().tradesEmitted >= 1_500, 'half the tape');
    // From here no trade reaches a socket (the REST history has them all), and the socket drops.
    h.mock.skipTrades(1_000_000);
    expect(h.mock.dropConnections()).toBe(1);
    await h.mock.finished;
    const total = SYMBOLS.reduce((n, s) => n + h.mock.history(s).length, 0);
    await waitFor(
      () => h.ingest.status().produced === total && h.ingest.status().gaps.open === 0,
      () => `all ${total} trades produced (status ${JSON.stringify(h.ingest.status().gaps)})`,
      60_000,
    );
    await expectEveryTradeOnce(h, SYMBOLS);
    const status = h.ingest.status();
    expect(status.gaps).toMatchObject({ open: 0, missingTrades: 0, unrecoverable: 0 });
    expect(status.gaps.backfilled).toBeGreaterThanOrEqual(SYMBOLS.length);
    const gaps = await h.gaps(
      (g) => g.filter((x) => x.status === 'backfilled').length >= status.gaps.backfilled,
    );
    expect(gaps.every((g: TradeGap) => g.reason.startsWith('trailing gap'))).toBe(true);
  });

  it('counts the ids of an open gap as missing while the REST history is unavailable, and none once it is filled', async () => {
    harness = await startHarness({
      label: 'missing-now',
      mock: { tape: { kind: 'synthetic', maxTrades: 3_000, seed: 42 }, ratePerSecond: 1_000 },
      source: { symbols: SYMBOLS, backfillMaxAttempts: 1_000 },
      ingest: { tailCheckMs: 500 },
    });
    const h = harness;
    await h.ingest.start();
    await waitFor(() => h.mock.stats().tradesEmitted >= 500, 'flow');
    h.mock.setBackfill('unavailable');
    h.mock.skipTrades(40, { symbol: 'BTCUSDT' });
    await waitFor(() => h.ingest.status().gaps.open === 1, 'the gap to be open', 20_000);
    expect(h.ingest.status().gaps).toMatchObject({ open: 1, missingTrades: 40, unrecoverable: 0 });
    h.mock.setBackfill('available');
    await h.mock.finished;
    const total = SYMBOLS.reduce((n, s) => n + h.mock.history(s).length, 0);
    await waitFor(
      () => h.ingest.status().produced === total && h.ingest.status().gaps.open === 0,
      'the gap filled and everything produced',
      60_000,
    );
    expect(h.ingest.status().gaps).toMatchObject({ open: 0, missingTrades: 0, unrecoverable: 0 });
    await expectEveryTradeOnce(h, SYMBOLS);
  });

  it('after a restart, backfills what it missed while down even when the exchange stays quiet', async () => {
    const symbols = ['BTCUSDT', 'ETHUSDT'];
    harness = await startHarness({
      label: 'resume-quiet',
      mock: {
        tape: { kind: 'synthetic', maxTrades: 50_000, seed: 43 },
        ratePerSecond: 1_000,
        timestamps: 'live',
      },
      source: { symbols },
      ingest: { resume: { lookbackMs: 600_000 } },
    });
    const h = harness;
    await h.ingest.start();
    await waitFor(() => h.ingest.status().produced >= 800, 'the first run to write trades');
    await h.ingest.stop();
    const writtenBefore = h.ingest.status().produced;
    const emittedAtStop = h.mock.stats().tradesEmitted;
    await waitFor(() => h.mock.stats().tradesEmitted >= emittedAtStop + 500, 'trades missed');
    h.mock.pause(); // the market goes quiet for good

    second = buildIngest({
      eventLog: h.log.eventLog,
      logger: silentLogger,
      metrics: createMetricsRegistry({ role: 'ingest' }),
      topics: h.log.topics,
      statusIntervalMs: 0,
      resume: { lookbackMs: 600_000 },
      // Far longer than the test: only the check at connect time can find the gap.
      tailCheckMs: 600_000,
      source: {
        kind: 'binance',
        symbols,
        wsUrl: h.mock.url,
        restUrl: h.mock.restUrl,
        backfillRetryInitialMs: 50,
        connection: FAST_CONNECTION,
      },
    });
    const s = second;
    await s.start();
    const total = symbols.reduce((n, sym) => n + h.mock.history(sym).length, 0);
    await waitFor(
      () => s.status().produced === total - writtenBefore && s.status().gaps.open === 0,
      () => `the missed trades produced (${s.status().produced} of ${total - writtenBefore})`,
      60_000,
    );
    await expectEveryTradeOnce(h, symbols);
    expect(s.status().gaps).toMatchObject({ missingTrades: 0, unrecoverable: 0 });
    const gaps = await h.gaps((g) => g.filter((x) => x.status === 'backfilled').length >= 2);
    expect(
      gaps
        .filter((g) => g.status === 'detected')
        .every((g) => g.reason === 'ingest restart (ids after the last one in the log)'),
    ).toBe(true);
  });
});
