import { idsBySymbol, startHarness, type Harness } from '../helpers/ingest-harness';
import { waitFor } from '../helpers/wait';

const synthetic = (maxTrades: number) => ({ kind: 'synthetic' as const, maxTrades, seed: 3 });

describe('ingest subscriptions and connections', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('subscribes and unsubscribes symbols at run time without reconnecting', async () => {
    harness = await startHarness({
      label: 'runtime-subscribe',
      mock: { tape: synthetic(20_000), ratePerSecond: 2_000 },
      source: { symbols: ['BTCUSDT'] },
    });
    const { mock, ingest } = harness;
    await ingest.start();
    await waitFor(
      () => (ingest.status().symbols['BTCUSDT']?.produced ?? 0) > 100,
      'BTCUSDT trades',
    );
    expect(ingest.status().symbols['ETHUSDT']).toBeUndefined();

    await ingest.subscribe(['ETHUSDT', 'SOLUSDT']);
    expect(mock.stats().subscriptions).toBe(3);
    await waitFor(
      () =>
        (ingest.status().symbols['ETHUSDT']?.produced ?? 0) > 100 &&
        (ingest.status().symbols['SOLUSDT']?.produced ?? 0) > 20,
      'new symbols flowing',
    );

    await expect(ingest.subscribe(['BTC-USD'])).rejects.toMatchObject({ code: 'INVALID_SYMBOL' });
    await ingest.unsubscribe(['BTCUSDT']);
    expect(mock.stats().subscriptions).toBe(2);
    const btcAfter = ingest.status().symbols['BTCUSDT']?.received ?? 0;
    await waitFor(
      () => (ingest.status().symbols['ETHUSDT']?.produced ?? 0) > 1_000,
      'more ETHUSDT',
    );
    expect(ingest.status().symbols['BTCUSDT']?.received).toBe(btcAfter);
    expect(ingest.status().reconnects).toBe(0);
    expect(mock.stats().connectionsAccepted).toBe(1);
    // ETHUSDT was picked up mid-tape: its ids from then on are contiguous.
    const eth =
      idsBySymbol(
        await harness.trades((t) => t.filter((x) => x.symbol === 'ETHUSDT').length > 1_000),
      ).get('ETHUSDT') ?? [];
    expect(eth.every((id, i) => i === 0 || id === (eth[i - 1] ?? 0) + 1)).toBe(true);
  });

  it('stays under the exchange’s 10 messages per second per connection when subscribing symbol by symbol', async () => {
    harness = await startHarness({
      label: 'message-limit',
      mock: { tape: synthetic(1_000), autoplay: false },
      source: { symbols: ['BTCUSDT'] },
    });
    const { mock, ingest } = harness;
    await ingest.start();
    await waitFor(() => mock.stats().subscriptions === 1, 'connected');
    const symbols = Array.from({ length: 30 }, (_, i) => `SYM${i}USDT`);
    const messagesBefore = mock.stats().incomingMessages;
    const started = Date.now();
    for (const symbol of symbols) await ingest.subscribe([symbol]);
    expect(mock.stats().subscriptions).toBe(31);
    expect(mock.stats().incomingMessages - messagesBefore).toBeGreaterThanOrEqual(30);
    expect(mock.stats().rateLimitViolations).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_500); // 30 messages at ≤ 8/s
    expect(ingest.status().reconnects).toBe(0);
  });

  it('gathers concurrent subscriptions into few SUBSCRIBE messages', async () => {
    harness = await startHarness({
      label: 'batched-subscribe',
      mock: { tape: synthetic(1_000), autoplay: false },
      source: { symbols: ['BTCUSDT'] },
    });
    const { mock, ingest } = harness;
    await ingest.start();
    await waitFor(() => mock.stats().subscriptions === 1, 'connected');
    const messagesBefore = mock.stats().incomingMessages;
    await Promise.all(Array.from({ length: 300 }, (_, i) => ingest.subscribe([`SYM${i}USDT`])));
    expect(mock.stats().subscriptions).toBe(301);
    expect(mock.stats().incomingMessages - messagesBefore).toBeLessThanOrEqual(3); // 200 streams per message
  });

  it('splits streams across connections below the per-connection limit and still writes every trade', async () => {
    harness = await startHarness({
      label: 'split',
      mock: { tape: synthetic(4_000), autoplay: false },
      source: { symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'], maxStreamsPerConnection: 2 },
    });
    const { mock, ingest } = harness;
    await ingest.start();
    await waitFor(
      () => mock.stats().connections === 2 && mock.stats().subscriptions === 3,
      'two connections',
    );
    mock.play();
    await mock.finished;
    const trades = await harness.trades((t) => t.length >= 4_000);
    expect(trades).toHaveLength(4_000);
    expect(ingest.status().connections.map((c) => c.streams)).toEqual([2, 1]);
  });

  it('answers the exchange’s pings, so an otherwise quiet client is not dropped', async () => {
    harness = await startHarness({
      label: 'server-pings',
      // A pong deadline a loaded CI machine can keep, still well inside the observation window.
      mock: { tape: synthetic(10), autoplay: false, pingIntervalMs: 250, pongTimeoutMs: 1_500 },
      source: { connection: { pingIntervalMs: 60_000, pongTimeoutMs: 60_000 } },
    });
    await harness.ingest.start();
    await waitFor(() => harness?.mock.stats().connections === 1, 'connected');
    const deadline = Date.now() + 4_500;
    await waitFor(() => Date.now() > deadline, 'several ping periods', 8_000, 100);
    expect(harness.mock.stats().connectionsAccepted).toBe(1);
    expect(harness.ingest.status().reconnects).toBe(0);
  });

  it('keeps retrying with backoff while the exchange refuses the path, and reports the state', async () => {
    harness = await startHarness({
      label: 'bad-path',
      mock: { tape: synthetic(10) },
      source: { streamPath: '/nowhere' },
    });
    await harness.ingest.start();
    await waitFor(
      () => (harness?.ingest.status().reconnects ?? 0) >= 3,
      'several attempts',
      10_000,
    );
    expect(harness.ingest.status().connections[0]?.state).toMatch(/reconnecting|connecting/);
    expect(harness.ingest.status().state).toBe('running');
  });
});
