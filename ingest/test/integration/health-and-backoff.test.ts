import { startMockExchange, type MockExchange } from '../../src';
import { FAST_CONNECTION, startHarness, type Harness } from '../helpers/ingest-harness';
import { waitFor } from '../helpers/wait';

const flowing = {
  tape: { kind: 'synthetic' as const, maxTrades: 10_000_000, seed: 51 },
  ratePerSecond: 300,
};

describe('ingest health and reconnection', () => {
  let harness: Harness | undefined;
  let revived: MockExchange | undefined;
  afterEach(async () => {
    await harness?.close();
    await revived?.stop();
    harness = undefined;
    revived = undefined;
  });

  it('starts the backoff over after a connection delivered data, and never waits past the cap', async () => {
    const delays: number[] = [];
    harness = await startHarness({
      label: 'backoff',
      mock: flowing,
      source: {
        connection: {
          ...FAST_CONNECTION,
          backoff: { initialMs: 100, maxMs: 800, jitter: 0, resetAfterMs: 3_600_000 },
        },
        events: { onReconnectScheduled: (delayMs) => delays.push(delayMs) },
      },
    });
    const h = harness;
    await h.ingest.start();
    const messages = () => h.ingest.status().connections[0]?.messages ?? 0;
    for (let drop = 1; drop <= 4; drop++) {
      await waitFor(
        () =>
          h.ingest.status().connections[0]?.state === 'open' && h.mock.stats().connections === 1,
        'an open connection',
      );
      const before = messages();
      await waitFor(() => messages() >= before + 5, 'data on the connection');
      h.mock.dropConnections();
      await waitFor(() => delays.length === drop, `reconnect ${drop} scheduled`);
    }
    expect(delays).toEqual([100, 100, 100, 100]);
    await waitFor(() => h.ingest.status().connections[0]?.state === 'open', 'reconnected');
    const before = messages();
    await waitFor(() => messages() >= before + 5, 'data on the last connection');
    await h.mock.stop(); // unreachable from now on: every attempt fails
    await waitFor(() => delays.length >= 4 + 7, 'failed attempts', 30_000);
    expect(delays.slice(4, 11)).toEqual([100, 200, 400, 800, 800, 800, 800]);
  });

  it('goes down with a reason while the exchange is unreachable, and comes back when it returns', async () => {
    harness = await startHarness({
      label: 'health',
      mock: flowing,
      ingest: { staleAfterMs: 1_000 },
    });
    const h = harness;
    await h.ingest.start();
    await waitFor(() => h.ingest.status().produced > 0, 'trades');
    expect(h.ingest.health()).toEqual({ state: 'running' });
    const port = h.mock.port;
    await h.mock.stop();
    await waitFor(() => h.ingest.health().state === 'down', 'health down', 20_000);
    const down = h.ingest.health();
    expect(down.reason).toMatch(
      new RegExp(
        `^no connection to ws://127\\.0\\.0\\.1:${port}/market/stream open for \\d+ s \\(last error: .*ECONNREFUSED`,
      ),
    );
    revived = await startMockExchange({ port, speed: 'max', ...flowing });
    await waitFor(() => h.ingest.health().state === 'running', 'health back', 20_000);
    expect(h.ingest.health()).toEqual({ state: 'running' });
  });
});
