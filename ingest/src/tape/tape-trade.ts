/** One exchange trade as a tape holds it: Binance's own strings, ready to be sent again. */
export interface TapeTrade {
  readonly symbol: string;
  readonly id: number;
  /** Decimal strings exactly as the exchange prints them. */
  readonly price: string;
  readonly qty: string;
  /** Trade time (T) and event time (E), epoch ms. */
  readonly time: number;
  readonly eventTime: number;
  readonly isBuyerMaker: boolean;
  /** The captured frame, sent byte for byte when timestamps are left as recorded. */
  readonly raw?: string;
}

/** An aggregate trade (@aggTrade): consecutive fills of one taker order at one price. */
export interface TapeAggTrade {
  readonly symbol: string;
  readonly aggId: number;
  readonly price: string;
  readonly qty: string;
  readonly firstId: number;
  readonly lastId: number;
  readonly time: number;
  readonly eventTime: number;
  readonly isBuyerMaker: boolean;
}
