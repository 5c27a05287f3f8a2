import type { Trade, TradeGap } from '@tickstream/schema';
import { idsBySymbol, startHarness, type Harness } from '../helpers/ingest-harness';
import { waitFor } from '../helpers/wait';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];

/** A synthetic tape paced so that failures land in the middle of the flow. */
function pacedTape(maxTrades: number, ratePerSecond: number) {
  return { tape: { kind: 'synthetic' as const, maxTrades, seed: 11 }, ratePerSecond };
}

/** The log holds exactly the exchange's history: every id once, in id order, per symbol. */
async function expectExactlyTheHistory(harness: Harness): Promise<Trade[]> {
  const total = SYMBOLS.reduce((n, s) => n + harness.mock.history(s).length, 0);
  await waitFor(
    () => harness.ingest.status().produced >= total && harness.ingest.status().gaps.open === 0,
    `all ${total} trades produced`,
    60_000,
  );
  const trades = await harness.trades((t) => t.length >= total);
  const actual = idsBySymbol(trades);
  for (const symbol of SYMBOLS) {
    expect(actual.get(symbol)).toEqual(harness.mock.history(symbol).map((t) => t.id));
  }
  expect(trades).toHaveLength(total);
  return trades;
}

describe('ingest when the exchange connection fails', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('loses and duplicates nothing when connections are dropped abruptly and the gaps are backfilled', async () => {
    harness = await startHarness({
      label: 'drops',
      mock: pacedTape(6_000, 1_500),
      source: { symbols: SYMBOLS },
    });
    await harness.ingest.start();
    const mock = harness.mock;
    for (const at of [1_000, 2_000, 3_000]) {
      await waitFor(() => mock.stats().tradesEmitted >= at, `trade ${at}`);
      await waitFor(() => mock.stats().connections === 1, 'a connection to drop');
      expect(mock.dropConnections()).toBe(1);
    }
    await mock.finished;
    await expectExactlyTheHistory(harness);
    const status = harness.ingest.status();
    expect(status.reconnects).toBeGreaterThanOrEqual(3);
    expect(status.gaps.detected).toBeGreaterThanOrEqual(1);
    expect(status.gaps.unrecoverable).toBe(0);
    const gaps = await harness.gaps(
      (g) => g.filter((x) => x.status === 'backfilled').length >= status.gaps.backfilled,
    );
    expect(gaps.every((g: TradeGap) => g.status !== 'unrecoverable')).toBe(true);
    expect(gaps.some((g) => g.reason.startsWith('reconnect of'))).toBe(true);
  });

  it('recovers from a graceful close the same way', async () => {
    harness = await startHarness({
      label: 'graceful',
      mock: pacedTape(3_000, 1_500),
      source: { symbols: SYMBOLS },
    });
    await harness.ingest.start();
    await waitFor(() => (harness?.mock.stats().tradesEmitted ?? 0) >= 1_000, 'flow');
    harness.mock.dropConnections({ graceful: true });
    await harness.mock.finished;
    await expectExactlyTheHistory(harness);
    expect(harness.ingest.status().reconnects).toBeGreaterThanOrEqual(1);
  });

  it('detects a silent, stalled connection by its missing pongs, reconnects and backfills', async () => {
    harness = await startHarness({
      label: 'stall',
      mock: pacedTape(4_000, 1_000),
      source: { symbols: SYMBOLS },
    });
    await harness.ingest.start();
    const mock = harness.mock;
    await waitFor(() => mock.stats().tradesEmitted >= 1_000, 'flow');
    mock.stall();
    await waitFor(
      () => (harness?.ingest.status().reconnects ?? 0) >= 1,
      'a reconnect after the stall',
      10_000,
    );
    await mock.finished;
    await expectExactlyTheHistory(harness);
    expect(harness.ingest.status().gaps.backfilled).toBeGreaterThanOrEqual(1);
  });

  it('rotates connections before the exchange cuts them, with overlap and no loss or duplicate', async () => {
    harness = await startHarness({
      label: 'rotation',
      mock: { ...pacedTape(6_000, 1_500), maxConnectionAgeMs: 2_500 },
      source: {
        symbols: SYMBOLS,
        connection: {
          pingIntervalMs: 200,
          pongTimeoutMs: 400,
          rotateAfterMs: 1_000,
          rotationOverlapMs: 150,
          backoff: { initialMs: 50 },
        },
      },
    });
    await harness.ingest.start();
    await harness.mock.finished;
    await expectExactlyTheHistory(harness);
    const status = harness.ingest.status();
    expect(status.rotations).toBeGreaterThanOrEqual(2);
    expect(status.reconnects).toBe(0);
    expect(status.gaps.detected).toBe(0);
    expect(status.duplicates).toBeGreaterThan(0); // the overlap delivered trades twice; only one copy was written
  });
});
