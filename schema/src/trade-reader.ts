import type { Trade } from './events';

// A reader for md.trades.v1 records in the exact layout their producers write
// (`JSON.stringify` of a `Trade`, keys in the contract's order). The candles processor reads
// every trade of the market, and `JSON.parse` of the record was a third of its time: this
// reads the bytes once, in place, and checks each field against the contract as it goes.
// Anything else (other key order, white space, escapes, numbers it cannot convert exactly)
// gives `undefined`, and the caller takes the general path (JSON.parse and the full
// validator), which also words the dead letter. So the result is always exactly what
// JSON.parse and `validateTrade` would accept and return.

const QUOTE = 0x22;
const COMMA = 0x2c;
const CLOSE = 0x7d;

const enc = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

const PREFIX = enc('{"type":"trade","exchange":"');
const SYMBOL_KEY = enc(',"symbol":"');
const TRADE_ID_KEY = enc(',"tradeId":');
const PRICE_KEY = enc(',"price":');
const QTY_KEY = enc(',"qty":');
const SIDE_KEY = enc(',"side":"');
const TRADE_TIME_KEY = enc(',"tradeTime":');
const EVENT_TIME_KEY = enc(',"eventTime":');
const INGEST_TIME_KEY = enc(',"ingestTime":');
const FIRST_TRADE_ID_KEY = enc(',"firstTradeId":');

// Powers of ten a double holds exactly: m / 10^k and m × 10^k are then one correctly rounded
// operation on exact operands, which is the double JSON.parse gives (Clinger's fast path).
const EXACT_POWERS = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
const MAX_EXACT_MANTISSA = 2 ** 53;

/** Where a read stopped and what it read; one per reader, reused (no object per field). */
interface Cursor {
  pos: number;
  num: number;
}

function expect(bytes: Uint8Array, cursor: Cursor, literal: Uint8Array): boolean {
  const start = cursor.pos;
  if (start + literal.length > bytes.length) return false;
  for (let i = 0; i < literal.length; i += 1) {
    if (bytes[start + i] !== literal[i]) return false;
  }
  cursor.pos = start + literal.length;
  return true;
}

/** A JSON number without a sign, as JSON.stringify writes it; false when it is not one. */
function readNumber(bytes: Uint8Array, cursor: Cursor): boolean {
  let pos = cursor.pos;
  const end = bytes.length;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let c = bytes[pos];
  if (c === undefined || c < 0x30 || c > 0x39) return false;
  // JSON allows no leading zero before another digit.
  if (c === 0x30 && pos + 1 < end) {
    const next = bytes[pos + 1] ?? 0;
    if (next >= 0x30 && next <= 0x39) return false;
  }
  while (pos < end && (c = bytes[pos] ?? 0) >= 0x30 && c <= 0x39) {
    mantissa = mantissa * 10 + (c - 0x30);
    digits += 1;
    pos += 1;
  }
  if (bytes[pos] === 0x2e) {
    pos += 1;
    const fractionStart = pos;
    while (pos < end && (c = bytes[pos] ?? 0) >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      digits += 1;
      pos += 1;
    }
    if (pos === fractionStart) return false;
    scale = pos - fractionStart;
  }
  let exponent = 0;
  c = bytes[pos] ?? 0;
  if (c === 0x65 || c === 0x45) {
    pos += 1;
    let negative = false;
    c = bytes[pos] ?? 0;
    if (c === 0x2b || c === 0x2d) {
      negative = c === 0x2d;
      pos += 1;
    }
    const exponentStart = pos;
    while (pos < end && (c = bytes[pos] ?? 0) >= 0x30 && c <= 0x39) {
      exponent = exponent * 10 + (c - 0x30);
      pos += 1;
      if (exponent > 400) return false;
    }
    if (pos === exponentStart) return false;
    if (negative) exponent = -exponent;
  }
  const power = exponent - scale;
  // More than 15 digits may already have been rounded while accumulating: then the number's
  // text goes through Number(), which rounds as JSON.parse does (the syntax is checked above).
  if (digits > 15 || mantissa > MAX_EXACT_MANTISSA || power < -22 || power > 22) {
    cursor.num = Number(String.fromCharCode(...bytes.subarray(cursor.pos, pos)));
  } else if (power === 0) cursor.num = mantissa;
  else if (power < 0) cursor.num = mantissa / (EXACT_POWERS[-power] ?? NaN);
  else cursor.num = mantissa * (EXACT_POWERS[power] ?? NaN);
  // The contract's numbers are finite: JSON's 1e400 is not one.
  if (!Number.isFinite(cursor.num)) return false;
  cursor.pos = pos;
  return true;
}

/** A non-negative safe integer, as the contract's Integer({ minimum: 0 }) fields are. */
function readInteger(bytes: Uint8Array, cursor: Cursor): boolean {
  return readNumber(bytes, cursor) && Number.isInteger(cursor.num);
}

type ByteClass = (c: number) => boolean;
const isExchangeByte: ByteClass = (c) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d;
const isSymbolByte: ByteClass = (c) => (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);

/**
 * Strings seen before, by their bytes: a market has few exchanges and symbols, so each is
 * made once and shared by every trade that names it.
 */
class Interned {
  private readonly byHash = new Map<number, { bytes: Uint8Array; text: string }[]>();

  constructor(
    private readonly allowed: ByteClass,
    private readonly minLength: number,
    private readonly maxLength: number,
  ) {}

  /** The string between the cursor and the next quote, which it passes; undefined if not allowed. */
  read(bytes: Uint8Array, cursor: Cursor): string | undefined {
    const start = cursor.pos;
    let pos = start;
    let hash = 0x811c9dc5;
    let c = 0;
    while (pos < bytes.length && (c = bytes[pos] ?? 0) !== QUOTE) {
      if (!this.allowed(c)) return undefined;
      hash = Math.imul(hash ^ c, 0x01000193);
      pos += 1;
    }
    const length = pos - start;
    if (c !== QUOTE || length < this.minLength || length > this.maxLength) return undefined;
    cursor.pos = pos + 1;
    let bucket = this.byHash.get(hash);
    if (bucket) {
      for (const entry of bucket) {
        if (entry.bytes.length === length && sameBytes(entry.bytes, bytes, start)) {
          return entry.text;
        }
      }
    } else {
      bucket = [];
      this.byHash.set(hash, bucket);
    }
    const copy = bytes.slice(start, pos);
    const text = String.fromCharCode(...copy);
    bucket.push({ bytes: copy, text });
    return text;
  }
}

function sameBytes(known: Uint8Array, bytes: Uint8Array, start: number): boolean {
  for (let i = 0; i < known.length; i += 1) {
    if (known[i] !== bytes[start + i]) return false;
  }
  return true;
}

const BUY = enc('buy"');
const SELL = enc('sell"');

export interface TradeReader {
  /** The trade these bytes hold, or undefined when they are not in the producers' exact layout. */
  read(bytes: Uint8Array): Trade | undefined;
}

/**
 * Makes a reader of md.trades.v1 values. It keeps the exchanges and symbols it has seen;
 * one per consumer.
 */
export function createTradeReader(): TradeReader {
  const exchanges = new Interned(isExchangeByte, 2, 40);
  const symbols = new Interned(isSymbolByte, 2, 30);
  const cursor: Cursor = { pos: 0, num: 0 };

  return {
    read(bytes) {
      cursor.pos = 0;
      if (!expect(bytes, cursor, PREFIX)) return undefined;
      const exchange = exchanges.read(bytes, cursor);
      if (exchange === undefined || !expect(bytes, cursor, SYMBOL_KEY)) return undefined;
      const symbol = symbols.read(bytes, cursor);
      if (symbol === undefined) return undefined;
      if (!expect(bytes, cursor, TRADE_ID_KEY) || !readInteger(bytes, cursor)) return undefined;
      const tradeId = cursor.num;
      if (!expect(bytes, cursor, PRICE_KEY) || !readNumber(bytes, cursor)) return undefined;
      const price = cursor.num;
      if (!expect(bytes, cursor, QTY_KEY) || !readNumber(bytes, cursor)) return undefined;
      const qty = cursor.num;
      // The contract's exclusiveMinimum: 0 (a zero price or size is no trade).
      if (!(price > 0) || !(qty > 0)) return undefined;
      if (!expect(bytes, cursor, SIDE_KEY)) return undefined;
      let side: 'buy' | 'sell';
      if (expect(bytes, cursor, BUY)) side = 'buy';
      else if (expect(bytes, cursor, SELL)) side = 'sell';
      else return undefined;
      if (!expect(bytes, cursor, TRADE_TIME_KEY) || !readInteger(bytes, cursor)) return undefined;
      const tradeTime = cursor.num;
      if (!expect(bytes, cursor, EVENT_TIME_KEY) || !readInteger(bytes, cursor)) return undefined;
      const eventTime = cursor.num;
      if (!expect(bytes, cursor, INGEST_TIME_KEY) || !readInteger(bytes, cursor)) return undefined;
      const ingestTime = cursor.num;
      let firstTradeId: number | undefined;
      if (bytes[cursor.pos] === COMMA) {
        if (!expect(bytes, cursor, FIRST_TRADE_ID_KEY) || !readInteger(bytes, cursor)) {
          return undefined;
        }
        firstTradeId = cursor.num;
      }
      if (bytes[cursor.pos] !== CLOSE || cursor.pos + 1 !== bytes.length) return undefined;
      const trade: Trade = {
        type: 'trade',
        exchange,
        symbol,
        tradeId,
        price,
        qty,
        side,
        tradeTime,
        eventTime,
        ingestTime,
      };
      return firstTradeId === undefined ? trade : { ...trade, firstTradeId };
    },
  };
}
