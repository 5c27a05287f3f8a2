// Generated from schema/graphql/schema.graphql by @graphql-codegen (typescript,
// typescript-resolvers). Do not edit: run `node api/scripts/generate-types.js`.
/* eslint-disable */
import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { BacktestRun } from '../operations/backtest';
import type { ScreenedPairRow } from '../operations/pair-screen';
import type { ApiContext } from '../graphql/context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string };
  String: { input: string; output: string };
  Boolean: { input: boolean; output: boolean };
  Int: { input: number; output: number };
  Float: { input: number; output: number };
  /**
   * Epoch milliseconds UTC, as a JSON number. Inputs also accept an ISO-8601 string with a
   * zone (`2024-07-19T00:00:00Z`).
   */
  Timestamp: { input: number; output: number };
};

export type Query = {
  __typename?: 'Query';
  /** Every symbol with stored bars, its last price and its ingest counters. */
  symbols: Array<SymbolInfo>;
  /** Pairs analysed by the processors (configured or added at run time) and pairs with stored analytics. */
  pairs: Array<PairInfo>;
  /**
   * Raw trades of one symbol in trade-id (= time) order, Relay-paged. Page forward with
   * first/after (from the start of the range) or backward with last/before (from its end);
   * without either, the newest 100.
   */
  trades: TradeConnection;
  /**
   * OHLCV bars in ascending time: the bars starting in [from, to), or the latest `last` ones
   * (within the range when one is given). Without range or `last`: the latest 500. Live bars
   * win over imported ones for the same time. The newest bar may still be open (final false).
   */
  candles: Array<Candle>;
  /**
   * Rolling statistics over the latest `window` final bars of the interval, computed as the
   * stats processor computes them, plus the older platform's close and volume statistics.
   * Null when the symbol has no final bar.
   */
  stats?: Maybe<SymbolStats>;
  /**
   * On-demand pair analysis over final bars (the legacy /api/pairs numbers): rolling OLS of
   * symbolY on symbolX prices over `window` bars, spread, z-score over `zScoreWindow` spreads,
   * price correlation over `correlationWindow` bars, ADF on the window's residual. `points`
   * is how many of the latest bars `series` returns. Null with fewer than 30 aligned bars.
   */
  pairAnalysis?: Maybe<PairAnalysis>;
  /** The latest stored pair analytics row (written by the pair analytics processor). */
  pairAnalytics?: Maybe<PairAnalytics>;
  /** Stored pair analytics rows in time order, Relay-paged like trades. */
  pairAnalyticsHistory: PairAnalyticsConnection;
  /** Pearson correlation of every pair of symbols over the latest `window` aligned final bars. */
  correlationMatrix: CorrelationMatrix;
  /** Alerts in time order, Relay-paged like trades; optionally of one pair and kind. */
  alerts: AlertConnection;
  /** Ingest connections, per-symbol counts and rates, gaps, and the lag of every processor. */
  ingestStatus: IngestStatus;
  health: Health;
  /**
   * The pair strategy (analytics' backtester) over the legs' stored final bars of a range,
   * as-of aligned as the pair stage aligns them: metrics, trades, fills and the equity curve.
   * Null when the legs have no aligned bar in the range. Refused past API_BACKTEST_MAX_BARS
   * (bars-limit-exceeded) or API_BACKTEST_TIME_BUDGET_MS (time-budget-exceeded); an invalid
   * parameter is invalid-backtest-params with `field` in the extensions.
   */
  backtest?: Maybe<Backtest>;
  /**
   * The backtest over every (entry, exit, window) of a grid, the other parameters from the
   * input: one metric per cell. Bounded like backtest, counting bars × cells.
   */
  backtestSweep?: Maybe<BacktestSweep>;
  /**
   * The pair screener: the newest figures of every pair of the screener's universe
   * (SCREENER_SYMBOLS), ranked by `orderBy` (nulls last; `descending` defaults to the order's
   * natural direction: small p-values and half-lives first, large correlations and |z| first),
   * filtered, and paged with `top` (1 to 10000) and `offset`. `interval` and `window` default
   * to the screener's own (SCREENER_INTERVAL, SCREENER_WINDOW).
   */
  pairScreen: PairScreenRanking;
  /**
   * Stored paper-trading signals of a pair (SYMBOLY/SYMBOLX) on an interval, in time order: the
   * newest `last` (default 100, at most API_MAX_ROWS) within from..to. `run` (the parameters,
   * as signals name them) narrows them to one run.
   */
  signals: Array<Signal>;
};

export type QueryTradesArgs = {
  symbol: Scalars['String']['input'];
  exchange?: InputMaybe<Scalars['String']['input']>;
  from?: InputMaybe<Scalars['Timestamp']['input']>;
  to?: InputMaybe<Scalars['Timestamp']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
};

export type QueryCandlesArgs = {
  symbol: Scalars['String']['input'];
  interval?: Scalars['String']['input'];
  exchange?: InputMaybe<Scalars['String']['input']>;
  from?: InputMaybe<Scalars['Timestamp']['input']>;
  to?: InputMaybe<Scalars['Timestamp']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type QueryStatsArgs = {
  symbol: Scalars['String']['input'];
  interval?: Scalars['String']['input'];
  window?: Scalars['Int']['input'];
  exchange?: InputMaybe<Scalars['String']['input']>;
};

export type QueryPairAnalysisArgs = {
  symbolX: Scalars['String']['input'];
  symbolY: Scalars['String']['input'];
  interval?: Scalars['String']['input'];
  window?: Scalars['Int']['input'];
  zScoreWindow?: Scalars['Int']['input'];
  correlationWindow?: Scalars['Int']['input'];
  points?: Scalars['Int']['input'];
};

export type QueryPairAnalyticsArgs = {
  symbolX: Scalars['String']['input'];
  symbolY: Scalars['String']['input'];
  interval?: Scalars['String']['input'];
};

export type QueryPairAnalyticsHistoryArgs = {
  symbolX: Scalars['String']['input'];
  symbolY: Scalars['String']['input'];
  interval?: Scalars['String']['input'];
  from?: InputMaybe<Scalars['Timestamp']['input']>;
  to?: InputMaybe<Scalars['Timestamp']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
};

export type QueryCorrelationMatrixArgs = {
  symbols: Array<Scalars['String']['input']>;
  interval?: Scalars['String']['input'];
  window?: Scalars['Int']['input'];
  method?: CorrelationMethod;
};

export type QueryAlertsArgs = {
  pair?: InputMaybe<Scalars['String']['input']>;
  kind?: InputMaybe<Scalars['String']['input']>;
  from?: InputMaybe<Scalars['Timestamp']['input']>;
  to?: InputMaybe<Scalars['Timestamp']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
};

export type QueryBacktestArgs = {
  input: BacktestInput;
};

export type QueryBacktestSweepArgs = {
  input: BacktestSweepInput;
};

export type QueryPairScreenArgs = {
  interval?: InputMaybe<Scalars['String']['input']>;
  window?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: PairScreenOrder;
  descending?: InputMaybe<Scalars['Boolean']['input']>;
  top?: Scalars['Int']['input'];
  offset?: Scalars['Int']['input'];
  filters?: InputMaybe<PairScreenFilters>;
};

export type QuerySignalsArgs = {
  pair: Scalars['String']['input'];
  interval?: Scalars['String']['input'];
  run?: InputMaybe<Scalars['String']['input']>;
  from?: InputMaybe<Scalars['Timestamp']['input']>;
  to?: InputMaybe<Scalars['Timestamp']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

/** What the screener ranks by. */
export type PairScreenOrder =
  /** The larger Engle–Granger p-value of the two directions (both must reject). */
  | 'P_VALUE'
  | 'COINT_P_VALUE'
  | 'COINT_P_VALUE_REVERSE'
  | 'ADF_P_VALUE'
  | 'CORRELATION'
  | 'RETURN_CORRELATION'
  | 'HALF_LIFE'
  | 'HURST'
  /** |z-score|: the most stretched spreads. */
  | 'ABS_Z_SCORE'
  /** The pair name, alphabetically. */
  | 'PAIR';

/** Filters of the screener; a pair whose filtered figure is null does not pass that filter. */
export type PairScreenFilters = {
  minCorrelation?: InputMaybe<Scalars['Float']['input']>;
  maxPValue?: InputMaybe<Scalars['Float']['input']>;
  /** Bars. */
  minHalfLife?: InputMaybe<Scalars['Float']['input']>;
  /** Bars. */
  maxHalfLife?: InputMaybe<Scalars['Float']['input']>;
  minAbsZScore?: InputMaybe<Scalars['Float']['input']>;
  /** Only pairs whose legs are both among these symbols. */
  symbols?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** One z-score of a pair's screener history. */
export type ScreenZScorePoint = {
  __typename?: 'ScreenZScorePoint';
  time: Scalars['Timestamp']['output'];
  zScore?: Maybe<Scalars['Float']['output']>;
};

/** One pair of the screener's universe, x the alphabetically first symbol, at its newest screened bar. */
export type ScreenedPair = {
  __typename?: 'ScreenedPair';
  /** 1-based position in this ranking (filters applied). */
  rank: Scalars['Int']['output'];
  pair: Scalars['String']['output'];
  symbolX: Scalars['String']['output'];
  symbolY: Scalars['String']['output'];
  interval: Scalars['String']['output'];
  window: Scalars['Int']['output'];
  zScoreWindow: Scalars['Int']['output'];
  time: Scalars['Timestamp']['output'];
  priceX: Scalars['Float']['output'];
  priceY: Scalars['Float']['output'];
  /** OLS β of y on x over the window. */
  hedgeRatio?: Maybe<Scalars['Float']['output']>;
  intercept?: Maybe<Scalars['Float']['output']>;
  kalmanHedgeRatio?: Maybe<Scalars['Float']['output']>;
  /** Pearson correlation of prices. */
  correlation?: Maybe<Scalars['Float']['output']>;
  /** Pearson correlation of log returns. */
  returnCorrelation?: Maybe<Scalars['Float']['output']>;
  /** Engle–Granger τ, y on x. */
  cointStatistic?: Maybe<Scalars['Float']['output']>;
  cointPValue?: Maybe<Scalars['Float']['output']>;
  /** Engle–Granger τ, x on y. */
  cointStatisticReverse?: Maybe<Scalars['Float']['output']>;
  cointPValueReverse?: Maybe<Scalars['Float']['output']>;
  /** The larger of the two Engle–Granger p-values. */
  pValue?: Maybe<Scalars['Float']['output']>;
  /** ADF of the window's OLS spread. */
  adfStatistic?: Maybe<Scalars['Float']['output']>;
  adfPValue?: Maybe<Scalars['Float']['output']>;
  /** Bars. */
  halfLife?: Maybe<Scalars['Float']['output']>;
  hurst?: Maybe<Scalars['Float']['output']>;
  spread?: Maybe<Scalars['Float']['output']>;
  zScore?: Maybe<Scalars['Float']['output']>;
  nullReasons: Array<FigureReason>;
  /** The pair's last `points` screened z-scores (1 to 500), oldest first: the sparkline. */
  zScoreHistory: Array<ScreenZScorePoint>;
};

/** One pair of the screener's universe, x the alphabetically first symbol, at its newest screened bar. */
export type ScreenedPairZScoreHistoryArgs = {
  points?: Scalars['Int']['input'];
};

export type PairScreenRanking = {
  __typename?: 'PairScreenRanking';
  interval: Scalars['String']['output'];
  window: Scalars['Int']['output'];
  orderBy: PairScreenOrder;
  descending: Scalars['Boolean']['output'];
  /** The newest screened bar among the universe's pairs; null before the first. */
  time?: Maybe<Scalars['Timestamp']['output']>;
  /** Every symbol of the universe (with a screened pair). */
  symbols: Array<Scalars['String']['output']>;
  /** Pairs screened, before filters. */
  pairs: Scalars['Int']['output'];
  /** Pairs that pass the filters. */
  total: Scalars['Int']['output'];
  rows: Array<ScreenedPair>;
};

/** A backtest: the pair, the range of stored bars, and the strategy's parameters (omitted ones take their defaults). */
export type BacktestInput = {
  /** x, the regressor */
  symbolX: Scalars['String']['input'];
  /** y, the regressed symbol */
  symbolY: Scalars['String']['input'];
  /** Both legs' exchange; default: each symbol's freshest. */
  exchange?: InputMaybe<Scalars['String']['input']>;
  interval?: Scalars['String']['input'];
  /** First bar start (inclusive); default: the first stored bar. */
  from?: InputMaybe<Scalars['Timestamp']['input']>;
  /** End (exclusive); default: after the last stored bar. */
  to?: InputMaybe<Scalars['Timestamp']['input']>;
  /** next-close (default: a signal at bar t fills at t+1) or same-close (optimistic). */
  fill?: InputMaybe<Scalars['String']['input']>;
  /** ols (default: rolling OLS β and z) or kalman. */
  hedge?: InputMaybe<Scalars['String']['input']>;
  /** Enter when |z| > entry (default 2). */
  entry?: InputMaybe<Scalars['Float']['input']>;
  /** Exit when |z| ≤ exit (default 0.5; below entry). */
  exit?: InputMaybe<Scalars['Float']['input']>;
  /** Exit when |z| ≥ stop (above entry); then no re-entry until |z| ≤ entry. Default: none. */
  stop?: InputMaybe<Scalars['Float']['input']>;
  /** Exit after this many bars held. Default: none. */
  maxBars?: InputMaybe<Scalars['Int']['input']>;
  /** Notional of the y leg at entry, in quote currency; the starting equity (default 10000). */
  capital?: InputMaybe<Scalars['Float']['input']>;
  /** Fee per leg per fill, basis points of its notional (default 0). */
  feeBps?: InputMaybe<Scalars['Float']['input']>;
  /** Each fill price moves against the trade by this many basis points (default 0). */
  slippageBps?: InputMaybe<Scalars['Float']['input']>;
  /** Rolling OLS window in bars (default 60, at least 3). */
  window?: InputMaybe<Scalars['Int']['input']>;
  /** z-score window in bars (default: window). */
  zWindow?: InputMaybe<Scalars['Int']['input']>;
};

/** A sweep: the backtest's input (entry, exit and window are the grid's) and the grid. */
export type BacktestSweepInput = {
  symbolX: Scalars['String']['input'];
  symbolY: Scalars['String']['input'];
  exchange?: InputMaybe<Scalars['String']['input']>;
  interval?: Scalars['String']['input'];
  from?: InputMaybe<Scalars['Timestamp']['input']>;
  to?: InputMaybe<Scalars['Timestamp']['input']>;
  fill?: InputMaybe<Scalars['String']['input']>;
  hedge?: InputMaybe<Scalars['String']['input']>;
  stop?: InputMaybe<Scalars['Float']['input']>;
  maxBars?: InputMaybe<Scalars['Int']['input']>;
  capital?: InputMaybe<Scalars['Float']['input']>;
  feeBps?: InputMaybe<Scalars['Float']['input']>;
  slippageBps?: InputMaybe<Scalars['Float']['input']>;
  zWindow?: InputMaybe<Scalars['Int']['input']>;
  /** Entry levels (1 to 50 values). */
  entries: Array<Scalars['Float']['input']>;
  /** Exit levels (1 to 50 values); a cell with exit ≥ entry is reported invalid. */
  exits: Array<Scalars['Float']['input']>;
  /** OLS windows in bars (1 to 50 values). */
  windows: Array<Scalars['Int']['input']>;
  /** The metric of each cell: a numeric field of BacktestMetrics (default sharpe). */
  metric?: Scalars['String']['input'];
};

export type BacktestParams = {
  __typename?: 'BacktestParams';
  fill: Scalars['String']['output'];
  hedge: Scalars['String']['output'];
  entry: Scalars['Float']['output'];
  exit: Scalars['Float']['output'];
  stop?: Maybe<Scalars['Float']['output']>;
  maxBars?: Maybe<Scalars['Int']['output']>;
  capital: Scalars['Float']['output'];
  feeBps: Scalars['Float']['output'];
  slippageBps: Scalars['Float']['output'];
  window: Scalars['Int']['output'];
  zWindow?: Maybe<Scalars['Int']['output']>;
};

export type BacktestMetrics = {
  __typename?: 'BacktestMetrics';
  /** Last equity − capital. */
  totalPnl: Scalars['Float']['output'];
  /** totalPnl / capital. */
  totalReturn: Scalars['Float']['output'];
  /** Mean / sample std of per-bar equity returns × √barsPerYear; null with fewer than 2 returns or zero std. */
  sharpe?: Maybe<Scalars['Float']['output']>;
  /** 365 · 86,400 s / bar length. */
  barsPerYear: Scalars['Float']['output'];
  /** Largest fall of equity from a running peak (starting at capital), as a fraction of the peak. */
  maxDrawdown: Scalars['Float']['output'];
  /** The same in quote currency. */
  maxDrawdownAbs: Scalars['Float']['output'];
  tradeCount: Scalars['Int']['output'];
  /** Share of trades with P&L > 0; null without trades. */
  hitRate?: Maybe<Scalars['Float']['output']>;
  /** Mean bars from entry fill to exit fill; null without trades. */
  avgBarsHeld?: Maybe<Scalars['Float']['output']>;
  /** Share of bars that closed with a position held. */
  exposure: Scalars['Float']['output'];
  /** Σ of every leg fill's notional / capital. */
  turnover: Scalars['Float']['output'];
  feesPaid: Scalars['Float']['output'];
  bars: Scalars['Int']['output'];
};

export type BacktestTrade = {
  __typename?: 'BacktestTrade';
  /** long or short (the spread y − βx) */
  side: Scalars['String']['output'];
  /** β of the signal bar, frozen for the trade. */
  beta: Scalars['Float']['output'];
  /** Signed quantities: > 0 bought. */
  qy: Scalars['Float']['output'];
  qx: Scalars['Float']['output'];
  entrySignalIndex: Scalars['Int']['output'];
  entryIndex: Scalars['Int']['output'];
  entryTime: Scalars['Timestamp']['output'];
  entryPriceY: Scalars['Float']['output'];
  entryPriceX: Scalars['Float']['output'];
  exitSignalIndex: Scalars['Int']['output'];
  exitIndex: Scalars['Int']['output'];
  exitTime: Scalars['Timestamp']['output'];
  exitPriceY: Scalars['Float']['output'];
  exitPriceX: Scalars['Float']['output'];
  /** exit, stop, max-bars or end */
  reason: Scalars['String']['output'];
  fees: Scalars['Float']['output'];
  /** Both legs' P&L at the fill prices minus both fills' fees. */
  pnl: Scalars['Float']['output'];
  barsHeld: Scalars['Int']['output'];
};

export type BacktestLegFill = {
  __typename?: 'BacktestLegFill';
  /** Signed: > 0 buys. */
  qty: Scalars['Float']['output'];
  /** The close moved against the trade by the slippage. */
  price: Scalars['Float']['output'];
  notional: Scalars['Float']['output'];
  fee: Scalars['Float']['output'];
};

export type BacktestFill = {
  __typename?: 'BacktestFill';
  /** Index of the bar filled at (0 = the first aligned bar). */
  index: Scalars['Int']['output'];
  time: Scalars['Timestamp']['output'];
  /** open or close */
  action: Scalars['String']['output'];
  side: Scalars['String']['output'];
  /** entry, exit, stop, max-bars or end */
  reason: Scalars['String']['output'];
  signalIndex: Scalars['Int']['output'];
  y: BacktestLegFill;
  x: BacktestLegFill;
};

export type BacktestEquityPoint = {
  __typename?: 'BacktestEquityPoint';
  index: Scalars['Int']['output'];
  time: Scalars['Timestamp']['output'];
  /** capital + realized + unrealized */
  equity: Scalars['Float']['output'];
  realized: Scalars['Float']['output'];
  /** The open position marked at this bar's closes. */
  unrealized: Scalars['Float']['output'];
  /** long, short or flat, at this bar's close */
  position: Scalars['String']['output'];
  /** Fall from the running peak of equity (starting at capital), as a fraction of the peak. */
  drawdown: Scalars['Float']['output'];
};

export type BacktestEquityEdge = {
  __typename?: 'BacktestEquityEdge';
  cursor: Scalars['String']['output'];
  node: BacktestEquityPoint;
};

export type BacktestEquityConnection = {
  __typename?: 'BacktestEquityConnection';
  edges: Array<BacktestEquityEdge>;
  pageInfo: PageInfo;
  /** Points in the whole curve (one per aligned bar). */
  totalCount: Scalars['Int']['output'];
};

export type Backtest = {
  __typename?: 'Backtest';
  /** SYMBOLY/SYMBOLX */
  pair: Scalars['String']['output'];
  symbolX: Scalars['String']['output'];
  symbolY: Scalars['String']['output'];
  interval: Scalars['String']['output'];
  /** Start of the first and of the last aligned bar. */
  from: Scalars['Timestamp']['output'];
  to: Scalars['Timestamp']['output'];
  /** Aligned bars the run read. */
  bars: Scalars['Int']['output'];
  params: BacktestParams;
  metrics: BacktestMetrics;
  trades: Array<BacktestTrade>;
  fills: Array<BacktestFill>;
  /** The equity curve, one point per bar, paged forward (first at most API_MAX_ROWS). */
  equity: BacktestEquityConnection;
};

export type BacktestEquityArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};

export type BacktestSweepCell = {
  __typename?: 'BacktestSweepCell';
  entry: Scalars['Float']['output'];
  exit: Scalars['Float']['output'];
  window: Scalars['Int']['output'];
  /** The metric of the cell's run; null when undefined for the run or the cell is invalid. */
  value?: Maybe<Scalars['Float']['output']>;
  tradeCount: Scalars['Int']['output'];
  /** Why the cell was not run (e.g. exit ≥ entry). */
  invalid?: Maybe<Scalars['String']['output']>;
};

export type BacktestSweep = {
  __typename?: 'BacktestSweep';
  pair: Scalars['String']['output'];
  symbolX: Scalars['String']['output'];
  symbolY: Scalars['String']['output'];
  interval: Scalars['String']['output'];
  from: Scalars['Timestamp']['output'];
  to: Scalars['Timestamp']['output'];
  bars: Scalars['Int']['output'];
  metric: Scalars['String']['output'];
  entries: Array<Scalars['Float']['output']>;
  exits: Array<Scalars['Float']['output']>;
  windows: Array<Scalars['Int']['output']>;
  /** Window-major, then entry, then exit: cells[(w·|entries| + e)·|exits| + x]. */
  cells: Array<BacktestSweepCell>;
};

export type Subscription = {
  __typename?: 'Subscription';
  /**
   * Trades of the given symbols as they arrive. With `sampleMs`, at most one trade per symbol
   * every sampleMs (the newest one).
   */
  trades: Trade;
  /**
   * Bars of a materialized interval: partial updates while the bar is open (coalesced when the
   * subscriber is behind), then the final bar and any revision.
   */
  candles: Candle;
  /** Rolling statistics updates of a symbol; `window` (e.g. 60x1m) narrows them to one window. */
  stats: SymbolStats;
  /** Pair analytics per aligned bar, as the processor computes them. */
  pairAnalytics: PairAnalytics;
  /** Alerts as they are raised; `pair` (SYMBOLY/SYMBOLX) narrows them to one pair. */
  alerts: Alert;
  /** The ingest status every `everyMs` milliseconds (250 to 60000). */
  ingestStatus: IngestStatus;
  /**
   * The screener's ranking (as the pairScreen query) again each time the screener writes new
   * rows for the interval and window, at most once every `everyMs` milliseconds (250 to 60000).
   */
  pairScreen: PairScreenRanking;
  /** Paper-trading signals as the pair stage makes them; `pair` (SYMBOLY/SYMBOLX) narrows them to one pair. */
  signals: Signal;
};

export type SubscriptionTradesArgs = {
  symbols: Array<Scalars['String']['input']>;
  sampleMs?: InputMaybe<Scalars['Int']['input']>;
};

export type SubscriptionCandlesArgs = {
  symbol: Scalars['String']['input'];
  interval?: Scalars['String']['input'];
  includePartial?: Scalars['Boolean']['input'];
};

export type SubscriptionStatsArgs = {
  symbol: Scalars['String']['input'];
  window?: InputMaybe<Scalars['String']['input']>;
};

export type SubscriptionPairAnalyticsArgs = {
  symbolX: Scalars['String']['input'];
  symbolY: Scalars['String']['input'];
  interval?: Scalars['String']['input'];
};

export type SubscriptionAlertsArgs = {
  pair?: InputMaybe<Scalars['String']['input']>;
};

export type SubscriptionIngestStatusArgs = {
  everyMs?: Scalars['Int']['input'];
};

export type SubscriptionPairScreenArgs = {
  interval?: InputMaybe<Scalars['String']['input']>;
  window?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: PairScreenOrder;
  descending?: InputMaybe<Scalars['Boolean']['input']>;
  top?: Scalars['Int']['input'];
  filters?: InputMaybe<PairScreenFilters>;
  everyMs?: Scalars['Int']['input'];
};

export type SubscriptionSignalsArgs = {
  pair?: InputMaybe<Scalars['String']['input']>;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
  endCursor?: Maybe<Scalars['String']['output']>;
};

export type SymbolInfo = {
  __typename?: 'SymbolInfo';
  symbol: Scalars['String']['output'];
  exchange: Scalars['String']['output'];
  /** Close of the newest bar of the finest materialized interval. */
  lastPrice?: Maybe<Scalars['Float']['output']>;
  /** Start of that bar. */
  lastBarTime?: Maybe<Scalars['Timestamp']['output']>;
  /** Intervals with stored bars for this symbol (live or imported). */
  intervals: Array<Scalars['String']['output']>;
  /** Ingest counters for this symbol; null when the API runs without an ingest status provider. */
  ingest?: Maybe<SymbolIngestStatus>;
};

export type PairInfo = {
  __typename?: 'PairInfo';
  /** SYMBOLY/SYMBOLX */
  pair: Scalars['String']['output'];
  symbolX: Scalars['String']['output'];
  symbolY: Scalars['String']['output'];
  /** Intervals analysed continuously by the processor, or with stored analytics. */
  intervals: Array<Scalars['String']['output']>;
  /** The settings of each interval analysed now (none for a pair with stored analytics only). */
  analysed: Array<PairSettings>;
};

/** How the pair stage analyses a pair on one interval. */
export type PairSettings = {
  __typename?: 'PairSettings';
  interval: Scalars['String']['output'];
  /** Bars in the regression window (also ADF, cointegration, half-life, Hurst). */
  olsWindow: Scalars['Int']['output'];
  zScoreWindow: Scalars['Int']['output'];
  corrWindow: Scalars['Int']['output'];
  /** ADF and cointegration run every this many aligned bars. */
  testEvery: Scalars['Int']['output'];
  zScoreEntry: Scalars['Float']['output'];
  zScoreExit: Scalars['Float']['output'];
  correlationBreak: Scalars['Float']['output'];
  adfPValueLevel: Scalars['Float']['output'];
  /** ADF p-value at or above which the spread leaves stationary (adfPValueLevel enters it). */
  adfPValueExit: Scalars['Float']['output'];
  /** ADF figures in a row past a level before the verdict changes (1: at once). */
  adfDwellBars: Scalars['Int']['output'];
  /** Correlation at or above which a broken pair is correlated again (correlationBreak breaks it). */
  correlationRestore: Scalars['Float']['output'];
  /** Correlation figures in a row past a level before its state changes (1: at once). */
  correlationDwellBars: Scalars['Int']['output'];
};

/** A pair to analyse continuously; omitted settings take the configured defaults. */
export type PairInput = {
  /** x, the regressor */
  symbolX: Scalars['String']['input'];
  /** y, the regressed symbol */
  symbolY: Scalars['String']['input'];
  /** A materialized interval (CANDLE_INTERVALS). */
  interval?: Scalars['String']['input'];
  olsWindow?: InputMaybe<Scalars['Int']['input']>;
  zScoreWindow?: InputMaybe<Scalars['Int']['input']>;
  corrWindow?: InputMaybe<Scalars['Int']['input']>;
  testEvery?: InputMaybe<Scalars['Int']['input']>;
  zScoreEntry?: InputMaybe<Scalars['Float']['input']>;
  zScoreExit?: InputMaybe<Scalars['Float']['input']>;
  correlationBreak?: InputMaybe<Scalars['Float']['input']>;
  adfPValueLevel?: InputMaybe<Scalars['Float']['input']>;
  /** At least adfPValueLevel. */
  adfPValueExit?: InputMaybe<Scalars['Float']['input']>;
  adfDwellBars?: InputMaybe<Scalars['Int']['input']>;
  /** At least correlationBreak. */
  correlationRestore?: InputMaybe<Scalars['Float']['input']>;
  correlationDwellBars?: InputMaybe<Scalars['Int']['input']>;
};

/**
 * Changes to what runs. Each takes effect in every process through the md.pair-config.v1
 * topic; a mutation returns once this API instance has read its own change back.
 */
export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Analyses a pair continuously from now on, or changes its settings. Its first rows come at
   * once, computed from the legs' stored final bars; live rows follow each bar. Both symbols
   * need stored bars of the interval.
   */
  addPair: PairInfo;
  /** Stops analysing a pair on an interval; its stored analytics stay. Null when it was not analysed. */
  removePair?: Maybe<PairInfo>;
};

/**
 * Changes to what runs. Each takes effect in every process through the md.pair-config.v1
 * topic; a mutation returns once this API instance has read its own change back.
 */
export type MutationAddPairArgs = {
  input: PairInput;
};

/**
 * Changes to what runs. Each takes effect in every process through the md.pair-config.v1
 * topic; a mutation returns once this API instance has read its own change back.
 */
export type MutationRemovePairArgs = {
  symbolX: Scalars['String']['input'];
  symbolY: Scalars['String']['input'];
  interval?: Scalars['String']['input'];
};

export type TradeSide = 'buy' | 'sell';

export type Trade = {
  __typename?: 'Trade';
  exchange: Scalars['String']['output'];
  symbol: Scalars['String']['output'];
  /** Exchange trade id (up to 2^53). */
  tradeId: Scalars['Float']['output'];
  price: Scalars['Float']['output'];
  qty: Scalars['Float']['output'];
  /** Taker side: sell when the buyer was the maker. */
  side: TradeSide;
  tradeTime: Scalars['Timestamp']['output'];
  eventTime: Scalars['Timestamp']['output'];
  ingestTime: Scalars['Timestamp']['output'];
};

export type TradeEdge = {
  __typename?: 'TradeEdge';
  cursor: Scalars['String']['output'];
  node: Trade;
};

export type TradeConnection = {
  __typename?: 'TradeConnection';
  edges: Array<TradeEdge>;
  pageInfo: PageInfo;
};

export type CandleSource =
  /** materialized from trades as they streamed */
  | 'live'
  /** materialized from the exchange's aggregate trades (history; exact prices, volumes and counts) */
  | 'aggTrades'
  /** the exchange's own bar (history older than the trade lookback, or `tickstream backfill --kind klines`) */
  | 'klines'
  /** uploaded as CSV, or built by `tickstream backfill` from the exchange's trade files or aggregate trades (exact, but not streamed) */
  | 'imported';

export type Candle = {
  __typename?: 'Candle';
  exchange: Scalars['String']['output'];
  symbol: Scalars['String']['output'];
  interval: Scalars['String']['output'];
  /** Inclusive bucket start, aligned to the UTC epoch. */
  start: Scalars['Timestamp']['output'];
  /** Exclusive bucket end. */
  end: Scalars['Timestamp']['output'];
  open: Scalars['Float']['output'];
  high: Scalars['Float']['output'];
  low: Scalars['Float']['output'];
  close: Scalars['Float']['output'];
  volume: Scalars['Float']['output'];
  /** Null for imported bars. */
  quoteVolume?: Maybe<Scalars['Float']['output']>;
  buyVolume?: Maybe<Scalars['Float']['output']>;
  sellVolume?: Maybe<Scalars['Float']['output']>;
  tradeCount: Scalars['Float']['output'];
  vwap?: Maybe<Scalars['Float']['output']>;
  /** False while the bucket is open. */
  final: Scalars['Boolean']['output'];
  /** Revision of the bucket (1 for imported bars). */
  version: Scalars['Int']['output'];
  source: CandleSource;
};

export type FigureReason = {
  __typename?: 'FigureReason';
  figure: Scalars['String']['output'];
  reason: Scalars['String']['output'];
};

export type CloseStats = {
  __typename?: 'CloseStats';
  /** Closes in the window. */
  bars: Scalars['Int']['output'];
  mean: Scalars['Float']['output'];
  /** Sample standard deviation (ddof 1). */
  std?: Maybe<Scalars['Float']['output']>;
  min: Scalars['Float']['output'];
  max: Scalars['Float']['output'];
  first: Scalars['Float']['output'];
  /** The last close. */
  current: Scalars['Float']['output'];
  /** (last − first)/first · 100 of closes. */
  changePct?: Maybe<Scalars['Float']['output']>;
};

export type VolumeStats = {
  __typename?: 'VolumeStats';
  mean: Scalars['Float']['output'];
  /** Sample standard deviation (ddof 1). */
  std?: Maybe<Scalars['Float']['output']>;
  total: Scalars['Float']['output'];
};

export type SymbolStats = {
  __typename?: 'SymbolStats';
  exchange: Scalars['String']['output'];
  symbol: Scalars['String']['output'];
  /** BARSxINTERVAL, e.g. 60x1m */
  window: Scalars['String']['output'];
  interval: Scalars['String']['output'];
  /** Bars in the window so far. */
  bars: Scalars['Int']['output'];
  /** Start of the newest bar. */
  time: Scalars['Timestamp']['output'];
  lastPrice: Scalars['Float']['output'];
  openPrice: Scalars['Float']['output'];
  /** Last close minus the first bar's open. */
  change: Scalars['Float']['output'];
  changePct: Scalars['Float']['output'];
  high: Scalars['Float']['output'];
  low: Scalars['Float']['output'];
  volume: Scalars['Float']['output'];
  quoteVolume: Scalars['Float']['output'];
  vwap: Scalars['Float']['output'];
  tradeCount: Scalars['Float']['output'];
  meanClose: Scalars['Float']['output'];
  stdClose?: Maybe<Scalars['Float']['output']>;
  /** Sample std of bar-to-bar log returns (per bar). */
  realizedVolatility?: Maybe<Scalars['Float']['output']>;
  /** True when every bar in the window is final. */
  final: Scalars['Boolean']['output'];
  nullReasons: Array<FigureReason>;
  /** Statistics of the closes (the older platform's price_stats); null on live updates. */
  closeStats?: Maybe<CloseStats>;
  /** Statistics of bar volumes (the older platform's volume_stats); null on live updates. */
  volumeStats?: Maybe<VolumeStats>;
};

export type CriticalValues = {
  __typename?: 'CriticalValues';
  /** 1% */
  p1: Scalars['Float']['output'];
  /** 5% */
  p5: Scalars['Float']['output'];
  /** 10% */
  p10: Scalars['Float']['output'];
};

export type AdfResult = {
  __typename?: 'AdfResult';
  statistic: Scalars['Float']['output'];
  pValue: Scalars['Float']['output'];
  usedLag: Scalars['Int']['output'];
  nobs: Scalars['Int']['output'];
  criticalValues: CriticalValues;
  /** p-value < 0.05 */
  isStationary: Scalars['Boolean']['output'];
};

export type CointResult = {
  __typename?: 'CointResult';
  statistic: Scalars['Float']['output'];
  pValue: Scalars['Float']['output'];
  criticalValues: CriticalValues;
  isCointegrated: Scalars['Boolean']['output'];
};

export type PairAnalytics = {
  __typename?: 'PairAnalytics';
  pair: Scalars['String']['output'];
  symbolX: Scalars['String']['output'];
  symbolY: Scalars['String']['output'];
  interval: Scalars['String']['output'];
  time: Scalars['Timestamp']['output'];
  priceX: Scalars['Float']['output'];
  priceY: Scalars['Float']['output'];
  olsWindow: Scalars['Int']['output'];
  zScoreWindow: Scalars['Int']['output'];
  corrWindow: Scalars['Int']['output'];
  hedgeRatio?: Maybe<Scalars['Float']['output']>;
  intercept?: Maybe<Scalars['Float']['output']>;
  rSquared?: Maybe<Scalars['Float']['output']>;
  /** Residual standard error of the regression. */
  stdError?: Maybe<Scalars['Float']['output']>;
  hedgeRatioThroughOrigin?: Maybe<Scalars['Float']['output']>;
  spread?: Maybe<Scalars['Float']['output']>;
  spreadMean?: Maybe<Scalars['Float']['output']>;
  spreadStd?: Maybe<Scalars['Float']['output']>;
  zScore?: Maybe<Scalars['Float']['output']>;
  /** Pearson correlation of prices. */
  correlation?: Maybe<Scalars['Float']['output']>;
  /** Pearson correlation of log returns. */
  returnCorrelation?: Maybe<Scalars['Float']['output']>;
  kalmanHedgeRatio?: Maybe<Scalars['Float']['output']>;
  kalmanIntercept?: Maybe<Scalars['Float']['output']>;
  kalmanZScore?: Maybe<Scalars['Float']['output']>;
  /** Bars. */
  halfLife?: Maybe<Scalars['Float']['output']>;
  hurst?: Maybe<Scalars['Float']['output']>;
  adf?: Maybe<AdfResult>;
  coint?: Maybe<CointResult>;
  nullReasons: Array<FigureReason>;
  version: Scalars['Int']['output'];
};

export type PairAnalyticsEdge = {
  __typename?: 'PairAnalyticsEdge';
  cursor: Scalars['String']['output'];
  node: PairAnalytics;
};

export type PairAnalyticsConnection = {
  __typename?: 'PairAnalyticsConnection';
  edges: Array<PairAnalyticsEdge>;
  pageInfo: PageInfo;
};

export type Regression = {
  __typename?: 'Regression';
  hedgeRatio: Scalars['Float']['output'];
  intercept: Scalars['Float']['output'];
  rSquared?: Maybe<Scalars['Float']['output']>;
  /** Residual standard error √(SSR/(n−2)). */
  stdError: Scalars['Float']['output'];
  /** Standard error of the hedge ratio (what the older platform compared with |β|). */
  hedgeRatioStdError: Scalars['Float']['output'];
  /** Bars in the fit. */
  nobs: Scalars['Int']['output'];
  /**
   * The older platform's refusal rules, reported instead of refusing: HEDGE_RATIO_ABOVE_3,
   * R_SQUARED_BELOW_0_3, STD_ERROR_ABOVE_HEDGE_RATIO.
   */
  qualityFlags: Array<Scalars['String']['output']>;
};

export type Stationarity = {
  __typename?: 'Stationarity';
  adf: AdfResult;
  interpretation: Scalars['String']['output'];
};

export type CorrelationPoint = {
  __typename?: 'CorrelationPoint';
  time: Scalars['Timestamp']['output'];
  value: Scalars['Float']['output'];
};

export type RollingCorrelation = {
  __typename?: 'RollingCorrelation';
  current: Scalars['Float']['output'];
  window: Scalars['Int']['output'];
  /** Up to the latest 50 defined values. */
  history: Array<CorrelationPoint>;
};

export type PairAnalysisPoint = {
  __typename?: 'PairAnalysisPoint';
  time: Scalars['Timestamp']['output'];
  priceX: Scalars['Float']['output'];
  priceY: Scalars['Float']['output'];
  hedgeRatio?: Maybe<Scalars['Float']['output']>;
  intercept?: Maybe<Scalars['Float']['output']>;
  rSquared?: Maybe<Scalars['Float']['output']>;
  spread?: Maybe<Scalars['Float']['output']>;
  zScore?: Maybe<Scalars['Float']['output']>;
  correlation?: Maybe<Scalars['Float']['output']>;
  /** ADF verdict on the window ending at this bar; null while fewer than 50 bars. */
  isStationary?: Maybe<Scalars['Boolean']['output']>;
};

export type PairAnalysis = {
  __typename?: 'PairAnalysis';
  pair: Scalars['String']['output'];
  symbolX: Scalars['String']['output'];
  symbolY: Scalars['String']['output'];
  interval: Scalars['String']['output'];
  window: Scalars['Int']['output'];
  zScoreWindow: Scalars['Int']['output'];
  correlationWindow: Scalars['Int']['output'];
  /** Aligned bars used. */
  bars: Scalars['Int']['output'];
  /** Start of the newest aligned bar. */
  time: Scalars['Timestamp']['output'];
  /** Full-sample fit over the latest `window` bars (fewer when fewer exist). */
  regression?: Maybe<Regression>;
  /** ADF on the regression residual; null below 50 bars. */
  stationarity?: Maybe<Stationarity>;
  correlation?: Maybe<RollingCorrelation>;
  latestSpread?: Maybe<Scalars['Float']['output']>;
  latestZScore?: Maybe<Scalars['Float']['output']>;
  series: Array<PairAnalysisPoint>;
  nullReasons: Array<FigureReason>;
};

export type CorrelationMethod =
  /** Pearson correlation of close prices */
  | 'PRICES'
  /** Pearson correlation of log returns of closes */
  | 'LOG_RETURNS';

export type CorrelationMatrix = {
  __typename?: 'CorrelationMatrix';
  symbols: Array<Scalars['String']['output']>;
  interval: Scalars['String']['output'];
  window: Scalars['Int']['output'];
  method: CorrelationMethod;
  /** Aligned bars used (at most window, or window + 1 prices for returns). */
  observations: Scalars['Int']['output'];
  /** values[i][j] is the correlation of symbols[i] and symbols[j]; null when undefined. */
  values: Array<Array<Maybe<Scalars['Float']['output']>>>;
  time?: Maybe<Scalars['Timestamp']['output']>;
};

export type Alert = {
  __typename?: 'Alert';
  id: Scalars['String']['output'];
  /** zscore-entry, zscore-exit, correlation-break, correlation-restored, adf-stationary or adf-non-stationary */
  kind: Scalars['String']['output'];
  pair: Scalars['String']['output'];
  interval: Scalars['String']['output'];
  time: Scalars['Timestamp']['output'];
  value: Scalars['Float']['output'];
  threshold: Scalars['Float']['output'];
  message: Scalars['String']['output'];
  /**
   * The state the alert leaves: inside, above or below (z-score), correlated or broken,
   * stationary or non-stationary (ADF). Null only on alerts stored before states were recorded.
   */
  fromState?: Maybe<Scalars['String']['output']>;
  /** The state the alert enters (the same words); null only on alerts stored before states were recorded. */
  toState?: Maybe<Scalars['String']['output']>;
};

export type AlertEdge = {
  __typename?: 'AlertEdge';
  cursor: Scalars['String']['output'];
  node: Alert;
};

export type AlertConnection = {
  __typename?: 'AlertConnection';
  edges: Array<AlertEdge>;
  pageInfo: PageInfo;
};

export type SymbolIngestStatus = {
  __typename?: 'SymbolIngestStatus';
  symbol: Scalars['String']['output'];
  exchange: Scalars['String']['output'];
  received: Scalars['Float']['output'];
  produced: Scalars['Float']['output'];
  duplicates: Scalars['Float']['output'];
  backfilled: Scalars['Float']['output'];
  ratePerSecond: Scalars['Float']['output'];
  lastTradeId?: Maybe<Scalars['Float']['output']>;
  lastTradeTime?: Maybe<Scalars['Timestamp']['output']>;
};

export type IngestConnection = {
  __typename?: 'IngestConnection';
  id: Scalars['String']['output'];
  state: Scalars['String']['output'];
  url: Scalars['String']['output'];
  streams: Scalars['Int']['output'];
  reconnects: Scalars['Int']['output'];
  connectedAt?: Maybe<Scalars['Timestamp']['output']>;
  lastMessageAt?: Maybe<Scalars['Timestamp']['output']>;
  messages: Scalars['Float']['output'];
};

export type GapSummary = {
  __typename?: 'GapSummary';
  detected: Scalars['Int']['output'];
  backfilled: Scalars['Int']['output'];
  unrecoverable: Scalars['Int']['output'];
  open: Scalars['Int']['output'];
  missingTrades: Scalars['Float']['output'];
};

export type TradeGap = {
  __typename?: 'TradeGap';
  exchange: Scalars['String']['output'];
  symbol: Scalars['String']['output'];
  fromTradeId: Scalars['Float']['output'];
  toTradeId: Scalars['Float']['output'];
  detectedAt: Scalars['Timestamp']['output'];
  /** detected, backfilled or unrecoverable */
  status: Scalars['String']['output'];
  reason: Scalars['String']['output'];
};

export type ProcessorLag = {
  __typename?: 'ProcessorLag';
  name: Scalars['String']['output'];
  groupId: Scalars['String']['output'];
  topic: Scalars['String']['output'];
  /** Records produced and not yet committed by the processor; null when unknown. */
  lag?: Maybe<Scalars['Float']['output']>;
};

export type HistorySeries = {
  __typename?: 'HistorySeries';
  symbol: Scalars['String']['output'];
  /** trades (the exchange's aggregate trades) or an interval (its klines) */
  series: Scalars['String']['output'];
  /** aggTrades or klines */
  source: Scalars['String']['output'];
  from: Scalars['Timestamp']['output'];
  to: Scalars['Timestamp']['output'];
  /** Up to where it is written. */
  doneTo: Scalars['Timestamp']['output'];
  percent: Scalars['Float']['output'];
  /** pending, fetching, done or failed */
  state: Scalars['String']['output'];
};

/** The exchange's history that ingest fetches before the live stream. */
export type HistoryStatus = {
  __typename?: 'HistoryStatus';
  /** pending, running, done or failed */
  state: Scalars['String']['output'];
  percent: Scalars['Float']['output'];
  bars: Scalars['Float']['output'];
  aggTrades: Scalars['Float']['output'];
  requests: Scalars['Int']['output'];
  series: Array<HistorySeries>;
  error?: Maybe<Scalars['String']['output']>;
};

export type IngestStatus = {
  __typename?: 'IngestStatus';
  /** False when this API process has no ingest status provider (ingest runs elsewhere). */
  available: Scalars['Boolean']['output'];
  /** Null when ingest fetches no history (history off, or a source without it). */
  history?: Maybe<HistoryStatus>;
  state?: Maybe<Scalars['String']['output']>;
  source?: Maybe<Scalars['String']['output']>;
  startedAt?: Maybe<Scalars['Timestamp']['output']>;
  connections: Array<IngestConnection>;
  symbols: Array<SymbolIngestStatus>;
  gaps?: Maybe<GapSummary>;
  /** TradeGap events seen by this API since it started (newest first, at most 50). */
  recentGaps: Array<TradeGap>;
  deadLetters?: Maybe<Scalars['Float']['output']>;
  processors: Array<ProcessorLag>;
  time: Scalars['Timestamp']['output'];
};

export type ComponentHealth = {
  __typename?: 'ComponentHealth';
  name: Scalars['String']['output'];
  /** ok, degraded or down */
  status: Scalars['String']['output'];
  reason?: Maybe<Scalars['String']['output']>;
};

export type Health = {
  __typename?: 'Health';
  /** healthy, degraded or unhealthy */
  status: Scalars['String']['output'];
  time: Scalars['Timestamp']['output'];
  components: Array<ComponentHealth>;
};

/** A paper-trading order or simulated fill (md.signals.v1); no exchange order is placed. */
export type Signal = {
  __typename?: 'Signal';
  pair: Scalars['String']['output'];
  symbolX: Scalars['String']['output'];
  symbolY: Scalars['String']['output'];
  interval: Scalars['String']['output'];
  /** The strategy's parameters; a change of them starts another run. */
  run: Scalars['String']['output'];
  /** The bar at whose close it happened. */
  time: Scalars['Timestamp']['output'];
  /** order (decided at this close) or fill (simulated, at this close) */
  kind: Scalars['String']['output'];
  /** open or close */
  action: Scalars['String']['output'];
  /** long or short (the spread y − βx) */
  side: Scalars['String']['output'];
  /** entry, exit, stop or max-bars */
  reason: Scalars['String']['output'];
  /** The bar whose close decided it. */
  signalTime: Scalars['Timestamp']['output'];
  z?: Maybe<Scalars['Float']['output']>;
  beta: Scalars['Float']['output'];
  /** Fill price after slippage (fill), or this bar's close (order). */
  priceY: Scalars['Float']['output'];
  priceX: Scalars['Float']['output'];
  /** Signed quantity traded (> 0 bought); null for an order. */
  qtyY?: Maybe<Scalars['Float']['output']>;
  qtyX?: Maybe<Scalars['Float']['output']>;
  fees?: Maybe<Scalars['Float']['output']>;
  /** flat, long or short: held at this close after its fills */
  position: Scalars['String']['output'];
  positionQtyY: Scalars['Float']['output'];
  positionQtyX: Scalars['Float']['output'];
  /** Close fill: the bar the trade was opened at. */
  entryTime?: Maybe<Scalars['Timestamp']['output']>;
  barsHeld?: Maybe<Scalars['Int']['output']>;
  /** Close fill: the trade's P&L net of both fills' fees. */
  pnl?: Maybe<Scalars['Float']['output']>;
  /** The run's realized P&L after this event, net of every fee. */
  realized: Scalars['Float']['output'];
  /** capital + realized + unrealized at this close */
  equity: Scalars['Float']['output'];
};

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<
  TResult,
  TParent = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
  TArgs = Record<PropertyKey, never>,
> =
  | ResolverFn<TResult, TParent, TContext, TArgs>
  | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<
  TResult,
  TKey extends string,
  TParent,
  TContext,
  TArgs,
> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<
  TResult,
  TKey extends string,
  TParent = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
  TArgs = Record<PropertyKey, never>,
> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<
  TTypes,
  TParent = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo,
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<
  T = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<
  TResult = Record<PropertyKey, never>,
  TParent = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
  TArgs = Record<PropertyKey, never>,
> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => TResult | Promise<TResult>;

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Timestamp: ResolverTypeWrapper<Scalars['Timestamp']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  PairScreenOrder: PairScreenOrder;
  PairScreenFilters: PairScreenFilters;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  ScreenZScorePoint: ResolverTypeWrapper<ScreenZScorePoint>;
  ScreenedPair: ResolverTypeWrapper<ScreenedPairRow>;
  PairScreenRanking: ResolverTypeWrapper<
    Omit<PairScreenRanking, 'rows'> & { rows: Array<ResolversTypes['ScreenedPair']> }
  >;
  BacktestInput: BacktestInput;
  BacktestSweepInput: BacktestSweepInput;
  BacktestParams: ResolverTypeWrapper<BacktestParams>;
  BacktestMetrics: ResolverTypeWrapper<BacktestMetrics>;
  BacktestTrade: ResolverTypeWrapper<BacktestTrade>;
  BacktestLegFill: ResolverTypeWrapper<BacktestLegFill>;
  BacktestFill: ResolverTypeWrapper<BacktestFill>;
  BacktestEquityPoint: ResolverTypeWrapper<BacktestEquityPoint>;
  BacktestEquityEdge: ResolverTypeWrapper<BacktestEquityEdge>;
  BacktestEquityConnection: ResolverTypeWrapper<BacktestEquityConnection>;
  Backtest: ResolverTypeWrapper<BacktestRun>;
  BacktestSweepCell: ResolverTypeWrapper<BacktestSweepCell>;
  BacktestSweep: ResolverTypeWrapper<BacktestSweep>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  SymbolInfo: ResolverTypeWrapper<SymbolInfo>;
  PairInfo: ResolverTypeWrapper<PairInfo>;
  PairSettings: ResolverTypeWrapper<PairSettings>;
  PairInput: PairInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  TradeSide: TradeSide;
  Trade: ResolverTypeWrapper<Trade>;
  TradeEdge: ResolverTypeWrapper<TradeEdge>;
  TradeConnection: ResolverTypeWrapper<TradeConnection>;
  CandleSource: CandleSource;
  Candle: ResolverTypeWrapper<Candle>;
  FigureReason: ResolverTypeWrapper<FigureReason>;
  CloseStats: ResolverTypeWrapper<CloseStats>;
  VolumeStats: ResolverTypeWrapper<VolumeStats>;
  SymbolStats: ResolverTypeWrapper<SymbolStats>;
  CriticalValues: ResolverTypeWrapper<CriticalValues>;
  AdfResult: ResolverTypeWrapper<AdfResult>;
  CointResult: ResolverTypeWrapper<CointResult>;
  PairAnalytics: ResolverTypeWrapper<PairAnalytics>;
  PairAnalyticsEdge: ResolverTypeWrapper<PairAnalyticsEdge>;
  PairAnalyticsConnection: ResolverTypeWrapper<PairAnalyticsConnection>;
  Regression: ResolverTypeWrapper<Regression>;
  Stationarity: ResolverTypeWrapper<Stationarity>;
  CorrelationPoint: ResolverTypeWrapper<CorrelationPoint>;
  RollingCorrelation: ResolverTypeWrapper<RollingCorrelation>;
  PairAnalysisPoint: ResolverTypeWrapper<PairAnalysisPoint>;
  PairAnalysis: ResolverTypeWrapper<PairAnalysis>;
  CorrelationMethod: CorrelationMethod;
  CorrelationMatrix: ResolverTypeWrapper<CorrelationMatrix>;
  Alert: ResolverTypeWrapper<Alert>;
  AlertEdge: ResolverTypeWrapper<AlertEdge>;
  AlertConnection: ResolverTypeWrapper<AlertConnection>;
  SymbolIngestStatus: ResolverTypeWrapper<SymbolIngestStatus>;
  IngestConnection: ResolverTypeWrapper<IngestConnection>;
  GapSummary: ResolverTypeWrapper<GapSummary>;
  TradeGap: ResolverTypeWrapper<TradeGap>;
  ProcessorLag: ResolverTypeWrapper<ProcessorLag>;
  HistorySeries: ResolverTypeWrapper<HistorySeries>;
  HistoryStatus: ResolverTypeWrapper<HistoryStatus>;
  IngestStatus: ResolverTypeWrapper<IngestStatus>;
  ComponentHealth: ResolverTypeWrapper<ComponentHealth>;
  Health: ResolverTypeWrapper<Health>;
  Signal: ResolverTypeWrapper<Signal>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Timestamp: Scalars['Timestamp']['output'];
  Query: Record<PropertyKey, never>;
  String: Scalars['String']['output'];
  Int: Scalars['Int']['output'];
  Boolean: Scalars['Boolean']['output'];
  PairScreenFilters: PairScreenFilters;
  Float: Scalars['Float']['output'];
  ScreenZScorePoint: ScreenZScorePoint;
  ScreenedPair: ScreenedPairRow;
  PairScreenRanking: Omit<PairScreenRanking, 'rows'> & {
    rows: Array<ResolversParentTypes['ScreenedPair']>;
  };
  BacktestInput: BacktestInput;
  BacktestSweepInput: BacktestSweepInput;
  BacktestParams: BacktestParams;
  BacktestMetrics: BacktestMetrics;
  BacktestTrade: BacktestTrade;
  BacktestLegFill: BacktestLegFill;
  BacktestFill: BacktestFill;
  BacktestEquityPoint: BacktestEquityPoint;
  BacktestEquityEdge: BacktestEquityEdge;
  BacktestEquityConnection: BacktestEquityConnection;
  Backtest: BacktestRun;
  BacktestSweepCell: BacktestSweepCell;
  BacktestSweep: BacktestSweep;
  Subscription: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  SymbolInfo: SymbolInfo;
  PairInfo: PairInfo;
  PairSettings: PairSettings;
  PairInput: PairInput;
  Mutation: Record<PropertyKey, never>;
  Trade: Trade;
  TradeEdge: TradeEdge;
  TradeConnection: TradeConnection;
  Candle: Candle;
  FigureReason: FigureReason;
  CloseStats: CloseStats;
  VolumeStats: VolumeStats;
  SymbolStats: SymbolStats;
  CriticalValues: CriticalValues;
  AdfResult: AdfResult;
  CointResult: CointResult;
  PairAnalytics: PairAnalytics;
  PairAnalyticsEdge: PairAnalyticsEdge;
  PairAnalyticsConnection: PairAnalyticsConnection;
  Regression: Regression;
  Stationarity: Stationarity;
  CorrelationPoint: CorrelationPoint;
  RollingCorrelation: RollingCorrelation;
  PairAnalysisPoint: PairAnalysisPoint;
  PairAnalysis: PairAnalysis;
  CorrelationMatrix: CorrelationMatrix;
  Alert: Alert;
  AlertEdge: AlertEdge;
  AlertConnection: AlertConnection;
  SymbolIngestStatus: SymbolIngestStatus;
  IngestConnection: IngestConnection;
  GapSummary: GapSummary;
  TradeGap: TradeGap;
  ProcessorLag: ProcessorLag;
  HistorySeries: HistorySeries;
  HistoryStatus: HistoryStatus;
  IngestStatus: IngestStatus;
  ComponentHealth: ComponentHealth;
  Health: Health;
  Signal: Signal;
};

export interface TimestampScalarConfig extends GraphQLScalarTypeConfig<
  ResolversTypes['Timestamp'],
  any
> {
  name: 'Timestamp';
}

export type QueryResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query'],
> = {
  symbols?: Resolver<Array<ResolversTypes['SymbolInfo']>, ParentType, ContextType>;
  pairs?: Resolver<Array<ResolversTypes['PairInfo']>, ParentType, ContextType>;
  trades?: Resolver<
    ResolversTypes['TradeConnection'],
    ParentType,
    ContextType,
    RequireFields<QueryTradesArgs, 'symbol'>
  >;
  candles?: Resolver<
    Array<ResolversTypes['Candle']>,
    ParentType,
    ContextType,
    RequireFields<QueryCandlesArgs, 'symbol' | 'interval'>
  >;
  stats?: Resolver<
    Maybe<ResolversTypes['SymbolStats']>,
    ParentType,
    ContextType,
    RequireFields<QueryStatsArgs, 'symbol' | 'interval' | 'window'>
  >;
  pairAnalysis?: Resolver<
    Maybe<ResolversTypes['PairAnalysis']>,
    ParentType,
    ContextType,
    RequireFields<
      QueryPairAnalysisArgs,
      | 'symbolX'
      | 'symbolY'
      | 'interval'
      | 'window'
      | 'zScoreWindow'
      | 'correlationWindow'
      | 'points'
    >
  >;
  pairAnalytics?: Resolver<
    Maybe<ResolversTypes['PairAnalytics']>,
    ParentType,
    ContextType,
    RequireFields<QueryPairAnalyticsArgs, 'symbolX' | 'symbolY' | 'interval'>
  >;
  pairAnalyticsHistory?: Resolver<
    ResolversTypes['PairAnalyticsConnection'],
    ParentType,
    ContextType,
    RequireFields<QueryPairAnalyticsHistoryArgs, 'symbolX' | 'symbolY' | 'interval'>
  >;
  correlationMatrix?: Resolver<
    ResolversTypes['CorrelationMatrix'],
    ParentType,
    ContextType,
    RequireFields<QueryCorrelationMatrixArgs, 'symbols' | 'interval' | 'window' | 'method'>
  >;
  alerts?: Resolver<
    ResolversTypes['AlertConnection'],
    ParentType,
    ContextType,
    Partial<QueryAlertsArgs>
  >;
  ingestStatus?: Resolver<ResolversTypes['IngestStatus'], ParentType, ContextType>;
  health?: Resolver<ResolversTypes['Health'], ParentType, ContextType>;
  backtest?: Resolver<
    Maybe<ResolversTypes['Backtest']>,
    ParentType,
    ContextType,
    RequireFields<QueryBacktestArgs, 'input'>
  >;
  backtestSweep?: Resolver<
    Maybe<ResolversTypes['BacktestSweep']>,
    ParentType,
    ContextType,
    RequireFields<QueryBacktestSweepArgs, 'input'>
  >;
  pairScreen?: Resolver<
    ResolversTypes['PairScreenRanking'],
    ParentType,
    ContextType,
    RequireFields<QueryPairScreenArgs, 'orderBy' | 'top' | 'offset'>
  >;
  signals?: Resolver<
    Array<ResolversTypes['Signal']>,
    ParentType,
    ContextType,
    RequireFields<QuerySignalsArgs, 'pair' | 'interval'>
  >;
};

export type ScreenZScorePointResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['ScreenZScorePoint'] =
    ResolversParentTypes['ScreenZScorePoint'],
> = {
  time?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  zScore?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type ScreenedPairResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['ScreenedPair'] = ResolversParentTypes['ScreenedPair'],
> = {
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pair?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  symbolX?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  symbolY?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  interval?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  window?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  zScoreWindow?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  time?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  priceX?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  priceY?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  hedgeRatio?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  intercept?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  kalmanHedgeRatio?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  correlation?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  returnCorrelation?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  cointStatistic?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  cointPValue?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  cointStatisticReverse?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  cointPValueReverse?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  pValue?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  adfStatistic?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  adfPValue?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  halfLife?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  hurst?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  spread?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  zScore?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  nullReasons?: Resolver<Array<ResolversTypes['FigureReason']>, ParentType, ContextType>;
  zScoreHistory?: Resolver<
    Array<ResolversTypes['ScreenZScorePoint']>,
    ParentType,
    ContextType,
    RequireFields<ScreenedPairZScoreHistoryArgs, 'points'>
  >;
};

export type PairScreenRankingResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['PairScreenRanking'] =
    ResolversParentTypes['PairScreenRanking'],
> = {
  interval?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  window?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  orderBy?: Resolver<ResolversTypes['PairScreenOrder'], ParentType, ContextType>;
  descending?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  time?: Resolver<Maybe<ResolversTypes['Timestamp']>, ParentType, ContextType>;
  symbols?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  pairs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rows?: Resolver<Array<ResolversTypes['ScreenedPair']>, ParentType, ContextType>;
};

export type BacktestParamsResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['BacktestParams'] =
    ResolversParentTypes['BacktestParams'],
> = {
  fill?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  hedge?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  entry?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  exit?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  stop?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  maxBars?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  capital?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  feeBps?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  slippageBps?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  window?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  zWindow?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type BacktestMetricsResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['BacktestMetrics'] =
    ResolversParentTypes['BacktestMetrics'],
> = {
  totalPnl?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  totalReturn?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  sharpe?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  barsPerYear?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  maxDrawdown?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  maxDrawdownAbs?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  tradeCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  hitRate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  avgBarsHeld?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  exposure?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  turnover?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  feesPaid?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  bars?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type BacktestTradeResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['BacktestTrade'] = ResolversParentTypes['BacktestTrade'],
> = {
  side?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  beta?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  qy?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  qx?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  entrySignalIndex?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  entryIndex?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  entryTime?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  entryPriceY?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  entryPriceX?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  exitSignalIndex?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  exitIndex?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  exitTime?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  exitPriceY?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  exitPriceX?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fees?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  pnl?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  barsHeld?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type BacktestLegFillResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['BacktestLegFill'] =
    ResolversParentTypes['BacktestLegFill'],
> = {
  qty?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  price?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  notional?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  fee?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type BacktestFillResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['BacktestFill'] = ResolversParentTypes['BacktestFill'],
> = {
  index?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  time?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  side?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  signalIndex?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  y?: Resolver<ResolversTypes['BacktestLegFill'], ParentType, ContextType>;
  x?: Resolver<ResolversTypes['BacktestLegFill'], ParentType, ContextType>;
};

export type BacktestEquityPointResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['BacktestEquityPoint'] =
    ResolversParentTypes['BacktestEquityPoint'],
> = {
  index?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  time?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  equity?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  realized?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  unrealized?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  position?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  drawdown?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type BacktestEquityEdgeResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['BacktestEquityEdge'] =
    ResolversParentTypes['BacktestEquityEdge'],
> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['BacktestEquityPoint'], ParentType, ContextType>;
};

export type BacktestEquityConnectionResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['BacktestEquityConnection'] =
    ResolversParentTypes['BacktestEquityConnection'],
> = {
  edges?: Resolver<Array<ResolversTypes['BacktestEquityEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type BacktestResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['Backtest'] = ResolversParentTypes['Backtest'],
> = {
  pair?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  symbolX?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  symbolY?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  interval?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  from?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  bars?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  params?: Resolver<ResolversTypes['BacktestParams'], ParentType, ContextType>;
  metrics?: Resolver<ResolversTypes['BacktestMetrics'], ParentType, ContextType>;
  trades?: Resolver<Array<ResolversTypes['BacktestTrade']>, ParentType, ContextType>;
  fills?: Resolver<Array<ResolversTypes['BacktestFill']>, ParentType, ContextType>;
  equity?: Resolver<
    ResolversTypes['BacktestEquityConnection'],
    ParentType,
    ContextType,
    RequireFields<BacktestEquityArgs, 'first'>
  >;
};

export type BacktestSweepCellResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['BacktestSweepCell'] =
    ResolversParentTypes['BacktestSweepCell'],
> = {
  entry?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  exit?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  window?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  tradeCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  invalid?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type BacktestSweepResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['BacktestSweep'] = ResolversParentTypes['BacktestSweep'],
> = {
  pair?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  symbolX?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  symbolY?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  interval?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  from?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  bars?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  metric?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  entries?: Resolver<Array<ResolversTypes['Float']>, ParentType, ContextType>;
  exits?: Resolver<Array<ResolversTypes['Float']>, ParentType, ContextType>;
  windows?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  cells?: Resolver<Array<ResolversTypes['BacktestSweepCell']>, ParentType, ContextType>;
};

export type SubscriptionResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription'],
> = {
  trades?: SubscriptionResolver<
    ResolversTypes['Trade'],
    'trades',
    ParentType,
    ContextType,
    RequireFields<SubscriptionTradesArgs, 'symbols'>
  >;
  candles?: SubscriptionResolver<
    ResolversTypes['Candle'],
    'candles',
    ParentType,
    ContextType,
    RequireFields<SubscriptionCandlesArgs, 'symbol' | 'interval' | 'includePartial'>
  >;
  stats?: SubscriptionResolver<
    ResolversTypes['SymbolStats'],
    'stats',
    ParentType,
    ContextType,
    RequireFields<SubscriptionStatsArgs, 'symbol'>
  >;
  pairAnalytics?: SubscriptionResolver<
    ResolversTypes['PairAnalytics'],
    'pairAnalytics',
    ParentType,
    ContextType,
    RequireFields<SubscriptionPairAnalyticsArgs, 'symbolX' | 'symbolY' | 'interval'>
  >;
  alerts?: SubscriptionResolver<
    ResolversTypes['Alert'],
    'alerts',
    ParentType,
    ContextType,
    Partial<SubscriptionAlertsArgs>
  >;
  ingestStatus?: SubscriptionResolver<
    ResolversTypes['IngestStatus'],
    'ingestStatus',
    ParentType,
    ContextType,
    RequireFields<SubscriptionIngestStatusArgs, 'everyMs'>
  >;
  pairScreen?: SubscriptionResolver<
    ResolversTypes['PairScreenRanking'],
    'pairScreen',
    ParentType,
    ContextType,
    RequireFields<SubscriptionPairScreenArgs, 'orderBy' | 'top' | 'everyMs'>
  >;
  signals?: SubscriptionResolver<
    ResolversTypes['Signal'],
    'signals',
    ParentType,
    ContextType,
    Partial<SubscriptionSignalsArgs>
  >;
};

export type PageInfoResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo'],
> = {
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type SymbolInfoResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['SymbolInfo'] = ResolversParentTypes['SymbolInfo'],
> = {
  symbol?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  exchange?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastPrice?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  lastBarTime?: Resolver<Maybe<ResolversTypes['Timestamp']>, ParentType, ContextType>;
  intervals?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  ingest?: Resolver<Maybe<ResolversTypes['SymbolIngestStatus']>, ParentType, ContextType>;
};

export type PairInfoResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['PairInfo'] = ResolversParentTypes['PairInfo'],
> = {
  pair?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  symbolX?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  symbolY?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  intervals?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  analysed?: Resolver<Array<ResolversTypes['PairSettings']>, ParentType, ContextType>;
};

export type PairSettingsResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['PairSettings'] = ResolversParentTypes['PairSettings'],
> = {
  interval?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  olsWindow?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  zScoreWindow?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  corrWindow?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  testEvery?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  zScoreEntry?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  zScoreExit?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  correlationBreak?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  adfPValueLevel?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  adfPValueExit?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  adfDwellBars?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  correlationRestore?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  correlationDwellBars?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MutationResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation'],
> = {
  addPair?: Resolver<
    ResolversTypes['PairInfo'],
    ParentType,
    ContextType,
    RequireFields<MutationAddPairArgs, 'input'>
  >;
  removePair?: Resolver<
    Maybe<ResolversTypes['PairInfo']>,
    ParentType,
    ContextType,
    RequireFields<MutationRemovePairArgs, 'symbolX' | 'symbolY' | 'interval'>
  >;
};

export type TradeResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['Trade'] = ResolversParentTypes['Trade'],
> = {
  exchange?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  symbol?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tradeId?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  price?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  qty?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  side?: Resolver<ResolversTypes['TradeSide'], ParentType, ContextType>;
  tradeTime?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  eventTime?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  ingestTime?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
};

export type TradeEdgeResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['TradeEdge'] = ResolversParentTypes['TradeEdge'],
> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Trade'], ParentType, ContextType>;
};

export type TradeConnectionResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['TradeConnection'] =
    ResolversParentTypes['TradeConnection'],
> = {
  edges?: Resolver<Array<ResolversTypes['TradeEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type CandleResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['Candle'] = ResolversParentTypes['Candle'],
> = {
  exchange?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  symbol?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  interval?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  start?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  end?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  open?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  high?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  low?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  close?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  volume?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  quoteVolume?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  buyVolume?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  sellVolume?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  tradeCount?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  vwap?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  final?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['CandleSource'], ParentType, ContextType>;
};

export type FigureReasonResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['FigureReason'] = ResolversParentTypes['FigureReason'],
> = {
  figure?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CloseStatsResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['CloseStats'] = ResolversParentTypes['CloseStats'],
> = {
  bars?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  mean?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  std?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  min?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  max?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  first?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  current?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  changePct?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type VolumeStatsResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['VolumeStats'] = ResolversParentTypes['VolumeStats'],
> = {
  mean?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  std?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type SymbolStatsResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['SymbolStats'] = ResolversParentTypes['SymbolStats'],
> = {
  exchange?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  symbol?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  window?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  interval?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  bars?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  time?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  lastPrice?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  openPrice?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  change?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  changePct?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  high?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  low?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  volume?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  quoteVolume?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  vwap?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  tradeCount?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  meanClose?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  stdClose?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  realizedVolatility?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  final?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  nullReasons?: Resolver<Array<ResolversTypes['FigureReason']>, ParentType, ContextType>;
  closeStats?: Resolver<Maybe<ResolversTypes['CloseStats']>, ParentType, ContextType>;
  volumeStats?: Resolver<Maybe<ResolversTypes['VolumeStats']>, ParentType, ContextType>;
};

export type CriticalValuesResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['CriticalValues'] =
    ResolversParentTypes['CriticalValues'],
> = {
  p1?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  p5?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  p10?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type AdfResultResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['AdfResult'] = ResolversParentTypes['AdfResult'],
> = {
  statistic?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  pValue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  usedLag?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  nobs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  criticalValues?: Resolver<ResolversTypes['CriticalValues'], ParentType, ContextType>;
  isStationary?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type CointResultResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['CointResult'] = ResolversParentTypes['CointResult'],
> = {
  statistic?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  pValue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  criticalValues?: Resolver<ResolversTypes['CriticalValues'], ParentType, ContextType>;
  isCointegrated?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PairAnalyticsResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['PairAnalytics'] = ResolversParentTypes['PairAnalytics'],
> = {
  pair?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  symbolX?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  symbolY?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  interval?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  time?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  priceX?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  priceY?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  olsWindow?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  zScoreWindow?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  corrWindow?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  hedgeRatio?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  intercept?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  rSquared?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  stdError?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  hedgeRatioThroughOrigin?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  spread?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  spreadMean?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  spreadStd?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  zScore?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  correlation?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  returnCorrelation?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  kalmanHedgeRatio?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  kalmanIntercept?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  kalmanZScore?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  halfLife?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  hurst?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  adf?: Resolver<Maybe<ResolversTypes['AdfResult']>, ParentType, ContextType>;
  coint?: Resolver<Maybe<ResolversTypes['CointResult']>, ParentType, ContextType>;
  nullReasons?: Resolver<Array<ResolversTypes['FigureReason']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PairAnalyticsEdgeResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['PairAnalyticsEdge'] =
    ResolversParentTypes['PairAnalyticsEdge'],
> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['PairAnalytics'], ParentType, ContextType>;
};

export type PairAnalyticsConnectionResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['PairAnalyticsConnection'] =
    ResolversParentTypes['PairAnalyticsConnection'],
> = {
  edges?: Resolver<Array<ResolversTypes['PairAnalyticsEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type RegressionResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['Regression'] = ResolversParentTypes['Regression'],
> = {
  hedgeRatio?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  intercept?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  rSquared?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  stdError?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  hedgeRatioStdError?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  nobs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  qualityFlags?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export type StationarityResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['Stationarity'] = ResolversParentTypes['Stationarity'],
> = {
  adf?: Resolver<ResolversTypes['AdfResult'], ParentType, ContextType>;
  interpretation?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CorrelationPointResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['CorrelationPoint'] =
    ResolversParentTypes['CorrelationPoint'],
> = {
  time?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type RollingCorrelationResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['RollingCorrelation'] =
    ResolversParentTypes['RollingCorrelation'],
> = {
  current?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  window?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  history?: Resolver<Array<ResolversTypes['CorrelationPoint']>, ParentType, ContextType>;
};

export type PairAnalysisPointResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['PairAnalysisPoint'] =
    ResolversParentTypes['PairAnalysisPoint'],
> = {
  time?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  priceX?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  priceY?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  hedgeRatio?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  intercept?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  rSquared?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  spread?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  zScore?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  correlation?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  isStationary?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
};

export type PairAnalysisResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['PairAnalysis'] = ResolversParentTypes['PairAnalysis'],
> = {
  pair?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  symbolX?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  symbolY?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  interval?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  window?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  zScoreWindow?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  correlationWindow?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  bars?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  time?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  regression?: Resolver<Maybe<ResolversTypes['Regression']>, ParentType, ContextType>;
  stationarity?: Resolver<Maybe<ResolversTypes['Stationarity']>, ParentType, ContextType>;
  correlation?: Resolver<Maybe<ResolversTypes['RollingCorrelation']>, ParentType, ContextType>;
  latestSpread?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  latestZScore?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  series?: Resolver<Array<ResolversTypes['PairAnalysisPoint']>, ParentType, ContextType>;
  nullReasons?: Resolver<Array<ResolversTypes['FigureReason']>, ParentType, ContextType>;
};

export type CorrelationMatrixResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['CorrelationMatrix'] =
    ResolversParentTypes['CorrelationMatrix'],
> = {
  symbols?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  interval?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  window?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  method?: Resolver<ResolversTypes['CorrelationMethod'], ParentType, ContextType>;
  observations?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  values?: Resolver<Array<Array<Maybe<ResolversTypes['Float']>>>, ParentType, ContextType>;
  time?: Resolver<Maybe<ResolversTypes['Timestamp']>, ParentType, ContextType>;
};

export type AlertResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['Alert'] = ResolversParentTypes['Alert'],
> = {
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pair?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  interval?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  time?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  threshold?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fromState?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  toState?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type AlertEdgeResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['AlertEdge'] = ResolversParentTypes['AlertEdge'],
> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Alert'], ParentType, ContextType>;
};

export type AlertConnectionResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['AlertConnection'] =
    ResolversParentTypes['AlertConnection'],
> = {
  edges?: Resolver<Array<ResolversTypes['AlertEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type SymbolIngestStatusResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['SymbolIngestStatus'] =
    ResolversParentTypes['SymbolIngestStatus'],
> = {
  symbol?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  exchange?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  received?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  produced?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  duplicates?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  backfilled?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  ratePerSecond?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  lastTradeId?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  lastTradeTime?: Resolver<Maybe<ResolversTypes['Timestamp']>, ParentType, ContextType>;
};

export type IngestConnectionResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['IngestConnection'] =
    ResolversParentTypes['IngestConnection'],
> = {
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  streams?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reconnects?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  connectedAt?: Resolver<Maybe<ResolversTypes['Timestamp']>, ParentType, ContextType>;
  lastMessageAt?: Resolver<Maybe<ResolversTypes['Timestamp']>, ParentType, ContextType>;
  messages?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type GapSummaryResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['GapSummary'] = ResolversParentTypes['GapSummary'],
> = {
  detected?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  backfilled?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  unrecoverable?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  open?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  missingTrades?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type TradeGapResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['TradeGap'] = ResolversParentTypes['TradeGap'],
> = {
  exchange?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  symbol?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fromTradeId?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  toTradeId?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  detectedAt?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ProcessorLagResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['ProcessorLag'] = ResolversParentTypes['ProcessorLag'],
> = {
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  groupId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  topic?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lag?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type HistorySeriesResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['HistorySeries'] = ResolversParentTypes['HistorySeries'],
> = {
  symbol?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  series?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  from?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  doneTo?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  percent?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type HistoryStatusResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['HistoryStatus'] = ResolversParentTypes['HistoryStatus'],
> = {
  state?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  percent?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  bars?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  aggTrades?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  requests?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  series?: Resolver<Array<ResolversTypes['HistorySeries']>, ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type IngestStatusResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['IngestStatus'] = ResolversParentTypes['IngestStatus'],
> = {
  available?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  history?: Resolver<Maybe<ResolversTypes['HistoryStatus']>, ParentType, ContextType>;
  state?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  source?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['Timestamp']>, ParentType, ContextType>;
  connections?: Resolver<Array<ResolversTypes['IngestConnection']>, ParentType, ContextType>;
  symbols?: Resolver<Array<ResolversTypes['SymbolIngestStatus']>, ParentType, ContextType>;
  gaps?: Resolver<Maybe<ResolversTypes['GapSummary']>, ParentType, ContextType>;
  recentGaps?: Resolver<Array<ResolversTypes['TradeGap']>, ParentType, ContextType>;
  deadLetters?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  processors?: Resolver<Array<ResolversTypes['ProcessorLag']>, ParentType, ContextType>;
  time?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
};

export type ComponentHealthResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['ComponentHealth'] =
    ResolversParentTypes['ComponentHealth'],
> = {
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type HealthResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['Health'] = ResolversParentTypes['Health'],
> = {
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  time?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  components?: Resolver<Array<ResolversTypes['ComponentHealth']>, ParentType, ContextType>;
};

export type SignalResolvers<
  ContextType = ApiContext,
  ParentType extends ResolversParentTypes['Signal'] = ResolversParentTypes['Signal'],
> = {
  pair?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  symbolX?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  symbolY?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  interval?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  run?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  time?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  side?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  signalTime?: Resolver<ResolversTypes['Timestamp'], ParentType, ContextType>;
  z?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  beta?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  priceY?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  priceX?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  qtyY?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  qtyX?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  fees?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  position?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  positionQtyY?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  positionQtyX?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  entryTime?: Resolver<Maybe<ResolversTypes['Timestamp']>, ParentType, ContextType>;
  barsHeld?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  pnl?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  realized?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  equity?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type Resolvers<ContextType = ApiContext> = {
  Timestamp?: GraphQLScalarType;
  Query?: QueryResolvers<ContextType>;
  ScreenZScorePoint?: ScreenZScorePointResolvers<ContextType>;
  ScreenedPair?: ScreenedPairResolvers<ContextType>;
  PairScreenRanking?: PairScreenRankingResolvers<ContextType>;
  BacktestParams?: BacktestParamsResolvers<ContextType>;
  BacktestMetrics?: BacktestMetricsResolvers<ContextType>;
  BacktestTrade?: BacktestTradeResolvers<ContextType>;
  BacktestLegFill?: BacktestLegFillResolvers<ContextType>;
  BacktestFill?: BacktestFillResolvers<ContextType>;
  BacktestEquityPoint?: BacktestEquityPointResolvers<ContextType>;
  BacktestEquityEdge?: BacktestEquityEdgeResolvers<ContextType>;
  BacktestEquityConnection?: BacktestEquityConnectionResolvers<ContextType>;
  Backtest?: BacktestResolvers<ContextType>;
  BacktestSweepCell?: BacktestSweepCellResolvers<ContextType>;
  BacktestSweep?: BacktestSweepResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  SymbolInfo?: SymbolInfoResolvers<ContextType>;
  PairInfo?: PairInfoResolvers<ContextType>;
  PairSettings?: PairSettingsResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Trade?: TradeResolvers<ContextType>;
  TradeEdge?: TradeEdgeResolvers<ContextType>;
  TradeConnection?: TradeConnectionResolvers<ContextType>;
  Candle?: CandleResolvers<ContextType>;
  FigureReason?: FigureReasonResolvers<ContextType>;
  CloseStats?: CloseStatsResolvers<ContextType>;
  VolumeStats?: VolumeStatsResolvers<ContextType>;
  SymbolStats?: SymbolStatsResolvers<ContextType>;
  CriticalValues?: CriticalValuesResolvers<ContextType>;
  AdfResult?: AdfResultResolvers<ContextType>;
  CointResult?: CointResultResolvers<ContextType>;
  PairAnalytics?: PairAnalyticsResolvers<ContextType>;
  PairAnalyticsEdge?: PairAnalyticsEdgeResolvers<ContextType>;
  PairAnalyticsConnection?: PairAnalyticsConnectionResolvers<ContextType>;
  Regression?: RegressionResolvers<ContextType>;
  Stationarity?: StationarityResolvers<ContextType>;
  CorrelationPoint?: CorrelationPointResolvers<ContextType>;
  RollingCorrelation?: RollingCorrelationResolvers<ContextType>;
  PairAnalysisPoint?: PairAnalysisPointResolvers<ContextType>;
  PairAnalysis?: PairAnalysisResolvers<ContextType>;
  CorrelationMatrix?: CorrelationMatrixResolvers<ContextType>;
  Alert?: AlertResolvers<ContextType>;
  AlertEdge?: AlertEdgeResolvers<ContextType>;
  AlertConnection?: AlertConnectionResolvers<ContextType>;
  SymbolIngestStatus?: SymbolIngestStatusResolvers<ContextType>;
  IngestConnection?: IngestConnectionResolvers<ContextType>;
  GapSummary?: GapSummaryResolvers<ContextType>;
  TradeGap?: TradeGapResolvers<ContextType>;
  ProcessorLag?: ProcessorLagResolvers<ContextType>;
  HistorySeries?: HistorySeriesResolvers<ContextType>;
  HistoryStatus?: HistoryStatusResolvers<ContextType>;
  IngestStatus?: IngestStatusResolvers<ContextType>;
  ComponentHealth?: ComponentHealthResolvers<ContextType>;
  Health?: HealthResolvers<ContextType>;
  Signal?: SignalResolvers<ContextType>;
};
