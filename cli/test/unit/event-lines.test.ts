import type { LogRecord } from '@tickstream/core';
import { TOPICS, type Alert, type Candle, type Trade, type TradeGap } from '@tickstream/schema';
import { InvalidArgumentError } from 'commander';
import { parseTailFrom } from '../../src/option-parsers';
import {
  alertLine,
  candleLine,
  formatNumber,
  gapLine,
  tradeLine,
  utcMillis,
} from '../../src/print/event-lines';
import { TAIL_TOPICS } from '../../src/print/tail-topics';

const AT = Date.UTC(2024, 11, 16, 10, 30, 16, 234);

function trade(symbol: string, price: number, qty: number, tradeTime = AT): Trade {
  return {
    type: 'trade',
    exchange: 'binance-futures',
    symbol,
    tradeId: 1,
    price,
    qty,
    side: 'buy',
    tradeTime,
    eventTime: tradeTime + 1,
    ingestTime: tradeTime + 5,
  };
}

const candle: Candle = {
  type: 'candle',
  exchange: 'binance-futures',
  symbol: 'BTCUSDT',
  interval: '1m',
  start: Date.UTC(2024, 11, 16, 10, 30),
  end: Date.UTC(2024, 11, 16, 10, 31),
  open: 43250.5,
  high: 43260,
  low: 43240.1,
  close: 43255,
  volume: 12.345,
  quoteVolume: 533_928.1,
  buyVolume: 6,
  sellVolume: 6.345,
  tradeCount: 321,
  vwap: 43251.2,
  firstTradeId: 100,
  lastTradeId: 420,
  version: 3,
  final: true,
};

const alert: Alert = {
  type: 'alert',
  id: 'zscore-entry:ETHUSDT/BTCUSDT:1m:1734345060000',
  kind: 'zscore-entry',
  pair: 'ETHUSDT/BTCUSDT',
  interval: '1m',
  time: Date.UTC(2024, 11, 16, 10, 31),
  value: 2.3456789,
  threshold: 2,
  message: 'Z: 2.35 > 2',
};

const gap: TradeGap = {
  type: 'trade-gap',
  exchange: 'binance-futures',
  symbol: 'BTCUSDT',
  fromTradeId: 1001,
  toTradeId: 1005,
  detectedAt: AT,
  status: 'backfilled',
  reason: 'reconnect; 5 trades fetched',
};

describe('the old platform tick line of a trade', () => {
  it('prints symbol, UTC trade time with milliseconds, $price with separators and a 6-decimal qty', () => {
    expect(tradeLine(trade('BTCUSDT', 43250.5, 0.125))).toBe(
      'BTCUSDT | 2024-12-16 10:30:16.234 | $43,250.50 | 0.125000',
    );
    expect(tradeLine(trade('ETHUSDT', 2280.3, 1.5, Date.UTC(2024, 11, 16, 10, 30, 16, 456)))).toBe(
      'ETHUSDT | 2024-12-16 10:30:16.456 | $2,280.30 | 1.500000',
    );
    expect(tradeLine(trade('BTCUSDT', 43251, 0.05, Date.UTC(2024, 11, 16, 10, 30, 17, 123)))).toBe(
      'BTCUSDT | 2024-12-16 10:30:17.123 | $43,251.00 | 0.050000',
    );
  });

  it('keeps the decimals of sub-dollar prices and groups millions', () => {
    expect(tradeLine(trade('DOGEUSDT', 0.08123, 15000))).toBe(
      'DOGEUSDT | 2024-12-16 10:30:16.234 | $0.08123 | 15000.000000',
    );
    expect(tradeLine(trade('PEPEUSDT', 0.0000123456, 1))).toBe(
      'PEPEUSDT | 2024-12-16 10:30:16.234 | $0.00001235 | 1.000000',
    );
    expect(tradeLine(trade('BTCUSDT', 1234567.891, 0.001))).toBe(
      'BTCUSDT | 2024-12-16 10:30:16.234 | $1,234,567.891 | 0.001000',
    );
  });

  it('prints times in UTC, with the milliseconds padded', () => {
    expect(utcMillis(Date.UTC(2025, 0, 2, 3, 4, 5, 6))).toBe('2025-01-02 03:04:05.006');
    expect(utcMillis(0)).toBe('1970-01-01 00:00:00.000');
  });
});

describe('numbers in event lines', () => {
  it('groups thousands and keeps between the minimum and maximum decimals', () => {
    expect(formatNumber(1234.5, 2, 8)).toBe('1,234.50');
    expect(formatNumber(999, 0, 6)).toBe('999');
    expect(formatNumber(1000, 0, 6)).toBe('1,000');
    expect(formatNumber(-2.3456, 0, 6)).toBe('-2.3456');
    expect(formatNumber(-1234567.5, 3, 3)).toBe('-1,234,567.500');
    expect(formatNumber(0.1 + 0.2, 2, 8)).toBe('0.30');
  });

  it('prints a value that rounds to zero without a minus sign', () => {
    expect(formatNumber(-0.0000001, 0, 6)).toBe('0');
    expect(formatNumber(-0.0000001, 2, 6)).toBe('0.00');
  });
});

describe('the readable line of each tailed event', () => {
  it('prints a candle with its bar start, OHLC, volume, trade count and whether it is final', () => {
    expect(candleLine(candle)).toBe(
      'BTCUSDT 1m 2024-12-16 10:30 O 43,250.50 H 43,260.00 L 43,240.10 C 43,255.00 V 12.345 n 321 final',
    );
  });

  it('prints a 1s candle to the second, and an open one as partial', () => {
    const open: Candle = {
      ...candle,
      symbol: 'ETHUSDT',
      interval: '1s',
      start: Date.UTC(2024, 11, 16, 10, 30, 16),
      end: Date.UTC(2024, 11, 16, 10, 30, 17),
      open: 2280.3,
      high: 2281,
      low: 2280.3,
      close: 2281,
      volume: 1.5,
      tradeCount: 2,
      final: false,
    };
    expect(candleLine(open)).toBe(
      'ETHUSDT 1s 2024-12-16 10:30:16 O 2,280.30 H 2,281.00 L 2,280.30 C 2,281.00 V 1.500 n 2 partial',
    );
  });

  it('prints an alert with its pair, interval, bar time, kind, value, threshold and message', () => {
    expect(alertLine(alert)).toBe(
      'ETHUSDT/BTCUSDT 1m | 2024-12-16 10:31 | zscore-entry | value 2.345679 threshold 2 | Z: 2.35 > 2',
    );
  });

  it('prints a gap with its symbol, detection time, missing ids, status and reason', () => {
    expect(gapLine(gap)).toBe(
      'BTCUSDT | 2024-12-16 10:30:16.234 | gap 1001-1005 (5 trades) | backfilled | reconnect; 5 trades fetched',
    );
    expect(gapLine({ ...gap, fromTradeId: 7, toTradeId: 7, status: 'detected', reason: 'x' })).toBe(
      'BTCUSDT | 2024-12-16 10:30:16.234 | gap 7-7 (1 trade) | detected | x',
    );
  });
});

function record(topic: string, value: unknown, offset = 0): LogRecord {
  return {
    topic,
    partition: 0,
    offset,
    key: 'k',
    value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    timestamp: AT,
  };
}

describe('rendering a tailed record', () => {
  it('decodes with the schema, and prints JSON lines with --json', () => {
    const btc = record(TOPICS.trades.name, trade('BTCUSDT', 43250.5, 0.125));
    expect(TAIL_TOPICS.trades.render(btc, { json: false })).toEqual({
      ok: true,
      line: 'BTCUSDT | 2024-12-16 10:30:16.234 | $43,250.50 | 0.125000',
    });
    expect(TAIL_TOPICS.trades.render(btc, { json: true })).toEqual({
      ok: true,
      line: JSON.stringify(trade('BTCUSDT', 43250.5, 0.125)),
    });
  });

  it('leaves out events about other symbols, and shows an alert when either leg is listed', () => {
    const only = { json: false, symbols: new Set(['ETHUSDT']) };
    expect(TAIL_TOPICS.trades.render(record('t', trade('BTCUSDT', 1, 1)), only)).toEqual({
      ok: true,
      line: undefined,
    });
    expect(TAIL_TOPICS.alerts.render(record('a', alert), only)).toEqual({
      ok: true,
      line: alertLine(alert),
    });
    expect(
      TAIL_TOPICS.alerts.render(record('a', alert), { json: false, symbols: new Set(['SOLUSDT']) }),
    ).toEqual({ ok: true, line: undefined });
  });

  it('reports a record that is not the topic event instead of throwing', () => {
    expect(TAIL_TOPICS.gaps.render(record('g', 'not json'), { json: false })).toMatchObject({
      ok: false,
      code: 'MALFORMED_JSON',
    });
    expect(TAIL_TOPICS.candles.render(record('c', alert), { json: false })).toMatchObject({
      ok: false,
      code: 'SCHEMA_VIOLATION',
    });
  });
});

describe('tail --from', () => {
  const now = Date.UTC(2024, 11, 16, 12, 0, 0);

  it('takes beginning, now, and durations back from now', () => {
    expect(parseTailFrom('beginning', now)).toBe('beginning');
    expect(parseTailFrom('earliest', now)).toBe('beginning');
    expect(parseTailFrom('now', now)).toBe('now');
    expect(parseTailFrom('10m', now)).toEqual({ since: now - 600_000 });
    expect(parseTailFrom('90s', now)).toEqual({ since: now - 90_000 });
    expect(parseTailFrom('2h', now)).toEqual({ since: now - 7_200_000 });
    expect(parseTailFrom('1d', now)).toEqual({ since: now - 86_400_000 });
    expect(parseTailFrom('500ms', now)).toEqual({ since: now - 500 });
    expect(parseTailFrom('1.5h', now)).toEqual({ since: now - 5_400_000 });
  });

  it('reads ISO times, as UTC when they carry no offset, and epoch milliseconds', () => {
    const at = Date.UTC(2024, 11, 16, 10, 30);
    expect(parseTailFrom('2024-12-16T10:30:00Z', now)).toEqual({ since: at });
    expect(parseTailFrom('2024-12-16T11:30:00+01:00', now)).toEqual({ since: at });
    expect(parseTailFrom('2024-12-16 10:30', now)).toEqual({ since: at });
    expect(parseTailFrom('2024-12-16 10:30:16.234', now)).toEqual({ since: AT });
    expect(parseTailFrom(String(at), now)).toEqual({ since: at });
  });

  it('refuses anything else, saying what it takes', () => {
    expect(() => parseTailFrom('yesterday', now)).toThrow(InvalidArgumentError);
    expect(() => parseTailFrom('10 minutes', now)).toThrow(
      'expected beginning, now, a duration back from now such as 10m, 2h or 1d',
    );
  });
});
