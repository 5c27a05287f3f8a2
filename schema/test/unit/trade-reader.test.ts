import { createTradeReader, validateTrade, type Trade } from '../../src';

/** mulberry32: the same cases on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What the general path (JSON.parse, then the contract's validator) makes of these bytes. */
function generalPath(bytes: Buffer): Trade | undefined {
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    return validateTrade.is(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const base: Trade = {
  type: 'trade',
  exchange: 'binance-usdm',
  symbol: 'BTCUSDT',
  tradeId: 5_126_447_111,
  price: 64_250.1,
  qty: 0.012,
  side: 'sell',
  tradeTime: 1_733_000_000_000,
  eventTime: 1_733_000_000_003,
  ingestTime: 1_733_000_000_010,
};

// Numbers whose shortest text is awkward for a hand-made conversion: many digits, exponents
// both ways, values next to powers of two and ten, the smallest and largest doubles.
const AWKWARD_NUMBERS = [
  0.1 + 0.2,
  1e-7,
  1.5e-7,
  5e-324,
  1.7976931348623157e308,
  123456789012345680000,
  1e21,
  2 ** 53 + 2,
  9007199254740991,
  2 ** 53 - 0.5,
  0.30000000000000004,
  4.35,
  1.0000000000000002,
  0.000001,
  12345678.9,
  99999.99999999999,
  1e22,
  1e23,
  3.0e-22,
  7.2e-23,
];

describe('the trade reader', () => {
  it('reads what producers write exactly as JSON.parse and the validator do', () => {
    const reader = createTradeReader();
    const random = seeded(7);
    const symbols = ['BTCUSDT', 'ETHUSDT', 'C00USDT', '1000PEPEUSDT'];
    for (let i = 0; i < 10_000; i += 1) {
      const pick = <T>(values: readonly T[]): T =>
        values[Math.floor(random() * values.length)] as T;
      const number = () =>
        random() < 0.3
          ? pick(AWKWARD_NUMBERS)
          : random() < 0.5
            ? Math.round(random() * 1e8) / 10 ** Math.floor(random() * 10)
            : random() * 10 ** Math.floor(random() * 12 - 4);
      const trade: Trade = {
        ...base,
        exchange: pick(['binance-usdm', 'binance-spot', 'bybit']),
        symbol: pick(symbols),
        tradeId: Math.floor(random() * 2 ** 40),
        price: number(),
        qty: number(),
        side: random() < 0.5 ? 'buy' : 'sell',
        ...(random() < 0.2 ? { firstTradeId: Math.floor(random() * 2 ** 40) } : {}),
      };
      const bytes = Buffer.from(JSON.stringify(trade));
      const read = reader.read(bytes);
      expect(read).toEqual(generalPath(bytes));
      // Every producer-written trade takes the fast path, and the result is the contract's.
      if (trade.price > 0 && trade.qty > 0) expect(read).toBeDefined();
      if (read) expect(JSON.stringify(read)).toBe(bytes.toString('utf8'));
    }
  });

  it('never answers differently from the general path when the bytes are damaged', () => {
    const reader = createTradeReader();
    const random = seeded(11);
    const text = JSON.stringify({ ...base, firstTradeId: 5_126_447_100 });
    const alphabet = '0123456789.eE+-"{},:abtyBTCUSD \\\u00e9x';
    let answered = 0;
    for (let i = 0; i < 50_000; i += 1) {
      const chars = [...text];
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e += 1) {
        const at = Math.floor(random() * chars.length);
        const kind = random();
        const c = alphabet[Math.floor(random() * alphabet.length)] ?? 'x';
        if (kind < 0.4) chars[at] = c;
        else if (kind < 0.7) chars.splice(at, 1);
        else chars.splice(at, 0, c);
      }
      const bytes = Buffer.from(chars.join(''));
      const read = reader.read(bytes);
      if (read !== undefined) {
        answered += 1;
        expect(read).toEqual(generalPath(bytes));
      }
    }
    // Some damage leaves a valid trade (a digit changed): those must still be read.
    expect(answered).toBeGreaterThan(1_000);
  });

  it('leaves what is not in the producers’ layout to the general path', () => {
    const reader = createTradeReader();
    const cases = [
      JSON.stringify(base, null, 1),
      JSON.stringify({ ...base, price: 0 }),
      JSON.stringify({ ...base, qty: -1 }),
      JSON.stringify({ ...base, symbol: 'btcusdt' }),
      JSON.stringify({ ...base, exchange: 'Binance' }),
      JSON.stringify({ ...base, side: 'short' }),
      JSON.stringify({ ...base, tradeId: 1.5 }),
      JSON.stringify({ ...base, extra: 1 }),
      JSON.stringify(base).replace('{"type":"trade",', '{"symbol":"BTCUSDT","type":"trade",'),
      JSON.stringify(base).replace('"price":64250.1', '"price":064250.1'),
      JSON.stringify(base).replace('"price":64250.1', '"price":1e400'),
      JSON.stringify(base).replace('"BTCUSDT"', '"BTC\\u0055SDT"'),
      `${JSON.stringify(base)} `,
      JSON.stringify(base).slice(0, -1),
    ];
    for (const text of cases) expect(reader.read(Buffer.from(text))).toBeUndefined();
  });

  it('shares one string per exchange and symbol across trades', () => {
    const reader = createTradeReader();
    const a = reader.read(Buffer.from(JSON.stringify(base)));
    const b = reader.read(Buffer.from(JSON.stringify({ ...base, tradeId: 1 })));
    expect(a?.symbol).toBe('BTCUSDT');
    expect(b?.symbol).toBe(a?.symbol);
    expect(b?.exchange).toBe('binance-usdm');
  });
});
