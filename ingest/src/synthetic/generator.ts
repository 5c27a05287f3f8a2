import { TickstreamError } from '@tickstream/core';
import type { TapeTrade } from '../tape/tape-trade';
import { Prng } from '../util/prng';

// A seeded generator of realistic trades, documented in the README ("Synthetic trades"):
// - independent symbols follow geometric Brownian motion in continuous time;
// - a cointegrated leg is  price = hedgeRatio · leg + intercept + spread,  where the spread is
//   an Ornstein–Uhlenbeck process (mean-reverting with a given half-life), so a regression of
//   one on the other finds the hedge ratio and a stationary residual (the ADF test rejects a
//   unit root) — the pair analytics have something real to find;
// - trades arrive as a Poisson process per symbol; the taker side persists (order-flow
//   autocorrelation); the trade price is the efficient price ± half the bid-ask spread
//   (bid-ask bounce) on the tick grid; sizes are log-normal on the lot grid.
// Every draw comes from one seeded PRNG: the same options give the same trades, byte for byte.

export interface CointegrationSpec {
  /** The other leg (x); this symbol is y = hedgeRatio·x + intercept + spread. */
  readonly with: string;
  readonly hedgeRatio: number;
  readonly intercept?: number;
  /** Half-life of the spread's mean reversion, seconds. */
  readonly halfLifeSeconds: number;
  /** Stationary standard deviation of the spread, in price units. */
  readonly spreadStd: number;
}

export interface SyntheticSymbol {
  readonly symbol: string;
  /** Ignored for a cointegrated leg (its price follows its partner). */
  readonly startPrice: number;
  /** Annualized volatility of the log price, e.g. 0.6 for 60 %. */
  readonly annualVolatility: number;
  readonly tradesPerSecond: number;
  readonly priceDecimals: number;
  readonly qtyDecimals: number;
  readonly meanQty: number;
  /** Half the bid-ask spread in price units (default one tick). */
  readonly halfSpread?: number;
  readonly firstTradeId?: number;
  readonly cointegration?: CointegrationSpec;
}

export interface SyntheticOptions {
  readonly seed?: number;
  readonly symbols?: readonly SyntheticSymbol[];
  /** Trade time of the start, epoch ms (default 2024-07-19T00:00:00Z, so output is reproducible). */
  readonly startTime?: number;
  /** Multiplies every symbol's trade rate (for load tests). */
  readonly rateMultiplier?: number;
}

export const DEFAULT_SYNTHETIC_SYMBOLS: readonly SyntheticSymbol[] = [
  {
    symbol: 'BTCUSDT',
    startPrice: 64_000,
    annualVolatility: 0.6,
    tradesPerSecond: 20,
    priceDecimals: 1,
    qtyDecimals: 3,
    meanQty: 0.05,
    firstTradeId: 5_000_000_000,
  },
  {
    symbol: 'ETHUSDT',
    startPrice: 3_400,
    annualVolatility: 0.7,
    tradesPerSecond: 15,
    priceDecimals: 2,
    qtyDecimals: 3,
    meanQty: 0.6,
    firstTradeId: 4_000_000_000,
    cointegration: {
      with: 'BTCUSDT',
      hedgeRatio: 0.053,
      intercept: 8,
      halfLifeSeconds: 120,
      spreadStd: 1.5,
    },
  },
  {
    symbol: 'SOLUSDT',
    startPrice: 150,
    annualVolatility: 0.9,
    tradesPerSecond: 8,
    priceDecimals: 2,
    qtyDecimals: 0,
    meanQty: 6,
    firstTradeId: 1_000_000_000,
  },
];

const SECONDS_PER_YEAR = 365 * 86_400;
const SIDE_PERSISTENCE = 0.65;
const QTY_LOG_STD = 1.0;

interface SymbolState {
  readonly spec: SyntheticSymbol;
  readonly sigma: number; // per √second
  readonly tick: number;
  readonly lot: number;
  logPrice: number;
  spread: number;
  nextArrival: number; // seconds since start
  nextId: number;
  lastBuyerMaker: boolean;
}

/** An endless, deterministic stream of trades over several symbols, in time order. */
export class SyntheticTrades implements Iterator<TapeTrade> {
  private readonly rng: Prng;
  private readonly states: SymbolState[];
  private readonly bySymbol = new Map<string, SymbolState>();
  private readonly startTime: number;
  private clock = 0;
  private readonly rate: number;

  constructor(options: SyntheticOptions = {}) {
    this.rng = new Prng(options.seed ?? 42);
    this.startTime = options.startTime ?? Date.UTC(2024, 6, 19);
    this.rate = options.rateMultiplier ?? 1;
    const specs = options.symbols ?? DEFAULT_SYNTHETIC_SYMBOLS;
    this.states = specs.map((spec) => ({
      spec,
      sigma: spec.annualVolatility / Math.sqrt(SECONDS_PER_YEAR),
      tick: 10 ** -spec.priceDecimals,
      lot: 10 ** -spec.qtyDecimals,
      logPrice: Math.log(spec.startPrice),
      spread: 0,
      nextArrival: 0,
      nextId: spec.firstTradeId ?? 1,
      lastBuyerMaker: false,
    }));
    for (const st of this.states) this.bySymbol.set(st.spec.symbol, st);
    for (const st of this.states) {
      const c = st.spec.cointegration;
      if (c !== undefined) {
        const leg = this.bySymbol.get(c.with);
        if (leg === undefined || leg.spec.cointegration !== undefined) {
          throw new TickstreamError(
            'INVALID_OPTIONS',
            `${st.spec.symbol} is cointegrated with ${c.with}, which must be an independent symbol of the generator`,
          );
        }
      }
      if (!(st.spec.tradesPerSecond > 0))
        throw new TickstreamError(
          'INVALID_OPTIONS',
          `${st.spec.symbol}: tradesPerSecond must be > 0`,
        );
      st.nextArrival = this.rng.exponential(st.spec.tradesPerSecond * this.rate);
    }
  }

  /** Advances the latent prices by dt seconds (exact transitions, any dt). */
  private advance(dt: number): void {
    if (dt <= 0) return;
    for (const st of this.states) {
      const c = st.spec.cointegration;
      if (c === undefined) {
        st.logPrice +=
          -0.5 * st.sigma * st.sigma * dt + st.sigma * Math.sqrt(dt) * this.rng.normal();
      } else {
        const theta = Math.LN2 / c.halfLifeSeconds;
        const decay = Math.exp(-theta * dt);
        st.spread =
          st.spread * decay + c.spreadStd * Math.sqrt(1 - decay * decay) * this.rng.normal();
      }
    }
  }

  private efficientPrice(st: SymbolState): number {
    const c = st.spec.cointegration;
    if (c === undefined) return Math.exp(st.logPrice);
    const leg = this.bySymbol.get(c.with);
    return c.hedgeRatio * Math.exp(leg?.logPrice ?? 0) + (c.intercept ?? 0) + st.spread;
  }

  next(): IteratorResult<TapeTrade> {
    let st = this.states[0];
    for (const candidate of this.states)
      if (st === undefined || candidate.nextArrival < st.nextArrival) st = candidate;
    if (st === undefined) return { value: undefined, done: true };
    this.advance(st.nextArrival - this.clock);
    this.clock = st.nextArrival;
    st.nextArrival += this.rng.exponential(st.spec.tradesPerSecond * this.rate);

    const isBuyerMaker =
      this.rng.uniform() < SIDE_PERSISTENCE ? st.lastBuyerMaker : !st.lastBuyerMaker;
    st.lastBuyerMaker = isBuyerMaker;
    const half = st.spec.halfSpread ?? st.tick;
    // The taker sells into the bid (buyer is maker) or buys from the ask.
    const raw = this.efficientPrice(st) + (isBuyerMaker ? -half : half);
    const price = Math.max(st.tick, Math.round(raw / st.tick) * st.tick);
    const qtyRaw =
      st.spec.meanQty * Math.exp(QTY_LOG_STD * this.rng.normal() - 0.5 * QTY_LOG_STD * QTY_LOG_STD);
    const qty = Math.max(st.lot, Math.round(qtyRaw / st.lot) * st.lot);
    const time = this.startTime + Math.floor(this.clock * 1000);
    const trade: TapeTrade = {
      symbol: st.spec.symbol,
      id: st.nextId++,
      price: price.toFixed(st.spec.priceDecimals),
      qty: qty.toFixed(st.spec.qtyDecimals),
      time,
      eventTime: time + 1 + this.rng.int(3),
      isBuyerMaker,
    };
    return { value: trade, done: false };
  }

  [Symbol.iterator](): this {
    return this;
  }
}
