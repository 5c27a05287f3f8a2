import { Type, type Static } from '@sinclair/typebox';

// One definition per event: the TypeBox schema below is the JSON Schema, `Static<>` is the
// TypeScript type, and `validators.ts` compiles it into the runtime check. Times are integer
// epoch milliseconds UTC; symbols are upper-case with the exchange in its own field.

const EpochMs = Type.Integer({ minimum: 0, description: 'epoch milliseconds, UTC' });
const Symbol = Type.String({
  pattern: '^[A-Z0-9]{2,30}$',
  description: 'upper-case symbol, e.g. BTCUSDT',
});
const Exchange = Type.String({ pattern: '^[a-z0-9-]{2,40}$', description: 'e.g. binance-futures' });
const PositiveNumber = Type.Number({ exclusiveMinimum: 0 });
const NonNegativeNumber = Type.Number({ minimum: 0 });
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

export const INTERVALS = ['1s', '1m', '5m', '15m', '1h', '4h', '1d'] as const;
export type Interval = (typeof INTERVALS)[number];
export const INTERVAL_MS: Readonly<Record<Interval, number>> = {
  '1s': 1_000,
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
};
export const IntervalSchema = Type.Union(
  INTERVALS.map((i) => Type.Literal(i)),
  { description: 'bar interval' },
);

export const TradeSchema = Type.Object(
  {
    type: Type.Literal('trade'),
    exchange: Exchange,
    symbol: Symbol,
    tradeId: Type.Integer({
      minimum: 0,
      description: 'exchange trade id, sequential per symbol on Binance',
    }),
    price: PositiveNumber,
    qty: PositiveNumber,
    side: Type.Union([Type.Literal('buy'), Type.Literal('sell')], {
      description: 'taker side: sell when the buyer was the maker',
    }),
    tradeTime: EpochMs,
    eventTime: EpochMs,
    ingestTime: EpochMs,
    firstTradeId: Type.Optional(
      Type.Integer({
        minimum: 0,
        description:
          'set on an aggregate trade from history: it covers the ids firstTradeId..tradeId, at one price and one taker side, and qty is their sum',
      }),
    ),
  },
  { $id: 'Trade', additionalProperties: false },
);
export type Trade = Static<typeof TradeSchema>;

export const CANDLE_SOURCES = ['live', 'aggTrades', 'klines', 'imported'] as const;
/** Where a bar came from; absent means `live`. */
export type CandleOrigin = (typeof CANDLE_SOURCES)[number];
const CandleSourceSchema = Type.Union(
  CANDLE_SOURCES.map((s) => Type.Literal(s)),
  {
    description:
      "live: built from trades as they streamed; aggTrades: built from history aggregate trades (exact); klines: the exchange bar itself; imported: built by `tickstream backfill` from the exchange's trade or aggregate-trade history (exact)",
  },
);

export const CandleSchema = Type.Object(
  {
    type: Type.Literal('candle'),
    exchange: Exchange,
    symbol: Symbol,
    interval: IntervalSchema,
    start: EpochMs,
    end: EpochMs,
    open: PositiveNumber,
    high: PositiveNumber,
    low: PositiveNumber,
    close: PositiveNumber,
    volume: NonNegativeNumber,
    quoteVolume: NonNegativeNumber,
    buyVolume: NonNegativeNumber,
    sellVolume: NonNegativeNumber,
    tradeCount: Type.Integer({ minimum: 1 }),
    vwap: PositiveNumber,
    firstTradeId: Type.Integer({ minimum: 0 }),
    lastTradeId: Type.Integer({ minimum: 0 }),
    version: Type.Integer({ minimum: 1, description: 'bumped on every revision of this bucket' }),
    final: Type.Boolean({ description: 'false while the window is open (partial update)' }),
    source: Type.Optional(CandleSourceSchema),
  },
  { $id: 'Candle', additionalProperties: false },
);
export type Candle = Static<typeof CandleSchema>;

export const AdfResultSchema = Type.Object(
  {
    statistic: Type.Number(),
    pValue: Type.Number({ minimum: 0, maximum: 1 }),
    usedLag: Type.Integer({ minimum: 0 }),
    nobs: Type.Integer({ minimum: 1 }),
    criticalValues: Type.Object({ '1%': Type.Number(), '5%': Type.Number(), '10%': Type.Number() }),
    isStationary: Type.Boolean({ description: 'p-value < 0.05' }),
  },
  { additionalProperties: false },
);

export const CointResultSchema = Type.Object(
  {
    statistic: Type.Number(),
    pValue: Type.Number({ minimum: 0, maximum: 1 }),
    criticalValues: Type.Object({ '1%': Type.Number(), '5%': Type.Number(), '10%': Type.Number() }),
    isCointegrated: Type.Boolean({ description: 'p-value < 0.05' }),
  },
  { additionalProperties: false },
);

export const PairAnalyticsSchema = Type.Object(
  {
    type: Type.Literal('pair-analytics'),
    pair: Type.String({
      pattern: '^[A-Z0-9]{2,30}/[A-Z0-9]{2,30}$',
      description: 'SYMBOLY/SYMBOLX',
    }),
    symbolX: Symbol,
    symbolY: Symbol,
    interval: IntervalSchema,
    time: EpochMs,
    priceX: PositiveNumber,
    priceY: PositiveNumber,
    olsWindow: Type.Integer({ minimum: 2, description: 'bars in the regression window' }),
    zScoreWindow: Type.Integer({ minimum: 2 }),
    corrWindow: Type.Integer({ minimum: 2 }),
    hedgeRatio: NullableNumber,
    intercept: NullableNumber,
    rSquared: NullableNumber,
    stdError: Type.Union([Type.Number(), Type.Null()], {
      description: 'residual standard error of the regression',
    }),
    hedgeRatioThroughOrigin: NullableNumber,
    spread: NullableNumber,
    spreadMean: NullableNumber,
    spreadStd: NullableNumber,
    zScore: NullableNumber,
    correlation: Type.Union([Type.Number(), Type.Null()], {
      description: 'Pearson correlation of prices',
    }),
    returnCorrelation: Type.Union([Type.Number(), Type.Null()], {
      description: 'Pearson correlation of log returns',
    }),
    kalmanHedgeRatio: NullableNumber,
    kalmanIntercept: NullableNumber,
    kalmanZScore: NullableNumber,
    halfLife: Type.Union([Type.Number(), Type.Null()], { description: 'bars' }),
    hurst: NullableNumber,
    adf: Type.Union([AdfResultSchema, Type.Null()]),
    coint: Type.Union([CointResultSchema, Type.Null()]),
    nullReasons: Type.Record(Type.String(), Type.String(), {
      description: 'for each null figure, why it is null (window not full, zero variance, ...)',
    }),
    version: Type.Integer({ minimum: 1 }),
  },
  { $id: 'PairAnalytics', additionalProperties: false },
);
export type PairAnalytics = Static<typeof PairAnalyticsSchema>;

export const ALERT_KINDS = [
  'zscore-entry',
  'zscore-exit',
  'correlation-break',
  'correlation-restored',
  'adf-stationary',
  'adf-non-stationary',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * The states an alert moves a pair between: the z-score's (inside the exit band, above
 * +entry, below −entry), the price correlation's and the ADF verdict on the spread.
 */
export const ALERT_STATES = [
  'inside',
  'above',
  'below',
  'correlated',
  'broken',
  'stationary',
  'non-stationary',
] as const;
export type AlertState = (typeof ALERT_STATES)[number];
const alertState = (description: string) =>
  Type.Union(
    ALERT_STATES.map((s) => Type.Literal(s)),
    { description },
  );

export const AlertSchema = Type.Object(
  {
    type: Type.Literal('alert'),
    id: Type.String({ description: 'deterministic: kind, pair, interval and bar time' }),
    kind: Type.Union(ALERT_KINDS.map((k) => Type.Literal(k))),
    pair: Type.String(),
    interval: IntervalSchema,
    time: EpochMs,
    value: Type.Number(),
    threshold: Type.Number(),
    message: Type.String(),
    // Optional only so that alerts raised before states were recorded (30 days on the topic)
    // stay valid; every alert raised now carries both.
    fromState: Type.Optional(alertState('the state the alert leaves')),
    toState: Type.Optional(alertState('the state the alert enters')),
  },
  { $id: 'Alert', additionalProperties: false },
);
export type Alert = Static<typeof AlertSchema>;

export const DeadLetterSchema = Type.Object(
  {
    type: Type.Literal('dead-letter'),
    source: Type.String({
      description: 'the role and component that rejected it, e.g. ingest/binance',
    }),
    code: Type.String({ description: 'machine-readable reason, e.g. MALFORMED_JSON, TOO_LATE' }),
    reason: Type.String({ description: 'human-readable reason' }),
    raw: Type.String({ description: 'the payload as received' }),
    time: EpochMs,
    topic: Type.Optional(Type.String()),
    key: Type.Optional(Type.String()),
  },
  { $id: 'DeadLetter', additionalProperties: false },
);
export type DeadLetter = Static<typeof DeadLetterSchema>;

export const TradeGapSchema = Type.Object(
  {
    type: Type.Literal('trade-gap'),
    exchange: Exchange,
    symbol: Symbol,
    fromTradeId: Type.Integer({ minimum: 0, description: 'first missing trade id' }),
    toTradeId: Type.Integer({ minimum: 0, description: 'last missing trade id' }),
    detectedAt: EpochMs,
    status: Type.Union(
      [Type.Literal('detected'), Type.Literal('backfilled'), Type.Literal('unrecoverable')],
      {
        description: 'detected when seen; backfilled or unrecoverable once the backfill settled it',
      },
    ),
    reason: Type.String({ description: 'what caused or settled it, e.g. reconnect, rotation' }),
  },
  { $id: 'TradeGap', additionalProperties: false },
);
export type TradeGap = Static<typeof TradeGapSchema>;

export const HISTORY_SERIES = ['trades', 'live', '1m', '5m', '15m', '1h', '4h', '1d'] as const;
export const HistoryProgressSchema = Type.Object(
  {
    type: Type.Literal('history-progress'),
    exchange: Exchange,
    symbol: Symbol,
    series: Type.Union(
      HISTORY_SERIES.map((s) => Type.Literal(s)),
      {
        description:
          "trades: the exchange's aggregate trades; an interval: its klines; live: the last trade the live stream wrote",
      },
    ),
    coveredTo: Type.Integer({
      minimum: 0,
      description: 'exclusive end of what history has written for this series, epoch ms',
    }),
    lastId: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'trades: the last aggregate trade id written (the next page starts after it)',
      }),
    ),
    lastTradeId: Type.Optional(
      Type.Integer({ minimum: 0, description: 'trades and live: the last trade id it covers' }),
    ),
    updatedAt: EpochMs,
  },
  { $id: 'HistoryProgress', additionalProperties: false },
);
export type HistoryProgress = Static<typeof HistoryProgressSchema>;

export const SymbolStatsSchema = Type.Object(
  {
    type: Type.Literal('symbol-stats'),
    exchange: Exchange,
    symbol: Symbol,
    window: Type.String({
      pattern: '^[0-9]+x(1s|1m|5m|15m|1h|4h|1d)$',
      description: 'bars x interval, e.g. 60x1m',
    }),
    interval: IntervalSchema,
    bars: Type.Integer({
      minimum: 1,
      description: 'bars in the window so far (at most the window size)',
    }),
    time: EpochMs,
    lastPrice: PositiveNumber,
    openPrice: PositiveNumber,
    change: Type.Number(),
    changePct: Type.Number(),
    high: PositiveNumber,
    low: PositiveNumber,
    volume: NonNegativeNumber,
    quoteVolume: NonNegativeNumber,
    vwap: PositiveNumber,
    tradeCount: Type.Integer({ minimum: 0 }),
    meanClose: PositiveNumber,
    stdClose: NullableNumber,
    realizedVolatility: NullableNumber,
    nullReasons: Type.Record(Type.String(), Type.String()),
    final: Type.Boolean({
      description:
        'true when every bar in the window is final; live updates with the open bar are false',
    }),
  },
  { $id: 'SymbolStats', additionalProperties: false },
);
export type SymbolStats = Static<typeof SymbolStatsSchema>;

/** Internal repartition record: one leg's final bar, re-keyed by pair for the pair stage. */
export const PairBarSchema = Type.Object(
  {
    type: Type.Literal('pair-bar'),
    pairId: Type.String({ description: 'SYMBOLY/SYMBOLX@interval' }),
    leg: Type.Union([Type.Literal('x'), Type.Literal('y')]),
    candle: CandleSchema,
  },
  { $id: 'PairBar', additionalProperties: false },
);
export type PairBar = Static<typeof PairBarSchema>;

/**
 * Paper trading of a pair (issue 16): the backtester's strategy state run on the pair's live
 * figures. Simulated fills only; no exchange order is ever placed.
 */
export const PaperTradingSchema = Type.Object(
  {
    enabled: Type.Boolean({ description: 'false: the pair is analysed but not paper-traded' }),
    hedge: Type.Union([Type.Literal('ols'), Type.Literal('kalman')], {
      description: 'which β and z drive it: the rolling OLS figures or the Kalman ones',
    }),
    fill: Type.Union([Type.Literal('next-close'), Type.Literal('same-close')], {
      description: 'next-close: a signal at the close of bar t fills at the close of t+1',
    }),
    entry: Type.Number({
      exclusiveMinimum: 0,
      maximum: 100,
      description: 'enter when |z| > entry',
    }),
    exit: Type.Number({ minimum: 0, maximum: 100, description: 'exit when |z| ≤ exit' }),
    stop: Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 1000 }), Type.Null()], {
      description: 'exit when |z| ≥ stop (null: no stop)',
    }),
    maxBars: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
      description: 'exit after this many bars held (null: no limit)',
    }),
    capital: Type.Number({ exclusiveMinimum: 0, description: 'notional of the y leg at entry' }),
    feeBps: Type.Number({ minimum: 0, maximum: 10_000, description: 'fee per leg per fill' }),
    slippageBps: Type.Number({
      minimum: 0,
      maximum: 10_000,
      description: 'per fill, against the trade',
    }),
  },
  { $id: 'PaperTrading', additionalProperties: false },
);
export type PaperTradingSpec = Static<typeof PaperTradingSchema>;

/**
 * A pair the pair stage analyses, added or changed at run time (the API's addPair) or
 * removed (`active: false`). The latest record per pair id wins; pairs configured with
 * PAIRS are the base this topic overrides.
 */
export const PairConfigSchema = Type.Object(
  {
    type: Type.Literal('pair-config'),
    pairId: Type.String({
      pattern: '^[A-Z0-9]{2,30}/[A-Z0-9]{2,30}@(1s|1m|5m|15m|1h|4h|1d)$',
      description: 'SYMBOLY/SYMBOLX@interval',
    }),
    symbolX: Symbol,
    symbolY: Symbol,
    interval: IntervalSchema,
    active: Type.Boolean({ description: 'false: the pair is no longer analysed' }),
    olsWindow: Type.Integer({ minimum: 3, maximum: 100_000, description: 'regression bars' }),
    zScoreWindow: Type.Integer({ minimum: 2, maximum: 100_000, description: 'z-score bars' }),
    corrWindow: Type.Integer({ minimum: 2, maximum: 100_000, description: 'correlation bars' }),
    testEvery: Type.Integer({ minimum: 1, maximum: 100_000, description: 'ADF every k bars' }),
    zScoreEntry: Type.Number({ minimum: 0, maximum: 100 }),
    zScoreExit: Type.Number({ minimum: 0, maximum: 100 }),
    correlationBreak: Type.Number({ minimum: -1, maximum: 1 }),
    adfPValueLevel: Type.Number({ minimum: 0, maximum: 1 }),
    // Optional: records written before these settings existed (the topic is compacted, kept
    // for ever) still decode; the registry gives them the defaults.
    adfPValueExit: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    adfDwellBars: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    correlationRestore: Type.Optional(Type.Number({ minimum: -1, maximum: 1 })),
    correlationDwellBars: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    paper: Type.Optional(PaperTradingSchema),
    updatedAt: EpochMs,
    source: Type.String({ description: 'who changed it, e.g. api' }),
  },
  { $id: 'PairConfig', additionalProperties: false },
);
export type PairConfig = Static<typeof PairConfigSchema>;

export const SIGNAL_KINDS = ['order', 'fill'] as const;
export const SIGNAL_REASONS = ['entry', 'exit', 'stop', 'max-bars'] as const;
const PaperSide = Type.Union([Type.Literal('long'), Type.Literal('short')], {
  description: 'of the spread y − βx: long buys y and hedges with x',
});

/**
 * A paper-trading event of a pair (md.signals.v1): the strategy's order at a bar's close, or
 * its simulated fill. Computed from final bars only, by the same strategy state as the
 * backtester; nothing is sent to an exchange.
 */
export const SignalSchema = Type.Object(
  {
    type: Type.Literal('signal'),
    pair: Type.String({
      pattern: '^[A-Z0-9]{2,30}/[A-Z0-9]{2,30}$',
      description: 'SYMBOLY/SYMBOLX',
    }),
    symbolX: Symbol,
    symbolY: Symbol,
    interval: IntervalSchema,
    run: Type.String({
      description:
        "the strategy's parameters, e.g. ols,next-close,entry=2,exit=0.5,…: a change starts another run",
    }),
    time: Type.Integer({
      minimum: 0,
      description: 'the bar (start time) at whose close it happened',
    }),
    kind: Type.Union(
      SIGNAL_KINDS.map((k) => Type.Literal(k)),
      {
        description:
          'order: decided at this close (fills at the next with next-close); fill: done at this close',
      },
    ),
    action: Type.Union([Type.Literal('open'), Type.Literal('close')]),
    side: PaperSide,
    reason: Type.Union(
      SIGNAL_REASONS.map((r) => Type.Literal(r)),
      {
        description: 'entry for opens; exit (|z| ≤ exit), stop (|z| ≥ stop) or max-bars for closes',
      },
    ),
    signalTime: Type.Integer({ minimum: 0, description: 'the bar whose close decided it' }),
    z: Type.Union([Type.Number(), Type.Null()], { description: "this bar's z-score" }),
    beta: Type.Number({ description: 'the hedge ratio β of the position, frozen at its signal' }),
    priceY: PositiveNumber,
    priceX: PositiveNumber,
    qtyY: Type.Union([Type.Number(), Type.Null()], {
      description: 'fill: signed quantity of y traded (> 0 bought); order: null',
    }),
    qtyX: Type.Union([Type.Number(), Type.Null()], {
      description: 'fill: signed quantity of x traded',
    }),
    fees: Type.Union([NonNegativeNumber, Type.Null()], { description: "fill: this fill's fees" }),
    position: Type.Union([PaperSide, Type.Literal('flat')], {
      description: 'held after this event',
    }),
    positionQtyY: Type.Number(),
    positionQtyX: Type.Number(),
    entryTime: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
      description: 'close fill: the bar the closed trade was opened at',
    }),
    barsHeld: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
      description: 'close fill: bars between the entry fill and this one',
    }),
    pnl: Type.Union([Type.Number(), Type.Null()], {
      description: "close fill: the closed trade's P&L net of both fills' fees",
    }),
    realized: Type.Number({
      description: "the run's realized P&L after this event, net of every fee paid",
    }),
    equity: Type.Number({ description: 'capital + realized + unrealized at this close' }),
    version: Type.Integer({ minimum: 1 }),
  },
  { $id: 'Signal', additionalProperties: false },
);
export type Signal = Static<typeof SignalSchema>;

const nullable = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });

/**
 * One pair of the screener's universe at one bar (issue 15): the pair's figures over the
 * screener window, written every `testEvery` bars. x is the alphabetically first symbol, y the
 * other (the pair is unordered; both Engle–Granger directions are here).
 */
export const PairScreenSchema = Type.Object(
  {
    type: Type.Literal('pair-screen'),
    pair: Type.String({
      pattern: '^[A-Z0-9]{2,30}/[A-Z0-9]{2,30}$',
      description: 'SYMBOLY/SYMBOLX, x the alphabetically first symbol',
    }),
    symbolX: Symbol,
    symbolY: Symbol,
    interval: IntervalSchema,
    window: Type.Integer({ minimum: 2, description: 'bars of the regression and test window' }),
    zScoreWindow: Type.Integer({ minimum: 2 }),
    time: Type.Integer({
      minimum: 0,
      description: 'the aligned bar (start time) of these figures',
    }),
    priceX: PositiveNumber,
    priceY: PositiveNumber,
    hedgeRatio: nullable('OLS β of y on x over the window'),
    intercept: nullable('OLS α'),
    kalmanHedgeRatio: nullable('Kalman-filter β (memory ≈ 1/δ bars)'),
    correlation: nullable('Pearson correlation of prices over the window'),
    returnCorrelation: nullable('Pearson correlation of log returns over the window'),
    cointStatistic: nullable('Engle–Granger τ, y on x (statsmodels coint(y, x))'),
    cointPValue: nullable('Engle–Granger p-value, y on x'),
    cointStatisticReverse: nullable('Engle–Granger τ, x on y'),
    cointPValueReverse: nullable('Engle–Granger p-value, x on y'),
    pValue: nullable(
      'the larger of the two Engle–Granger p-values: both directions must reject (the ranking figure)',
    ),
    adfStatistic: nullable("ADF τ of the window's OLS spread (constant, lag by AIC)"),
    adfPValue: nullable('ADF p-value of the spread'),
    halfLife: nullable('half-life of the spread in bars'),
    hurst: nullable('Hurst exponent of the spread (variogram, lags 2..20)'),
    spread: nullable("y − β·x − α at this bar with the bar's rolling fit"),
    zScore: nullable('(spread − mean)/std over the last zScoreWindow spreads'),
    nullReasons: Type.Record(Type.String(), Type.String(), {
      description: 'for each null figure, why it is null',
    }),
  },
  { $id: 'PairScreen', additionalProperties: false },
);
export type PairScreen = Static<typeof PairScreenSchema>;

/** The figures of a screened pair, nullable numbers all (the rows, the API and the CSV list them in this order). */
export const PAIR_SCREEN_FIGURES = [
  'hedgeRatio',
  'intercept',
  'kalmanHedgeRatio',
  'correlation',
  'returnCorrelation',
  'cointStatistic',
  'cointPValue',
  'cointStatisticReverse',
  'cointPValueReverse',
  'pValue',
  'adfStatistic',
  'adfPValue',
  'halfLife',
  'hurst',
  'spread',
  'zScore',
] as const satisfies ReadonlyArray<keyof PairScreen>;
export type PairScreenFigure = (typeof PAIR_SCREEN_FIGURES)[number];

export type TickstreamEvent =
  | Trade
  | Candle
  | PairAnalytics
  | Alert
  | DeadLetter
  | TradeGap
  | SymbolStats
  | Signal
  | PairScreen;
