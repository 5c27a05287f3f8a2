import type { TradeGap } from '@tickstream/schema';
import { idsBySymbol, startHarness, type Harness } from '../helpers/ingest-harness';
import { waitFor } from '../helpers/wait';

const tape = {
  tape: { kind: 'synthetic' as const, maxTrades: 3_000, seed: 21 },
  ratePerSecond: 1_500,
};
const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];

describe('ingest when trade ids go missing', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('backfills ids the exchange skipped on the socket but still has, keeping id order', async () => {
    harness = await startHarness({ label: 'skip-backfill', mock: tape, source: { symbols } });
    await harness.ingest.start();
    await waitFor(() => (harness?.mock.stats().tradesEmitted ?? 0) >= 500, 'flow');
    harness.mock.skipTrades(40, { symbol: 'BTCUSDT' });
    await harness.mock.finished;
    const history = harness.mock.history('BTCUSDT').map((t) => t.id);
    const total = symbols.reduce((n, s) => n + (harness?.mock.history(s).length ?? 0), 0);
    const trades = await harness.trades((t) => t.length >= total);
    expect(idsBySymbol(trades).get('BTCUSDT')).toEqual(history);
    expect(trades).toHaveLength(total);
    const gaps = await harness.gaps((g) => g.length >= 2);
    expect(
      gaps.map((g: TradeGap) => [g.symbol, g.status, g.toTradeId - g.fromTradeId + 1]),
    ).toEqual([
      ['BTCUSDT', 'detected', 40],
      ['BTCUSDT', 'backfilled', 40],
    ]);
    expect(gaps[0]?.reason).toBe('ids skipped within one connection');
  });

  it('records exactly the ids the exchange lost as unrecoverable and keeps going', async () => {
    harness = await startHarness({ label: 'skip-lost', mock: tape, source: { symbols } });
    await harness.ingest.start();
    await waitFor(() => (harness?.mock.stats().tradesEmitted ?? 0) >= 500, 'flow');
    const before = harness.mock.history('ETHUSDT').at(-1)?.id ?? 0;
    harness.mock.skipTrades(25, { symbol: 'ETHUSDT', history: false });
    await harness.mock.finished;
    const history = harness.mock.history('ETHUSDT').map((t) => t.id);
    const lostFrom = history.find((id, i) => i > 0 && id !== (history[i - 1] ?? 0) + 1);
    expect(lostFrom).toBeDefined();
    const gaps = await harness.gaps((g) => g.some((x) => x.status === 'unrecoverable'));
    const lost = gaps.find((g) => g.status === 'unrecoverable');
    expect(lost).toMatchObject({ symbol: 'ETHUSDT', toTradeId: (lostFrom ?? 0) - 1 });
    expect((lost?.toTradeId ?? 0) - (lost?.fromTradeId ?? 0) + 1).toBe(25);
    expect(lost?.fromTradeId).toBeGreaterThan(before);
    const total = symbols.reduce((n, s) => n + (harness?.mock.history(s).length ?? 0), 0);
    const trades = await harness.trades((t) => t.length >= total);
    expect(idsBySymbol(trades).get('ETHUSDT')).toEqual(history);
    expect(harness.ingest.status().gaps).toMatchObject({ unrecoverable: 1, missingTrades: 25 });
  });

  it('records gaps as unrecoverable when the REST history is down, after its retries', async () => {
    harness = await startHarness({
      label: 'rest-down',
      mock: tape,
      source: { symbols, backfillMaxAttempts: 2 },
    });
    harness.mock.setBackfill('unavailable');
    await harness.ingest.start();
    await waitFor(() => (harness?.mock.stats().tradesEmitted ?? 0) >= 500, 'flow');
    harness.mock.dropConnections();
    await harness.mock.finished;
    const gaps = await harness.gaps((g) => g.some((x) => x.status === 'unrecoverable'));
    const lost = gaps.filter((g) => g.status === 'unrecoverable');
    expect(lost.length).toBeGreaterThanOrEqual(1);
    expect(lost[0]?.reason).toContain('HTTP 503');
    expect(harness.mock.stats().restRequests).toBeGreaterThanOrEqual(2);
    // Everything the socket delivered after the gap is still written, once, in order.
    const total = symbols.reduce((n, s) => n + (harness?.mock.history(s).length ?? 0), 0);
    const missing = lost.reduce((n, g) => n + g.toTradeId - g.fromTradeId + 1, 0);
    await waitFor(() => harness?.ingest.status().produced === total - missing, 'the rest written');
  });
});
