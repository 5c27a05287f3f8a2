import { validateTrade, type Trade } from '@tickstream/schema';
import type { DeadLetterCode, MapResult, MessageOrigin } from '../types';

export const SYMBOL = /^[A-Z0-9]{2,30}$/;
const DECIMAL = /^\d{1,20}(?:\.\d{1,20})?$/;

export type Fields = Readonly<Record<string, unknown>>;

export function reject(code: DeadLetterCode, reason: string): MapResult {
  return { kind: 'reject', code, reason };
}

export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short, safe rendering of an offending value for a dead-letter reason. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') {
    const text = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(text);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return `${typeof value === 'object' ? 'null' : typeof value} ${String(value)}`;
  }
  return Array.isArray(value) ? 'an array' : `an ${typeof value}`;
}

/** A positive decimal string (Binance sends prices and sizes as strings), or undefined. */
export function positiveDecimal(value: unknown): number | undefined {
  if (typeof value !== 'string' || !DECIMAL.test(value)) return undefined;
  const parsed = Number(value);
  return parsed > 0 && Number.isFinite(parsed) ? parsed : undefined;
}

export function epochMs(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

export function tradeId(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** Upper-cases and checks a symbol; undefined when it cannot be one. */
export function symbolOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const upper = value.toUpperCase();
  return SYMBOL.test(upper) ? upper : undefined;
}

export interface TradeFields {
  readonly symbol: string;
  readonly tradeId: number;
  readonly price: number;
  readonly qty: number;
  readonly isBuyerMaker: boolean;
  readonly tradeTime: number;
  readonly eventTime: number;
}

/** The normalized Trade, checked against its contract once more (defence in depth). */
export function toTrade(fields: TradeFields, origin: MessageOrigin, receivedAt: number): MapResult {
  if (!origin.isKnownSymbol(fields.symbol)) {
    return reject('UNKNOWN_SYMBOL', `symbol ${fields.symbol} is not subscribed`);
  }
  const trade: Trade = {
    type: 'trade',
    exchange: origin.exchange,
    symbol: fields.symbol,
    tradeId: fields.tradeId,
    price: fields.price,
    qty: fields.qty,
    // Binance's m: the buyer was the maker, so the taker (aggressor) sold.
    side: fields.isBuyerMaker ? 'sell' : 'buy',
    tradeTime: fields.tradeTime,
    eventTime: fields.eventTime,
    ingestTime: receivedAt,
  };
  if (!validateTrade.is(trade)) {
    return reject('SCHEMA_VIOLATION', 'the normalized trade does not satisfy the Trade contract');
  }
  return { kind: 'trade', trade };
}
