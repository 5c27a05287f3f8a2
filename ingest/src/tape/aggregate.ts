import { addDecimals } from '../util/decimal';
import type { TapeAggTrade, TapeTrade } from './tape-trade';

/**
 * Aggregates a symbol's trades the way @aggTrade does: consecutive fills with the same price,
 * side and time (one taker order sweeping one level) become one aggregate trade.
 */
export class AggTradeBuilder {
  private open: { first: TapeTrade; last: TapeTrade; qty: string } | undefined;
  private nextAggId: number;

  constructor(firstAggId: number) {
    this.nextAggId = firstAggId;
  }

  /** Adds a trade; returns the aggregate it closed, if any. */
  add(trade: TapeTrade): TapeAggTrade | undefined {
    const open = this.open;
    if (
      open &&
      open.last.price === trade.price &&
      open.last.isBuyerMaker === trade.isBuyerMaker &&
      open.last.time === trade.time &&
      trade.id === open.last.id + 1
    ) {
      open.last = trade;
      open.qty = addDecimals(open.qty, trade.qty);
      return undefined;
    }
    const closed = this.close();
    this.open = { first: trade, last: trade, qty: trade.qty };
    return closed;
  }

  /** Closes the aggregate being built, if any. */
  close(): TapeAggTrade | undefined {
    const open = this.open;
    if (open === undefined) return undefined;
    this.open = undefined;
    return {
      symbol: open.first.symbol,
      aggId: this.nextAggId++,
      price: open.first.price,
      qty: open.qty,
      firstId: open.first.id,
      lastId: open.last.id,
      time: open.last.time,
      eventTime: open.last.eventTime,
      isBuyerMaker: open.first.isBuyerMaker,
    };
  }
}
