import {
  ALL_TOPICS,
  INTERVAL_MS,
  INTERVALS,
  SchemaValidationError,
  TOPICS,
  alertRow,
  validateAlert,
  validateCandle,
  validateDeadLetter,
  validateTrade,
  type Trade,
} from '../../src';

const trade: Trade = {
  type: 'trade',
  exchange: 'binance-futures',
  symbol: 'BTCUSDT',
  tradeId: 5_126_447_111,
  price: 64_250.1,
  qty: 0.012,
  side: 'sell',
  tradeTime: 1_721_347_022_700,
  eventTime: 1_721_347_022_705,
  ingestTime: 1_721_347_022_910,
};

describe('event contracts', () => {
  it('accepts a well-formed trade', () => {
    expect(validateTrade.is(trade)).toBe(true);
    expect(validateTrade.assert(JSON.parse(JSON.stringify(trade)))).toEqual(trade);
  });

  it('rejects a trade with a non-positive price, naming the field', () => {
    expect(() => validateTrade.assert({ ...trade, price: 0 })).toThrow(SchemaValidationError);
    expect(() => validateTrade.assert({ ...trade, price: 0 })).toThrow(
      /^not a valid Trade: \/price /,
    );
  });

  it('rejects lower-case symbols, unknown fields and fractional times', () => {
    expect(validateTrade.is({ ...trade, symbol: 'btcusdt' })).toBe(false);
    expect(validateTrade.is({ ...trade, extra: 1 })).toBe(false);
    expect(validateTrade.is({ ...trade, tradeTime: 1.5 })).toBe(false);
  });

  it('accepts a candle and checks its interval', () => {
    const candle = {
      type: 'candle',
      exchange: 'binance-futures',
      symbol: 'ETHUSDT',
      interval: '1m',
      start: 1_721_347_020_000,
      end: 1_721_347_080_000,
      open: 3400,
      high: 3410,
      low: 3395,
      close: 3405,
      volume: 12,
      quoteVolume: 40_860,
      buyVolume: 7,
      sellVolume: 5,
      tradeCount: 40,
      vwap: 3405,
      firstTradeId: 1,
      lastTradeId: 40,
      version: 1,
      final: false,
    };
    expect(validateCandle.is(candle)).toBe(true);
    expect(validateCandle.is({ ...candle, interval: '2m' })).toBe(false);
  });

  it('keeps the raw payload of a dead letter as a string', () => {
    expect(
      validateDeadLetter.is({
        type: 'dead-letter',
        source: 'ingest/binance',
        code: 'MALFORMED_JSON',
        reason: 'Unexpected end of JSON input',
        raw: '{"e":"trade"',
        time: 1,
      }),
    ).toBe(true);
  });

  it('carries on an alert the state it leaves and the state it enters', () => {
    const alert = {
      type: 'alert',
      id: 'adf-stationary:ETHUSDT/BTCUSDT:1s:1721347020000',
      kind: 'adf-stationary',
      pair: 'ETHUSDT/BTCUSDT',
      interval: '1s',
      time: 1_721_347_020_000,
      value: 0.012,
      threshold: 0.05,
      message: 'ADF p-value 0.012 < 0.05 for 20 bars: spread non-stationary → stationary',
      fromState: 'non-stationary',
      toState: 'stationary',
    } as const;
    expect(validateAlert.is(alert)).toBe(true);
    expect(alertRow(alert)).toMatchObject({ from_state: 'non-stationary', to_state: 'stationary' });
    expect(validateAlert.is({ ...alert, toState: 'stationary-ish' })).toBe(false);
    expect(validateAlert.is({ ...alert, kind: 'correlation-restored' })).toBe(true);
    // An alert raised before states were recorded (still on the topic for 30 days) stays valid.
    const { fromState: _from, toState: _to, ...older } = alert;
    expect(validateAlert.is(older)).toBe(true);
    expect(alertRow(older)).toMatchObject({ from_state: '', to_state: '' });
  });

  it('knows every interval length in milliseconds', () => {
    expect(INTERVALS.map((i) => INTERVAL_MS[i])).toEqual([
      1_000, 60_000, 300_000, 900_000, 3_600_000, 14_400_000, 86_400_000,
    ]);
  });

  it('names every topic with a version and keys records as documented', () => {
    expect(ALL_TOPICS.map((t) => t.name)).toEqual([
      'md.trades.v1',
      'md.candles.v1',
      'md.stats.v1',
      'md.pair-analytics.v1',
      'md.alerts.v1',
      'md.deadletter.v1',
      'md.pair-bars.v1',
      'md.trade-gaps.v1',
      'md.pair-config.v1',
      'md.history.v1',
      'md.signals.v1',
      'md.pair-screen.v1',
    ]);
    expect(TOPICS.trades.keyOf(trade)).toBe('binance-futures:BTCUSDT');
  });
});
