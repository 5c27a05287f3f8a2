import type { MapResult, MessageFormat, MessageOrigin } from '../types';
import { describe, positiveDecimal, reject, symbolOf, toTrade } from './mapper';

// Binance public data (data.binance.vision) CSV rows, with or without a header line:
//   trades:    id,price,qty,quote_qty,time,is_buyer_maker[,is_best_match]   (spot adds the last)
//   aggTrades: agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker[,is_best_match]
// Times are epoch milliseconds, or microseconds in newer spot files; both are accepted.

const INTEGER = /^\d{1,19}$/;
const MICROSECONDS_FROM = 1e14; // epoch ms stays below this until the year 5138

function time(field: string | undefined): number | undefined {
  if (field === undefined || !INTEGER.test(field)) return undefined;
  const value = Number(field);
  const ms = value >= MICROSECONDS_FROM ? Math.floor(value / 1000) : value;
  return Number.isSafeInteger(ms) ? ms : undefined;
}

function bool(field: string | undefined): boolean | undefined {
  const lower = field?.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

function id(field: string | undefined): number | undefined {
  if (field === undefined || !INTEGER.test(field)) return undefined;
  const value = Number(field);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** Which CSV layout a line belongs to (its header, or the shape of a data row), if any. */
export function detectCsvFormat(line: string): MessageFormat | undefined {
  const cells = line.split(',');
  const first = cells[0]?.trim();
  if (first === 'id') return 'binance-csv-trades';
  if (first === 'agg_trade_id') return 'binance-csv-aggtrades';
  if (cells.length === 6) return 'binance-csv-trades';
  if (cells.length === 7) {
    // Spot trades have 7 cells too; their sixth is a boolean where aggTrades have a time.
    return bool(cells[5]) !== undefined ? 'binance-csv-trades' : 'binance-csv-aggtrades';
  }
  if (cells.length === 8) return 'binance-csv-aggtrades';
  return undefined;
}

/** The symbol in a public-data file name such as `BTCUSDT-trades-2024-07-18.csv`. */
export function symbolFromFileName(name: string): string | undefined {
  const match = /(?:^|[/\\])([A-Za-z0-9]{2,30})-(?:trades|aggTrades)-/.exec(name);
  return match?.[1] !== undefined ? symbolOf(match[1]) : undefined;
}

export function mapBinanceCsvRow(
  format: 'binance-csv-trades' | 'binance-csv-aggtrades',
  line: string,
  symbolField: string | undefined,
  receivedAt: number,
  origin: MessageOrigin,
): MapResult {
  const cells = line.trim().split(',');
  const first = cells[0];
  if (first === 'id' || first === 'agg_trade_id') return { kind: 'ignore' };
  const symbol = symbolOf(symbolField);
  if (symbol === undefined) {
    return reject(
      'INVALID_SYMBOL',
      `no symbol for this CSV row (file name or option), got ${describe(symbolField)}`,
    );
  }
  const aggregated = format === 'binance-csv-aggtrades';
  const minCells = aggregated ? 7 : 6;
  if (cells.length < minCells) {
    return reject('INVALID_CSV_ROW', `expected at least ${minCells} columns, got ${cells.length}`);
  }
  const tradeId = id(first);
  if (tradeId === undefined)
    return reject('INVALID_TRADE_ID', `id must be a non-negative integer, got ${describe(first)}`);
  const price = positiveDecimal(cells[1]);
  if (price === undefined)
    return reject('INVALID_PRICE', `price must be a positive decimal, got ${describe(cells[1])}`);
  const qty = positiveDecimal(cells[2]);
  if (qty === undefined)
    return reject('INVALID_QTY', `quantity must be a positive decimal, got ${describe(cells[2])}`);
  const timeCell = aggregated ? cells[5] : cells[4];
  const tradeTime = time(timeCell);
  if (tradeTime === undefined)
    return reject('INVALID_TIME', `time must be epoch ms or µs, got ${describe(timeCell)}`);
  const makerCell = aggregated ? cells[6] : cells[5];
  const isBuyerMaker = bool(makerCell);
  if (isBuyerMaker === undefined) {
    return reject(
      'INVALID_SIDE',
      `is_buyer_maker must be true or false, got ${describe(makerCell)}`,
    );
  }
  // Public data has one time per trade; it stands for the event time too.
  return toTrade(
    { symbol, tradeId, price, qty, isBuyerMaker, tradeTime, eventTime: tradeTime },
    origin,
    receivedAt,
  );
}
