import type { Trade } from '@tickstream/schema';
import { DEFAULT_TAPE, loadCapture } from '../../src';
import { idsBySymbol, startHarness, type Harness } from '../helpers/ingest-harness';
import { waitFor } from '../helpers/wait';

// The core fidelity check runs on both event logs; the rest of the suite on whichever
// KAFKA_BROKERS selects (npm test: Kafka).
const adapters: Array<'embedded' | 'kafka'> = process.env['KAFKA_BROKERS']
  ? ['embedded', 'kafka']
  : ['embedded'];

describe.each(adapters)(
  'ingest from the mock exchange serving the real Binance capture, into the %s log',
  (adapter) => {
    let harness: Harness | undefined;
    afterEach(async () => {
      await harness?.close();
      harness = undefined;
    });

    it('writes exactly the tape’s trades to the trades topic, in per-symbol id order', async () => {
      const tape = await loadCapture(DEFAULT_TAPE);
      harness = await startHarness({ label: 'fidelity', adapter });
      await harness.ingest.start();
      await harness.mock.finished;
      const trades = await harness.trades((t) => t.length >= tape.length);
      await waitFor(() => harness?.ingest.status().produced === tape.length, 'produced count');

      const expected = idsBySymbol(tape.map((t) => ({ symbol: t.symbol, tradeId: t.id })));
      const actual = idsBySymbol(trades);
      expect([...actual.keys()].sort()).toEqual(['BTCUSDT', 'ETHUSDT']);
      expect(actual.get('BTCUSDT')).toEqual(expected.get('BTCUSDT'));
      expect(actual.get('ETHUSDT')).toEqual(expected.get('ETHUSDT'));
      expect(actual.get('BTCUSDT')).toHaveLength(10_701);
      expect(actual.get('ETHUSDT')).toHaveLength(13_655);

      const first = tape[0];
      const mapped = trades.find(
        (t: Trade) => t.symbol === first?.symbol && t.tradeId === first.id,
      );
      expect(mapped).toMatchObject({
        type: 'trade',
        exchange: 'binance-futures',
        symbol: 'ETHUSDT',
        tradeId: 4217896584,
        price: 3424.98,
        qty: 0.007,
        side: 'sell',
        tradeTime: 1721347022707,
        eventTime: 1721347022708,
      });
      const status = harness.ingest.status();
      expect(status.deadLetters).toBe(0);
      expect(status.gaps.detected).toBe(0);
      expect(status.duplicates).toBe(0);
    });
  },
);

describe('ingest of the other Binance stream flavours', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('writes exactly the exchange’s aggregate trades when configured for @aggTrade', async () => {
    harness = await startHarness({ label: 'aggtrade', source: { stream: 'aggTrade' } });
    await harness.ingest.start();
    await harness.mock.finished;
    const mock = harness.mock;
    const expected = mock.aggHistory('BTCUSDT').length + mock.aggHistory('ETHUSDT').length;
    expect(expected).toBeGreaterThan(1_000);
    const trades = await harness.trades((t) => t.length >= expected);
    const actual = idsBySymbol(trades);
    expect(actual.get('BTCUSDT')).toEqual(mock.aggHistory('BTCUSDT').map((a) => a.aggId));
    expect(actual.get('ETHUSDT')).toEqual(mock.aggHistory('ETHUSDT').map((a) => a.aggId));
    expect(harness.ingest.status().deadLetters).toBe(0);
  });

  it('reads 2026 frames that carry extra keys, on the legacy /stream path too', async () => {
    harness = await startHarness({
      label: 'extra-keys',
      mock: {
        tape: { kind: 'synthetic', maxTrades: 3_000, symbols: undefined },
        extraFields: true,
      },
      source: { streamPath: '/stream', symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] },
    });
    await harness.ingest.start();
    await harness.mock.finished;
    const trades = await harness.trades((t) => t.length >= 3_000);
    expect(trades).toHaveLength(3_000);
    expect(harness.ingest.status().deadLetters).toBe(0);
    expect(harness.ingest.status().connections[0]?.url).toMatch(/:\d+\/stream\?streams=/);
  });
});
