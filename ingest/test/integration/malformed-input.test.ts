import type { DeadLetter } from '@tickstream/schema';
import { MALFORMED_KINDS } from '../../src/mock-exchange';
import { idsBySymbol, startHarness, type Harness } from '../helpers/ingest-harness';
import { waitFor } from '../helpers/wait';

const expectedCodes: Record<(typeof MALFORMED_KINDS)[number], string> = {
  'invalid-json': 'MALFORMED_JSON',
  'not-an-object': 'INVALID_MESSAGE',
  'unknown-event': 'UNKNOWN_EVENT_TYPE',
  'wrong-types': 'INVALID_TRADE_ID',
  'zero-price': 'INVALID_PRICE',
  'negative-qty': 'INVALID_QTY',
  'unknown-symbol': 'UNKNOWN_SYMBOL',
  'missing-fields': 'INVALID_TRADE_ID',
  'stream-mismatch': 'STREAM_MISMATCH',
  binary: 'MALFORMED_JSON',
};

describe('ingest given bad input by the exchange', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('dead-letters every malformed case with its reason and raw payload, and keeps ingesting', async () => {
    harness = await startHarness({
      label: 'malformed',
      mock: { tape: { kind: 'synthetic', maxTrades: 3_000, seed: 5 }, ratePerSecond: 1_500 },
      source: { symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] },
    });
    await harness.ingest.start();
    const mock = harness.mock;
    await waitFor(() => mock.stats().tradesEmitted >= 300, 'flow');
    const sent = new Map<string, string>();
    for (const kind of MALFORMED_KINDS) sent.set(kind, mock.sendMalformed(kind, 'BTCUSDT'));
    await mock.finished;

    const letters = await harness.deadLetters((d) => d.length >= MALFORMED_KINDS.length);
    expect(letters).toHaveLength(MALFORMED_KINDS.length);
    for (const kind of MALFORMED_KINDS) {
      const raw =
        kind === 'binary'
          ? `binary:${Buffer.from(sent.get(kind) ?? '').toString('base64')}`
          : sent.get(kind);
      const letter = letters.find((d: DeadLetter) => d.raw === raw);
      expect({ kind, code: letter?.code }).toEqual({ kind, code: expectedCodes[kind] });
      expect(letter?.reason.length).toBeGreaterThan(5);
      expect(letter?.source).toBe('ingest/binance');
    }
    // Ingest kept going: every real trade is there, once, in order.
    const total = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'].reduce((n, s) => n + mock.history(s).length, 0);
    const trades = await harness.trades((t) => t.length >= total);
    expect(idsBySymbol(trades).get('BTCUSDT')).toEqual(mock.history('BTCUSDT').map((t) => t.id));
    expect(harness.ingest.status()).toMatchObject({
      state: 'running',
      deadLetters: MALFORMED_KINDS.length,
    });
  });
});
