import type {
  Alert,
  Candle,
  CandleOrigin,
  PairAnalytics,
  PairScreen,
  Signal,
  SymbolStats,
  Trade,
} from './events';
import { PAIR_SCREEN_FIGURES, type PairScreenFigure } from './events';

// ClickHouse rows for the tables in ../migrations, one mapping per table, so column names
// live beside their DDL and every role writes and reads them the same way.

export const TABLES = {
  trades: 'trades',
  candles: 'candles',
  symbolStats: 'symbol_stats',
  pairAnalytics: 'pair_analytics',
  alerts: 'alerts',
  signals: 'signals',
  pairScreen: 'pair_screen',
  pairScreenLatest: 'pair_screen_latest',
} as const;

export interface TradeRow {
  readonly exchange: string;
  readonly symbol: string;
  readonly trade_id: number;
  readonly price: number;
  readonly qty: number;
  readonly side: 'buy' | 'sell';
  readonly trade_time: number;
  readonly event_time: number;
  readonly ingest_time: number;
  readonly first_trade_id: number;
}

export function tradeRow(t: Trade): TradeRow {
  return {
    exchange: t.exchange,
    symbol: t.symbol,
    trade_id: t.tradeId,
    price: t.price,
    qty: t.qty,
    side: t.side,
    trade_time: t.tradeTime,
    event_time: t.eventTime,
    ingest_time: t.ingestTime,
    first_trade_id: t.firstTradeId ?? t.tradeId,
  };
}

export interface CandleRow {
  readonly exchange: string;
  readonly symbol: string;
  readonly bar_interval: string;
  readonly bucket_start: number;
  readonly bucket_end: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly quote_volume: number;
  readonly buy_volume: number;
  readonly sell_volume: number;
  readonly trade_count: number;
  readonly vwap: number;
  readonly first_trade_id: number;
  readonly last_trade_id: number;
  readonly is_final: 0 | 1;
  readonly version: number;
  readonly ver: number;
  readonly source: CandleOrigin;
}

/**
 * The ReplacingMergeTree version of a bar: it only grows while a bucket fills (more trades,
 * then final), and among bars of the same trades a bar built from trades (live, aggregate
 * history, or imported by the backfill command) wins over the exchange's kline, so history
 * never overwrites what was streamed. Two bars built from the same trades tie: they hold the
 * same figures, and whichever was written last stays.
 */
export function candleVersion(c: Candle): number {
  return (c.tradeCount * 2 + (c.final ? 1 : 0)) * 2 + (c.source === 'klines' ? 0 : 1);
}

/** `rowVersion` must only grow for a bucket: `candleVersion` unless a test says otherwise. */
export function candleRow(c: Candle, rowVersion: number = candleVersion(c)): CandleRow {
  return {
    exchange: c.exchange,
    symbol: c.symbol,
    bar_interval: c.interval,
    bucket_start: c.start,
    bucket_end: c.end,
    open: c.open,
    high: c.high,
    low: c.low,
    close: c.close,
    volume: c.volume,
    quote_volume: c.quoteVolume,
    buy_volume: c.buyVolume,
    sell_volume: c.sellVolume,
    trade_count: c.tradeCount,
    vwap: c.vwap,
    first_trade_id: c.firstTradeId,
    last_trade_id: c.lastTradeId,
    is_final: c.final ? 1 : 0,
    version: c.version,
    ver: rowVersion,
    source: c.source ?? 'live',
  };
}

export interface SymbolStatsRow {
  readonly exchange: string;
  readonly symbol: string;
  readonly window: string;
  readonly bar_interval: string;
  readonly bars: number;
  readonly time: number;
  readonly last_price: number;
  readonly open_price: number;
  readonly change: number;
  readonly change_pct: number;
  readonly high: number;
  readonly low: number;
  readonly volume: number;
  readonly quote_volume: number;
  readonly vwap: number;
  readonly trade_count: number;
  readonly mean_close: number;
  readonly std_close: number | null;
  readonly realized_volatility: number | null;
  readonly null_reasons: Record<string, string>;
  readonly ver: number;
}

export function symbolStatsRow(s: SymbolStats, rowVersion: number): SymbolStatsRow {
  return {
    exchange: s.exchange,
    symbol: s.symbol,
    window: s.window,
    bar_interval: s.interval,
    bars: s.bars,
    time: s.time,
    last_price: s.lastPrice,
    open_price: s.openPrice,
    change: s.change,
    change_pct: s.changePct,
    high: s.high,
    low: s.low,
    volume: s.volume,
    quote_volume: s.quoteVolume,
    vwap: s.vwap,
    trade_count: s.tradeCount,
    mean_close: s.meanClose,
    std_close: s.stdClose,
    realized_volatility: s.realizedVolatility,
    null_reasons: s.nullReasons,
    ver: rowVersion,
  };
}

export interface PairAnalyticsRow {
  readonly pair: string;
  readonly symbol_x: string;
  readonly symbol_y: string;
  readonly bar_interval: string;
  readonly time: number;
  readonly price_x: number;
  readonly price_y: number;
  readonly ols_window: number;
  readonly zscore_window: number;
  readonly corr_window: number;
  readonly hedge_ratio: number | null;
  readonly intercept: number | null;
  readonly r_squared: number | null;
  readonly std_error: number | null;
  readonly hedge_ratio_through_origin: number | null;
  readonly spread: number | null;
  readonly spread_mean: number | null;
  readonly spread_std: number | null;
  readonly zscore: number | null;
  readonly correlation: number | null;
  readonly return_correlation: number | null;
  readonly kalman_hedge_ratio: number | null;
  readonly kalman_intercept: number | null;
  readonly kalman_zscore: number | null;
  readonly half_life: number | null;
  readonly hurst: number | null;
  readonly adf_statistic: number | null;
  readonly adf_pvalue: number | null;
  readonly adf_used_lag: number | null;
  readonly adf_nobs: number | null;
  readonly adf_crit_1: number | null;
  readonly adf_crit_5: number | null;
  readonly adf_crit_10: number | null;
  readonly coint_statistic: number | null;
  readonly coint_pvalue: number | null;
  readonly coint_crit_1: number | null;
  readonly coint_crit_5: number | null;
  readonly coint_crit_10: number | null;
  readonly null_reasons: Record<string, string>;
  readonly version: number;
}

export function pairAnalyticsRow(p: PairAnalytics): PairAnalyticsRow {
  return {
    pair: p.pair,
    symbol_x: p.symbolX,
    symbol_y: p.symbolY,
    bar_interval: p.interval,
    time: p.time,
    price_x: p.priceX,
    price_y: p.priceY,
    ols_window: p.olsWindow,
    zscore_window: p.zScoreWindow,
    corr_window: p.corrWindow,
    hedge_ratio: p.hedgeRatio,
    intercept: p.intercept,
    r_squared: p.rSquared,
    std_error: p.stdError,
    hedge_ratio_through_origin: p.hedgeRatioThroughOrigin,
    spread: p.spread,
    spread_mean: p.spreadMean,
    spread_std: p.spreadStd,
    zscore: p.zScore,
    correlation: p.correlation,
    return_correlation: p.returnCorrelation,
    kalman_hedge_ratio: p.kalmanHedgeRatio,
    kalman_intercept: p.kalmanIntercept,
    kalman_zscore: p.kalmanZScore,
    half_life: p.halfLife,
    hurst: p.hurst,
    adf_statistic: p.adf?.statistic ?? null,
    adf_pvalue: p.adf?.pValue ?? null,
    adf_used_lag: p.adf?.usedLag ?? null,
    adf_nobs: p.adf?.nobs ?? null,
    adf_crit_1: p.adf?.criticalValues['1%'] ?? null,
    adf_crit_5: p.adf?.criticalValues['5%'] ?? null,
    adf_crit_10: p.adf?.criticalValues['10%'] ?? null,
    coint_statistic: p.coint?.statistic ?? null,
    coint_pvalue: p.coint?.pValue ?? null,
    coint_crit_1: p.coint?.criticalValues['1%'] ?? null,
    coint_crit_5: p.coint?.criticalValues['5%'] ?? null,
    coint_crit_10: p.coint?.criticalValues['10%'] ?? null,
    null_reasons: p.nullReasons,
    version: p.version,
  };
}

export interface AlertRow {
  readonly id: string;
  readonly kind: string;
  readonly pair: string;
  readonly bar_interval: string;
  readonly time: number;
  readonly value: number;
  readonly threshold: number;
  readonly message: string;
  /** '' when the alert carries no states (raised before they were recorded). */
  readonly from_state: string;
  readonly to_state: string;
}

export function alertRow(a: Alert): AlertRow {
  return {
    id: a.id,
    kind: a.kind,
    pair: a.pair,
    bar_interval: a.interval,
    time: a.time,
    value: a.value,
    threshold: a.threshold,
    message: a.message,
    from_state: a.fromState ?? '',
    to_state: a.toState ?? '',
  };
}

export interface SignalRow {
  readonly pair: string;
  readonly symbol_x: string;
  readonly symbol_y: string;
  readonly bar_interval: string;
  readonly run: string;
  readonly time: number;
  readonly kind: Signal['kind'];
  readonly action: Signal['action'];
  readonly side: Signal['side'];
  readonly reason: Signal['reason'];
  readonly signal_time: number;
  readonly z: number | null;
  readonly beta: number;
  readonly price_y: number;
  readonly price_x: number;
  readonly qty_y: number | null;
  readonly qty_x: number | null;
  readonly fees: number | null;
  readonly position: Signal['position'];
  readonly position_qty_y: number;
  readonly position_qty_x: number;
  readonly entry_time: number | null;
  readonly bars_held: number | null;
  readonly pnl: number | null;
  readonly realized: number;
  readonly equity: number;
  readonly version: number;
}

export function signalRow(s: Signal): SignalRow {
  return {
    pair: s.pair,
    symbol_x: s.symbolX,
    symbol_y: s.symbolY,
    bar_interval: s.interval,
    run: s.run,
    time: s.time,
    kind: s.kind,
    action: s.action,
    side: s.side,
    reason: s.reason,
    signal_time: s.signalTime,
    z: s.z,
    beta: s.beta,
    price_y: s.priceY,
    price_x: s.priceX,
    qty_y: s.qtyY,
    qty_x: s.qtyX,
    fees: s.fees,
    position: s.position,
    position_qty_y: s.positionQtyY,
    position_qty_x: s.positionQtyX,
    entry_time: s.entryTime,
    bars_held: s.barsHeld,
    pnl: s.pnl,
    realized: s.realized,
    equity: s.equity,
    version: s.version,
  };
}

/**
 * A `signals` row as `SIGNAL_SELECT` reads it: its times as epoch milliseconds, under other
 * names than the columns (an alias named like a column would replace it in WHERE).
 */
export type SignalReadRow = Omit<SignalRow, 'time' | 'signal_time' | 'entry_time'> & {
  readonly time_ms: number | string;
  readonly signal_time_ms: number | string;
  readonly entry_time_ms: number | string | null;
};

/** The columns of `signals` as a `SignalReadRow`. */
export const SIGNAL_SELECT = `pair, symbol_x, symbol_y, bar_interval, run,
  toUnixTimestamp64Milli(time) AS time_ms, kind, action, side, reason,
  toUnixTimestamp64Milli(signal_time) AS signal_time_ms, z, beta, price_y, price_x, qty_y,
  qty_x, fees, position, position_qty_y, position_qty_x,
  if(isNull(entry_time), NULL, toUnixTimestamp64Milli(assumeNotNull(entry_time))) AS entry_time_ms,
  bars_held, pnl, realized, equity, version`;

/** A row read with `SIGNAL_SELECT` as the `Signal` the topic carried. */
export function signalOfRow(r: SignalReadRow): Signal {
  return {
    type: 'signal',
    pair: r.pair,
    symbolX: r.symbol_x,
    symbolY: r.symbol_y,
    interval: r.bar_interval as Signal['interval'],
    run: r.run,
    time: Number(r.time_ms),
    kind: r.kind,
    action: r.action,
    side: r.side,
    reason: r.reason,
    signalTime: Number(r.signal_time_ms),
    z: r.z,
    beta: r.beta,
    priceY: r.price_y,
    priceX: r.price_x,
    qtyY: r.qty_y,
    qtyX: r.qty_x,
    fees: r.fees,
    position: r.position,
    positionQtyY: r.position_qty_y,
    positionQtyX: r.position_qty_x,
    entryTime: r.entry_time_ms === null ? null : Number(r.entry_time_ms),
    barsHeld: r.bars_held === null ? null : Number(r.bars_held),
    pnl: r.pnl,
    realized: r.realized,
    equity: r.equity,
    version: Number(r.version),
  };
}

/** A `pair_screen` / `pair_screen_latest` row (the two tables have the same columns). */
export interface PairScreenRow {
  readonly bar_interval: string;
  readonly screen_window: number;
  readonly pair: string;
  readonly symbol_x: string;
  readonly symbol_y: string;
  readonly time: number;
  readonly zscore_window: number;
  readonly price_x: number;
  readonly price_y: number;
  readonly hedge_ratio: number | null;
  readonly intercept: number | null;
  readonly kalman_hedge_ratio: number | null;
  readonly correlation: number | null;
  readonly return_correlation: number | null;
  readonly coint_statistic: number | null;
  readonly coint_pvalue: number | null;
  readonly coint_statistic_reverse: number | null;
  readonly coint_pvalue_reverse: number | null;
  readonly pvalue: number | null;
  readonly adf_statistic: number | null;
  readonly adf_pvalue: number | null;
  readonly half_life: number | null;
  readonly hurst: number | null;
  readonly spread: number | null;
  readonly zscore: number | null;
  readonly null_reasons: string;
}

/** The column of each figure of a screened pair. */
export const PAIR_SCREEN_COLUMNS = {
  hedgeRatio: 'hedge_ratio',
  intercept: 'intercept',
  kalmanHedgeRatio: 'kalman_hedge_ratio',
  correlation: 'correlation',
  returnCorrelation: 'return_correlation',
  cointStatistic: 'coint_statistic',
  cointPValue: 'coint_pvalue',
  cointStatisticReverse: 'coint_statistic_reverse',
  cointPValueReverse: 'coint_pvalue_reverse',
  pValue: 'pvalue',
  adfStatistic: 'adf_statistic',
  adfPValue: 'adf_pvalue',
  halfLife: 'half_life',
  hurst: 'hurst',
  spread: 'spread',
  zScore: 'zscore',
} as const satisfies Record<PairScreenFigure, keyof PairScreenRow>;

export function pairScreenRow(p: PairScreen): PairScreenRow {
  const row: Record<string, unknown> = {
    bar_interval: p.interval,
    screen_window: p.window,
    pair: p.pair,
    symbol_x: p.symbolX,
    symbol_y: p.symbolY,
    time: p.time,
    zscore_window: p.zScoreWindow,
    price_x: p.priceX,
    price_y: p.priceY,
    null_reasons: JSON.stringify(p.nullReasons),
  };
  for (const figure of PAIR_SCREEN_FIGURES) row[PAIR_SCREEN_COLUMNS[figure]] = p[figure];
  return row as unknown as PairScreenRow;
}

/** A row read with `PAIR_SCREEN_SELECT`: the time as epoch milliseconds under another name. */
export type PairScreenReadRow = Omit<PairScreenRow, 'time'> & { readonly time_ms: number | string };

/** The columns of `pair_screen` / `pair_screen_latest` as a `PairScreenReadRow`. */
export const PAIR_SCREEN_SELECT = `bar_interval, screen_window, pair, symbol_x, symbol_y,
  toUnixTimestamp64Milli(time) AS time_ms, zscore_window, price_x, price_y, hedge_ratio,
  intercept, kalman_hedge_ratio, correlation, return_correlation, coint_statistic, coint_pvalue,
  coint_statistic_reverse, coint_pvalue_reverse, pvalue, adf_statistic, adf_pvalue, half_life,
  hurst, spread, zscore, null_reasons`;

/** A row read with `PAIR_SCREEN_SELECT` as the `PairScreen` the topic carried. */
export function pairScreenOfRow(r: PairScreenReadRow): PairScreen {
  const figures = {} as Record<PairScreenFigure, number | null>;
  for (const figure of PAIR_SCREEN_FIGURES) {
    const v = r[PAIR_SCREEN_COLUMNS[figure]];
    figures[figure] = v === null ? null : Number(v);
  }
  return {
    type: 'pair-screen',
    pair: r.pair,
    symbolX: r.symbol_x,
    symbolY: r.symbol_y,
    interval: r.bar_interval as PairScreen['interval'],
    window: Number(r.screen_window),
    zScoreWindow: Number(r.zscore_window),
    time: Number(r.time_ms),
    priceX: r.price_x,
    priceY: r.price_y,
    ...figures,
    nullReasons: JSON.parse(r.null_reasons) as Record<string, string>,
  };
}
