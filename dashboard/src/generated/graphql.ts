// Generated from schema/graphql/schema.graphql and dashboard/src/graphql/*.graphql by
// @graphql-codegen. Do not edit: run `npm run codegen -w @tickstream/dashboard`.
/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> =
  T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
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
  minCorrelation?: number | null | undefined;
  maxPValue?: number | null | undefined;
  /** Bars. */
  minHalfLife?: number | null | undefined;
  /** Bars. */
  maxHalfLife?: number | null | undefined;
  minAbsZScore?: number | null | undefined;
  /** Only pairs whose legs are both among these symbols. */
  symbols?: Array<string> | null | undefined;
};

/** A backtest: the pair, the range of stored bars, and the strategy's parameters (omitted ones take their defaults). */
export type BacktestInput = {
  /** x, the regressor */
  symbolX: string;
  /** y, the regressed symbol */
  symbolY: string;
  /** Both legs' exchange; default: each symbol's freshest. */
  exchange?: string | null | undefined;
  interval?: string;
  /** First bar start (inclusive); default: the first stored bar. */
  from?: number | null | undefined;
  /** End (exclusive); default: after the last stored bar. */
  to?: number | null | undefined;
  /** next-close (default: a signal at bar t fills at t+1) or same-close (optimistic). */
  fill?: string | null | undefined;
  /** ols (default: rolling OLS β and z) or kalman. */
  hedge?: string | null | undefined;
  /** Enter when |z| > entry (default 2). */
  entry?: number | null | undefined;
  /** Exit when |z| ≤ exit (default 0.5; below entry). */
  exit?: number | null | undefined;
  /** Exit when |z| ≥ stop (above entry); then no re-entry until |z| ≤ entry. Default: none. */
  stop?: number | null | undefined;
  /** Exit after this many bars held. Default: none. */
  maxBars?: number | null | undefined;
  /** Notional of the y leg at entry, in quote currency; the starting equity (default 10000). */
  capital?: number | null | undefined;
  /** Fee per leg per fill, basis points of its notional (default 0). */
  feeBps?: number | null | undefined;
  /** Each fill price moves against the trade by this many basis points (default 0). */
  slippageBps?: number | null | undefined;
  /** Rolling OLS window in bars (default 60, at least 3). */
  window?: number | null | undefined;
  /** z-score window in bars (default: window). */
  zWindow?: number | null | undefined;
};

/** A sweep: the backtest's input (entry, exit and window are the grid's) and the grid. */
export type BacktestSweepInput = {
  symbolX: string;
  symbolY: string;
  exchange?: string | null | undefined;
  interval?: string;
  from?: number | null | undefined;
  to?: number | null | undefined;
  fill?: string | null | undefined;
  hedge?: string | null | undefined;
  stop?: number | null | undefined;
  maxBars?: number | null | undefined;
  capital?: number | null | undefined;
  feeBps?: number | null | undefined;
  slippageBps?: number | null | undefined;
  zWindow?: number | null | undefined;
  /** Entry levels (1 to 50 values). */
  entries: Array<number>;
  /** Exit levels (1 to 50 values); a cell with exit ≥ entry is reported invalid. */
  exits: Array<number>;
  /** OLS windows in bars (1 to 50 values). */
  windows: Array<number>;
  /** The metric of each cell: a numeric field of BacktestMetrics (default sharpe). */
  metric?: string;
};

/** A pair to analyse continuously; omitted settings take the configured defaults. */
export type PairInput = {
  /** x, the regressor */
  symbolX: string;
  /** y, the regressed symbol */
  symbolY: string;
  /** A materialized interval (CANDLE_INTERVALS). */
  interval?: string;
  olsWindow?: number | null | undefined;
  zScoreWindow?: number | null | undefined;
  corrWindow?: number | null | undefined;
  testEvery?: number | null | undefined;
  zScoreEntry?: number | null | undefined;
  zScoreExit?: number | null | undefined;
  correlationBreak?: number | null | undefined;
  adfPValueLevel?: number | null | undefined;
  /** At least adfPValueLevel. */
  adfPValueExit?: number | null | undefined;
  adfDwellBars?: number | null | undefined;
  /** At least correlationBreak. */
  correlationRestore?: number | null | undefined;
  correlationDwellBars?: number | null | undefined;
};

export type CorrelationMethod =
  /** Pearson correlation of close prices */
  | 'PRICES'
  /** Pearson correlation of log returns of closes */
  | 'LOG_RETURNS';

export type CandleFieldsFragment = {
  symbol: string;
  interval: string;
  start: number;
  end: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  tradeCount: number;
  vwap: number | null;
  final: boolean;
  version: number;
};

export type PairAnalyticsFieldsFragment = {
  pair: string;
  symbolX: string;
  symbolY: string;
  interval: string;
  time: number;
  priceX: number;
  priceY: number;
  olsWindow: number;
  zScoreWindow: number;
  corrWindow: number;
  hedgeRatio: number | null;
  intercept: number | null;
  spread: number | null;
  spreadMean: number | null;
  zScore: number | null;
  correlation: number | null;
  kalmanHedgeRatio: number | null;
  kalmanIntercept: number | null;
  kalmanZScore: number | null;
  halfLife: number | null;
  adf: { statistic: number; pValue: number; isStationary: boolean } | null;
  nullReasons: Array<{ figure: string; reason: string }>;
};

export type PairSettingsFieldsFragment = {
  interval: string;
  olsWindow: number;
  zScoreWindow: number;
  corrWindow: number;
  zScoreEntry: number;
  zScoreExit: number;
};

export type AlertFieldsFragment = {
  id: string;
  kind: string;
  pair: string;
  interval: string;
  time: number;
  value: number;
  threshold: number;
  message: string;
};

export type CatalogQueryVariables = Exact<{ [key: string]: never }>;

export type CatalogQuery = {
  symbols: Array<{
    symbol: string;
    exchange: string;
    lastPrice: number | null;
    lastBarTime: number | null;
    intervals: Array<string>;
  }>;
  pairs: Array<{
    pair: string;
    symbolX: string;
    symbolY: string;
    intervals: Array<string>;
    analysed: Array<{
      interval: string;
      olsWindow: number;
      zScoreWindow: number;
      corrWindow: number;
      zScoreEntry: number;
      zScoreExit: number;
    }>;
  }>;
};

export type AddPairMutationVariables = Exact<{
  input: PairInput;
}>;

export type AddPairMutation = {
  addPair: {
    pair: string;
    analysed: Array<{
      interval: string;
      olsWindow: number;
      zScoreWindow: number;
      corrWindow: number;
      zScoreEntry: number;
      zScoreExit: number;
    }>;
  };
};

export type RemovePairMutationVariables = Exact<{
  symbolX: string;
  symbolY: string;
  interval: string;
}>;

export type RemovePairMutation = { removePair: { pair: string } | null };

export type CandlesQueryVariables = Exact<{
  symbol: string;
  interval: string;
  from?: number | null | undefined;
  to?: number | null | undefined;
  last?: number | null | undefined;
}>;

export type CandlesQuery = {
  candles: Array<{
    symbol: string;
    interval: string;
    start: number;
    end: number;
    open: number;
    high: number;
    low: number;
    close: number;
    volume: number;
    tradeCount: number;
    vwap: number | null;
    final: boolean;
    version: number;
  }>;
};

export type CandleUpdatesSubscriptionVariables = Exact<{
  symbol: string;
  interval: string;
  includePartial: boolean;
}>;

export type CandleUpdatesSubscription = {
  candles: {
    symbol: string;
    interval: string;
    start: number;
    end: number;
    open: number;
    high: number;
    low: number;
    close: number;
    volume: number;
    tradeCount: number;
    vwap: number | null;
    final: boolean;
    version: number;
  };
};

export type StatsQueryVariables = Exact<{
  symbol: string;
  interval: string;
  window: number;
}>;

export type StatsQuery = {
  stats: {
    symbol: string;
    window: string;
    interval: string;
    bars: number;
    time: number;
    lastPrice: number;
    change: number;
    changePct: number;
    volume: number;
    vwap: number;
    tradeCount: number;
    final: boolean;
    nullReasons: Array<{ figure: string; reason: string }>;
  } | null;
};

export type PairAnalysisQueryVariables = Exact<{
  symbolX: string;
  symbolY: string;
  interval: string;
  window: number;
  zScoreWindow: number;
  correlationWindow: number;
  points: number;
}>;

export type PairAnalysisQuery = {
  pairAnalysis: {
    pair: string;
    bars: number;
    time: number;
    window: number;
    zScoreWindow: number;
    correlationWindow: number;
    latestSpread: number | null;
    latestZScore: number | null;
    regression: {
      hedgeRatio: number;
      intercept: number;
      rSquared: number | null;
      stdError: number;
      qualityFlags: Array<string>;
    } | null;
    stationarity: {
      interpretation: string;
      adf: { statistic: number; pValue: number; isStationary: boolean };
    } | null;
    series: Array<{
      time: number;
      priceX: number;
      priceY: number;
      hedgeRatio: number | null;
      intercept: number | null;
      spread: number | null;
      zScore: number | null;
      correlation: number | null;
    }>;
    nullReasons: Array<{ figure: string; reason: string }>;
  } | null;
};

export type LatestPairAnalyticsQueryVariables = Exact<{
  symbolX: string;
  symbolY: string;
  interval: string;
}>;

export type LatestPairAnalyticsQuery = {
  pairAnalytics: {
    pair: string;
    symbolX: string;
    symbolY: string;
    interval: string;
    time: number;
    priceX: number;
    priceY: number;
    olsWindow: number;
    zScoreWindow: number;
    corrWindow: number;
    hedgeRatio: number | null;
    intercept: number | null;
    spread: number | null;
    spreadMean: number | null;
    zScore: number | null;
    correlation: number | null;
    kalmanHedgeRatio: number | null;
    kalmanIntercept: number | null;
    kalmanZScore: number | null;
    halfLife: number | null;
    adf: { statistic: number; pValue: number; isStationary: boolean } | null;
    nullReasons: Array<{ figure: string; reason: string }>;
  } | null;
};

export type PairAnalyticsHistoryQueryVariables = Exact<{
  symbolX: string;
  symbolY: string;
  interval: string;
  from?: number | null | undefined;
  to?: number | null | undefined;
  last?: number | null | undefined;
}>;

export type PairAnalyticsHistoryQuery = {
  pairAnalyticsHistory: {
    edges: Array<{
      node: {
        pair: string;
        symbolX: string;
        symbolY: string;
        interval: string;
        time: number;
        priceX: number;
        priceY: number;
        olsWindow: number;
        zScoreWindow: number;
        corrWindow: number;
        hedgeRatio: number | null;
        intercept: number | null;
        spread: number | null;
        spreadMean: number | null;
        zScore: number | null;
        correlation: number | null;
        kalmanHedgeRatio: number | null;
        kalmanIntercept: number | null;
        kalmanZScore: number | null;
        halfLife: number | null;
        adf: { statistic: number; pValue: number; isStationary: boolean } | null;
        nullReasons: Array<{ figure: string; reason: string }>;
      };
    }>;
  };
};

export type PairAnalyticsUpdatesSubscriptionVariables = Exact<{
  symbolX: string;
  symbolY: string;
  interval: string;
}>;

export type PairAnalyticsUpdatesSubscription = {
  pairAnalytics: {
    pair: string;
    symbolX: string;
    symbolY: string;
    interval: string;
    time: number;
    priceX: number;
    priceY: number;
    olsWindow: number;
    zScoreWindow: number;
    corrWindow: number;
    hedgeRatio: number | null;
    intercept: number | null;
    spread: number | null;
    spreadMean: number | null;
    zScore: number | null;
    correlation: number | null;
    kalmanHedgeRatio: number | null;
    kalmanIntercept: number | null;
    kalmanZScore: number | null;
    halfLife: number | null;
    adf: { statistic: number; pValue: number; isStationary: boolean } | null;
    nullReasons: Array<{ figure: string; reason: string }>;
  };
};

export type CorrelationMatrixQueryVariables = Exact<{
  symbols: Array<string> | string;
  interval: string;
  window: number;
  method: CorrelationMethod;
}>;

export type CorrelationMatrixQuery = {
  correlationMatrix: {
    symbols: Array<string>;
    interval: string;
    window: number;
    method: CorrelationMethod;
    observations: number;
    values: Array<Array<number | null>>;
    time: number | null;
  };
};

export type RecentAlertsQueryVariables = Exact<{
  pair?: string | null | undefined;
  last: number;
}>;

export type RecentAlertsQuery = {
  alerts: {
    edges: Array<{
      node: {
        id: string;
        kind: string;
        pair: string;
        interval: string;
        time: number;
        value: number;
        threshold: number;
        message: string;
      };
    }>;
  };
};

export type AlertUpdatesSubscriptionVariables = Exact<{
  pair?: string | null | undefined;
}>;

export type AlertUpdatesSubscription = {
  alerts: {
    id: string;
    kind: string;
    pair: string;
    interval: string;
    time: number;
    value: number;
    threshold: number;
    message: string;
  };
};

export type IngestStatusUpdatesSubscriptionVariables = Exact<{
  everyMs: number;
}>;

export type IngestStatusUpdatesSubscription = {
  ingestStatus: {
    available: boolean;
    state: string | null;
    source: string | null;
    time: number;
    history: {
      state: string;
      percent: number;
      series: Array<{ symbol: string; series: string; percent: number; state: string }>;
    } | null;
    connections: Array<{
      id: string;
      state: string;
      reconnects: number;
      lastMessageAt: number | null;
    }>;
    symbols: Array<{
      symbol: string;
      ratePerSecond: number;
      received: number;
      lastTradeTime: number | null;
    }>;
  };
};

export type BacktestQueryVariables = Exact<{
  input: BacktestInput;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;

export type BacktestQuery = {
  backtest: {
    pair: string;
    interval: string;
    from: number;
    to: number;
    bars: number;
    params: {
      fill: string;
      hedge: string;
      entry: number;
      exit: number;
      stop: number | null;
      maxBars: number | null;
      capital: number;
      feeBps: number;
      slippageBps: number;
      window: number;
      zWindow: number | null;
    };
    metrics: {
      totalPnl: number;
      totalReturn: number;
      sharpe: number | null;
      barsPerYear: number;
      maxDrawdown: number;
      maxDrawdownAbs: number;
      tradeCount: number;
      hitRate: number | null;
      avgBarsHeld: number | null;
      exposure: number;
      turnover: number;
      feesPaid: number;
      bars: number;
    };
    trades: Array<{
      side: string;
      beta: number;
      entrySignalIndex: number;
      entryIndex: number;
      entryTime: number;
      exitSignalIndex: number;
      exitIndex: number;
      exitTime: number;
      reason: string;
      fees: number;
      pnl: number;
      barsHeld: number;
    }>;
    equity: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: Array<{
        node: { index: number; time: number; equity: number; position: string; drawdown: number };
      }>;
    };
  } | null;
};

export type BacktestSweepQueryVariables = Exact<{
  input: BacktestSweepInput;
}>;

export type BacktestSweepQuery = {
  backtestSweep: {
    pair: string;
    interval: string;
    bars: number;
    metric: string;
    entries: Array<number>;
    exits: Array<number>;
    windows: Array<number>;
    cells: Array<{
      entry: number;
      exit: number;
      window: number;
      value: number | null;
      tradeCount: number;
      invalid: string | null;
    }>;
  } | null;
};

export type SignalFieldsFragment = {
  pair: string;
  interval: string;
  run: string;
  time: number;
  kind: string;
  action: string;
  side: string;
  reason: string;
  signalTime: number;
  z: number | null;
  beta: number;
  priceY: number;
  priceX: number;
  qtyY: number | null;
  qtyX: number | null;
  fees: number | null;
  position: string;
  positionQtyY: number;
  positionQtyX: number;
  entryTime: number | null;
  barsHeld: number | null;
  pnl: number | null;
  realized: number;
  equity: number;
};

export type PaperSignalsQueryVariables = Exact<{
  pair: string;
  interval: string;
  last: number;
}>;

export type PaperSignalsQuery = {
  signals: Array<{
    pair: string;
    interval: string;
    run: string;
    time: number;
    kind: string;
    action: string;
    side: string;
    reason: string;
    signalTime: number;
    z: number | null;
    beta: number;
    priceY: number;
    priceX: number;
    qtyY: number | null;
    qtyX: number | null;
    fees: number | null;
    position: string;
    positionQtyY: number;
    positionQtyX: number;
    entryTime: number | null;
    barsHeld: number | null;
    pnl: number | null;
    realized: number;
    equity: number;
  }>;
};

export type PaperSignalUpdatesSubscriptionVariables = Exact<{
  pair?: string | null | undefined;
}>;

export type PaperSignalUpdatesSubscription = {
  signals: {
    pair: string;
    interval: string;
    run: string;
    time: number;
    kind: string;
    action: string;
    side: string;
    reason: string;
    signalTime: number;
    z: number | null;
    beta: number;
    priceY: number;
    priceX: number;
    qtyY: number | null;
    qtyX: number | null;
    fees: number | null;
    position: string;
    positionQtyY: number;
    positionQtyX: number;
    entryTime: number | null;
    barsHeld: number | null;
    pnl: number | null;
    realized: number;
    equity: number;
  };
};

export type ScreenedPairFieldsFragment = {
  rank: number;
  pair: string;
  symbolX: string;
  symbolY: string;
  interval: string;
  window: number;
  time: number;
  hedgeRatio: number | null;
  kalmanHedgeRatio: number | null;
  correlation: number | null;
  returnCorrelation: number | null;
  cointPValue: number | null;
  cointPValueReverse: number | null;
  pValue: number | null;
  adfPValue: number | null;
  halfLife: number | null;
  hurst: number | null;
  zScore: number | null;
  zScoreHistory: Array<{ time: number; zScore: number | null }>;
};

export type PairScreenRankingFieldsFragment = {
  interval: string;
  window: number;
  orderBy: PairScreenOrder;
  descending: boolean;
  time: number | null;
  pairs: number;
  total: number;
  rows: Array<{
    rank: number;
    pair: string;
    symbolX: string;
    symbolY: string;
    interval: string;
    window: number;
    time: number;
    hedgeRatio: number | null;
    kalmanHedgeRatio: number | null;
    correlation: number | null;
    returnCorrelation: number | null;
    cointPValue: number | null;
    cointPValueReverse: number | null;
    pValue: number | null;
    adfPValue: number | null;
    halfLife: number | null;
    hurst: number | null;
    zScore: number | null;
    zScoreHistory: Array<{ time: number; zScore: number | null }>;
  }>;
};

export type PairScreenQueryVariables = Exact<{
  orderBy: PairScreenOrder;
  descending?: boolean | null | undefined;
  top: number;
  filters?: PairScreenFilters | null | undefined;
  points: number;
}>;

export type PairScreenQuery = {
  pairScreen: {
    interval: string;
    window: number;
    orderBy: PairScreenOrder;
    descending: boolean;
    time: number | null;
    pairs: number;
    total: number;
    rows: Array<{
      rank: number;
      pair: string;
      symbolX: string;
      symbolY: string;
      interval: string;
      window: number;
      time: number;
      hedgeRatio: number | null;
      kalmanHedgeRatio: number | null;
      correlation: number | null;
      returnCorrelation: number | null;
      cointPValue: number | null;
      cointPValueReverse: number | null;
      pValue: number | null;
      adfPValue: number | null;
      halfLife: number | null;
      hurst: number | null;
      zScore: number | null;
      zScoreHistory: Array<{ time: number; zScore: number | null }>;
    }>;
  };
};

export type PairScreenUpdatesSubscriptionVariables = Exact<{
  orderBy: PairScreenOrder;
  descending?: boolean | null | undefined;
  top: number;
  filters?: PairScreenFilters | null | undefined;
  points: number;
  everyMs: number;
}>;

export type PairScreenUpdatesSubscription = {
  pairScreen: {
    interval: string;
    window: number;
    orderBy: PairScreenOrder;
    descending: boolean;
    time: number | null;
    pairs: number;
    total: number;
    rows: Array<{
      rank: number;
      pair: string;
      symbolX: string;
      symbolY: string;
      interval: string;
      window: number;
      time: number;
      hedgeRatio: number | null;
      kalmanHedgeRatio: number | null;
      correlation: number | null;
      returnCorrelation: number | null;
      cointPValue: number | null;
      cointPValueReverse: number | null;
      pValue: number | null;
      adfPValue: number | null;
      halfLife: number | null;
      hurst: number | null;
      zScore: number | null;
      zScoreHistory: Array<{ time: number; zScore: number | null }>;
    }>;
  };
};

export type PairScreenUniverseQueryVariables = Exact<{ [key: string]: never }>;

export type PairScreenUniverseQuery = {
  pairScreen: {
    interval: string;
    window: number;
    symbols: Array<string>;
    pairs: number;
    rows: Array<{
      pair: string;
      symbolX: string;
      symbolY: string;
      correlation: number | null;
      pValue: number | null;
    }>;
  };
};

export const CandleFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'CandleFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Candle' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'symbol' } },
          { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
          { kind: 'Field', name: { kind: 'Name', value: 'start' } },
          { kind: 'Field', name: { kind: 'Name', value: 'end' } },
          { kind: 'Field', name: { kind: 'Name', value: 'open' } },
          { kind: 'Field', name: { kind: 'Name', value: 'high' } },
          { kind: 'Field', name: { kind: 'Name', value: 'low' } },
          { kind: 'Field', name: { kind: 'Name', value: 'close' } },
          { kind: 'Field', name: { kind: 'Name', value: 'volume' } },
          { kind: 'Field', name: { kind: 'Name', value: 'tradeCount' } },
          { kind: 'Field', name: { kind: 'Name', value: 'vwap' } },
          { kind: 'Field', name: { kind: 'Name', value: 'final' } },
          { kind: 'Field', name: { kind: 'Name', value: 'version' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<CandleFieldsFragment, unknown>;
export const PairAnalyticsFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'PairAnalyticsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'PairAnalytics' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'pair' } },
          { kind: 'Field', name: { kind: 'Name', value: 'symbolX' } },
          { kind: 'Field', name: { kind: 'Name', value: 'symbolY' } },
          { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
          { kind: 'Field', name: { kind: 'Name', value: 'time' } },
          { kind: 'Field', name: { kind: 'Name', value: 'priceX' } },
          { kind: 'Field', name: { kind: 'Name', value: 'priceY' } },
          { kind: 'Field', name: { kind: 'Name', value: 'olsWindow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'zScoreWindow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'corrWindow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'hedgeRatio' } },
          { kind: 'Field', name: { kind: 'Name', value: 'intercept' } },
          { kind: 'Field', name: { kind: 'Name', value: 'spread' } },
          { kind: 'Field', name: { kind: 'Name', value: 'spreadMean' } },
          { kind: 'Field', name: { kind: 'Name', value: 'zScore' } },
          { kind: 'Field', name: { kind: 'Name', value: 'correlation' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kalmanHedgeRatio' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kalmanIntercept' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kalmanZScore' } },
          { kind: 'Field', name: { kind: 'Name', value: 'halfLife' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'adf' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'statistic' } },
                { kind: 'Field', name: { kind: 'Name', value: 'pValue' } },
                { kind: 'Field', name: { kind: 'Name', value: 'isStationary' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'nullReasons' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'figure' } },
                { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<PairAnalyticsFieldsFragment, unknown>;
export const PairSettingsFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'PairSettingsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'PairSettings' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
          { kind: 'Field', name: { kind: 'Name', value: 'olsWindow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'zScoreWindow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'corrWindow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'zScoreEntry' } },
          { kind: 'Field', name: { kind: 'Name', value: 'zScoreExit' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<PairSettingsFieldsFragment, unknown>;
export const AlertFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'AlertFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Alert' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kind' } },
          { kind: 'Field', name: { kind: 'Name', value: 'pair' } },
          { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
          { kind: 'Field', name: { kind: 'Name', value: 'time' } },
          { kind: 'Field', name: { kind: 'Name', value: 'value' } },
          { kind: 'Field', name: { kind: 'Name', value: 'threshold' } },
          { kind: 'Field', name: { kind: 'Name', value: 'message' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<AlertFieldsFragment, unknown>;
export const SignalFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'SignalFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Signal' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'pair' } },
          { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
          { kind: 'Field', name: { kind: 'Name', value: 'run' } },
          { kind: 'Field', name: { kind: 'Name', value: 'time' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kind' } },
          { kind: 'Field', name: { kind: 'Name', value: 'action' } },
          { kind: 'Field', name: { kind: 'Name', value: 'side' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
          { kind: 'Field', name: { kind: 'Name', value: 'signalTime' } },
          { kind: 'Field', name: { kind: 'Name', value: 'z' } },
          { kind: 'Field', name: { kind: 'Name', value: 'beta' } },
          { kind: 'Field', name: { kind: 'Name', value: 'priceY' } },
          { kind: 'Field', name: { kind: 'Name', value: 'priceX' } },
          { kind: 'Field', name: { kind: 'Name', value: 'qtyY' } },
          { kind: 'Field', name: { kind: 'Name', value: 'qtyX' } },
          { kind: 'Field', name: { kind: 'Name', value: 'fees' } },
          { kind: 'Field', name: { kind: 'Name', value: 'position' } },
          { kind: 'Field', name: { kind: 'Name', value: 'positionQtyY' } },
          { kind: 'Field', name: { kind: 'Name', value: 'positionQtyX' } },
          { kind: 'Field', name: { kind: 'Name', value: 'entryTime' } },
          { kind: 'Field', name: { kind: 'Name', value: 'barsHeld' } },
          { kind: 'Field', name: { kind: 'Name', value: 'pnl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'realized' } },
          { kind: 'Field', name: { kind: 'Name', value: 'equity' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<SignalFieldsFragment, unknown>;
export const ScreenedPairFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ScreenedPairFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ScreenedPair' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'rank' } },
          { kind: 'Field', name: { kind: 'Name', value: 'pair' } },
          { kind: 'Field', name: { kind: 'Name', value: 'symbolX' } },
          { kind: 'Field', name: { kind: 'Name', value: 'symbolY' } },
          { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
          { kind: 'Field', name: { kind: 'Name', value: 'window' } },
          { kind: 'Field', name: { kind: 'Name', value: 'time' } },
          { kind: 'Field', name: { kind: 'Name', value: 'hedgeRatio' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kalmanHedgeRatio' } },
          { kind: 'Field', name: { kind: 'Name', value: 'correlation' } },
          { kind: 'Field', name: { kind: 'Name', value: 'returnCorrelation' } },
          { kind: 'Field', name: { kind: 'Name', value: 'cointPValue' } },
          { kind: 'Field', name: { kind: 'Name', value: 'cointPValueReverse' } },
          { kind: 'Field', name: { kind: 'Name', value: 'pValue' } },
          { kind: 'Field', name: { kind: 'Name', value: 'adfPValue' } },
          { kind: 'Field', name: { kind: 'Name', value: 'halfLife' } },
          { kind: 'Field', name: { kind: 'Name', value: 'hurst' } },
          { kind: 'Field', name: { kind: 'Name', value: 'zScore' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'zScoreHistory' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'points' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'points' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'time' } },
                { kind: 'Field', name: { kind: 'Name', value: 'zScore' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ScreenedPairFieldsFragment, unknown>;
export const PairScreenRankingFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'PairScreenRankingFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'PairScreenRanking' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
          { kind: 'Field', name: { kind: 'Name', value: 'window' } },
          { kind: 'Field', name: { kind: 'Name', value: 'orderBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'descending' } },
          { kind: 'Field', name: { kind: 'Name', value: 'time' } },
          { kind: 'Field', name: { kind: 'Name', value: 'pairs' } },
          { kind: 'Field', name: { kind: 'Name', value: 'total' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'rows' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'ScreenedPairFields' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ScreenedPairFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ScreenedPair' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'rank' } },
          { kind: 'Field', name: { kind: 'Name', value: 'pair' } },
          { kind: 'Field', name: { kind: 'Name', value: 'symbolX' } },
          { kind: 'Field', name: { kind: 'Name', value: 'symbolY' } },
          { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
          { kind: 'Field', name: { kind: 'Name', value: 'window' } },
          { kind: 'Field', name: { kind: 'Name', value: 'time' } },
          { kind: 'Field', name: { kind: 'Name', value: 'hedgeRatio' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kalmanHedgeRatio' } },
          { kind: 'Field', name: { kind: 'Name', value: 'correlation' } },
          { kind: 'Field', name: { kind: 'Name', value: 'returnCorrelation' } },
          { kind: 'Field', name: { kind: 'Name', value: 'cointPValue' } },
          { kind: 'Field', name: { kind: 'Name', value: 'cointPValueReverse' } },
          { kind: 'Field', name: { kind: 'Name', value: 'pValue' } },
          { kind: 'Field', name: { kind: 'Name', value: 'adfPValue' } },
          { kind: 'Field', name: { kind: 'Name', value: 'halfLife' } },
          { kind: 'Field', name: { kind: 'Name', value: 'hurst' } },
          { kind: 'Field', name: { kind: 'Name', value: 'zScore' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'zScoreHistory' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'points' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'points' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'time' } },
                { kind: 'Field', name: { kind: 'Name', value: 'zScore' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<PairScreenRankingFieldsFragment, unknown>;
export const CatalogDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'Catalog' },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'symbols' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'symbol' } },
                { kind: 'Field', name: { kind: 'Name', value: 'exchange' } },
                { kind: 'Field', name: { kind: 'Name', value: 'lastPrice' } },
                { kind: 'Field', name: { kind: 'Name', value: 'lastBarTime' } },
                { kind: 'Field', name: { kind: 'Name', value: 'intervals' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'pairs' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'pair' } },
                { kind: 'Field', name: { kind: 'Name', value: 'symbolX' } },
                { kind: 'Field', name: { kind: 'Name', value: 'symbolY' } },
                { kind: 'Field', name: { kind: 'Name', value: 'intervals' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'analysed' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      {
                        kind: 'FragmentSpread',
                        name: { kind: 'Name', value: 'PairSettingsFields' },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'PairSettingsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'PairSettings' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
          { kind: 'Field', name: { kind: 'Name', value: 'olsWindow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'zScoreWindow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'corrWindow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'zScoreEntry' } },
          { kind: 'Field', name: { kind: 'Name', value: 'zScoreExit' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<CatalogQuery, CatalogQueryVariables>;
export const AddPairDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'AddPair' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'PairInput' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'addPair' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'input' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'pair' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'analysed' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      {
                        kind: 'FragmentSpread',
                        name: { kind: 'Name', value: 'PairSettingsFields' },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'PairSettingsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'PairSettings' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
          { kind: 'Field', name: { kind: 'Name', value: 'olsWindow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'zScoreWindow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'corrWindow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'zScoreEntry' } },
          { kind: 'Field', name: { kind: 'Name', value: 'zScoreExit' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<AddPairMutation, AddPairMutationVariables>;
export const RemovePairDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'RemovePair' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'symbolX' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'symbolY' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'interval' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'removePair' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'symbolX' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'symbolX' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'symbolY' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'symbolY' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'interval' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'interval' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'Field', name: { kind: 'Name', value: 'pair' } }],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<RemovePairMutation, RemovePairMutationVariables>;
export const CandlesDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'Candles' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'symbol' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'interval' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'from' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Timestamp' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'to' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Timestamp' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'last' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'candles' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'symbol' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'symbol' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'interval' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'interval' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'from' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'from' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'to' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'to' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'last' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'last' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'CandleFields' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'CandleFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Candle' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'symbol' } },
          { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
          { kind: 'Field', name: { kind: 'Name', value: 'start' } },
          { kind: 'Field', name: { kind: 'Name', value: 'end' } },
          { kind: 'Field', name: { kind: 'Name', value: 'open' } },
          { kind: 'Field', name: { kind: 'Name', value: 'high' } },
          { kind: 'Field', name: { kind: 'Name', value: 'low' } },
          { kind: 'Field', name: { kind: 'Name', value: 'close' } },
          { kind: 'Field', name: { kind: 'Name', value: 'volume' } },
          { kind: 'Field', name: { kind: 'Name', value: 'tradeCount' } },
          { kind: 'Field', name: { kind: 'Name', value: 'vwap' } },
          { kind: 'Field', name: { kind: 'Name', value: 'final' } },
          { kind: 'Field', name: { kind: 'Name', value: 'version' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<CandlesQuery, CandlesQueryVariables>;
export const CandleUpdatesDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'subscription',
      name: { kind: 'Name', value: 'CandleUpdates' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'symbol' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'interval' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'includePartial' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'Boolean' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'candles' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'symbol' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'symbol' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'interval' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'interval' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'includePartial' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'includePartial' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'CandleFields' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'CandleFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Candle' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'symbol' } },
          { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
          { kind: 'Field', name: { kind: 'Name', value: 'start' } },
          { kind: 'Field', name: { kind: 'Name', value: 'end' } },
          { kind: 'Field', name: { kind: 'Name', value: 'open' } },
          { kind: 'Field', name: { kind: 'Name', value: 'high' } },
          { kind: 'Field', name: { kind: 'Name', value: 'low' } },
          { kind: 'Field', name: { kind: 'Name', value: 'close' } },
          { kind: 'Field', name: { kind: 'Name', value: 'volume' } },
          { kind: 'Field', name: { kind: 'Name', value: 'tradeCount' } },
          { kind: 'Field', name: { kind: 'Name', value: 'vwap' } },
          { kind: 'Field', name: { kind: 'Name', value: 'final' } },
          { kind: 'Field', name: { kind: 'Name', value: 'version' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<CandleUpdatesSubscription, CandleUpdatesSubscriptionVariables>;
export const StatsDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'Stats' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'symbol' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'interval' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'window' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'stats' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'symbol' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'symbol' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'interval' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'interval' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'window' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'window' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'symbol' } },
                { kind: 'Field', name: { kind: 'Name', value: 'window' } },
                { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
                { kind: 'Field', name: { kind: 'Name', value: 'bars' } },
                { kind: 'Field', name: { kind: 'Name', value: 'time' } },
                { kind: 'Field', name: { kind: 'Name', value: 'lastPrice' } },
                { kind: 'Field', name: { kind: 'Name', value: 'change' } },
                { kind: 'Field', name: { kind: 'Name', value: 'changePct' } },
                { kind: 'Field', name: { kind: 'Name', value: 'volume' } },
                { kind: 'Field', name: { kind: 'Name', value: 'vwap' } },
                { kind: 'Field', name: { kind: 'Name', value: 'tradeCount' } },
                { kind: 'Field', name: { kind: 'Name', value: 'final' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'nullReasons' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'figure' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<StatsQuery, StatsQueryVariables>;
export const PairAnalysisDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'PairAnalysis' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'symbolX' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'symbolY' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'interval' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'window' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'zScoreWindow' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'correlationWindow' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'points' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'pairAnalysis' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'symbolX' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'symbolX' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'symbolY' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'symbolY' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'interval' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'interval' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'window' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'window' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'zScoreWindow' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'zScoreWindow' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'correlationWindow' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'correlationWindow' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'points' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'points' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'pair' } },
                { kind: 'Field', name: { kind: 'Name', value: 'bars' } },
                { kind: 'Field', name: { kind: 'Name', value: 'time' } },
                { kind: 'Field', name: { kind: 'Name', value: 'window' } },
                { kind: 'Field', name: { kind: 'Name', value: 'zScoreWindow' } },
                { kind: 'Field', name: { kind: 'Name', value: 'correlationWindow' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'regression' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'hedgeRatio' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'intercept' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'rSquared' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'stdError' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'qualityFlags' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'stationarity' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'adf' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'statistic' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'pValue' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'isStationary' } },
                          ],
                        },
                      },
                      { kind: 'Field', name: { kind: 'Name', value: 'interpretation' } },
                    ],
                  },
                },
                { kind: 'Field', name: { kind: 'Name', value: 'latestSpread' } },
                { kind: 'Field', name: { kind: 'Name', value: 'latestZScore' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'series' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'time' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'priceX' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'priceY' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'hedgeRatio' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'intercept' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'spread' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'zScore' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'correlation' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'nullReasons' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'figure' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<PairAnalysisQuery, PairAnalysisQueryVariables>;
export const LatestPairAnalyticsDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'LatestPairAnalytics' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'symbolX' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'symbolY' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'interval' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'pairAnalytics' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'symbolX' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'symbolX' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'symbolY' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'symbolY' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'interval' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'interval' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PairAnalyticsFields' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'PairAnalyticsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'PairAnalytics' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'pair' } },
          { kind: 'Field', name: { kind: 'Name', value: 'symbolX' } },
          { kind: 'Field', name: { kind: 'Name', value: 'symbolY' } },
          { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
          { kind: 'Field', name: { kind: 'Name', value: 'time' } },
          { kind: 'Field', name: { kind: 'Name', value: 'priceX' } },
          { kind: 'Field', name: { kind: 'Name', value: 'priceY' } },
          { kind: 'Field', name: { kind: 'Name', value: 'olsWindow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'zScoreWindow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'corrWindow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'hedgeRatio' } },
          { kind: 'Field', name: { kind: 'Name', value: 'intercept' } },
          { kind: 'Field', name: { kind: 'Name', value: 'spread' } },
          { kind: 'Field', name: { kind: 'Name', value: 'spreadMean' } },
          { kind: 'Field', name: { kind: 'Name', value: 'zScore' } },
          { kind: 'Field', name: { kind: 'Name', value: 'correlation' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kalmanHedgeRatio' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kalmanIntercept' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kalmanZScore' } },
          { kind: 'Field', name: { kind: 'Name', value: 'halfLife' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'adf' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'statistic' } },
                { kind: 'Field', name: { kind: 'Name', value: 'pValue' } },
                { kind: 'Field', name: { kind: 'Name', value: 'isStationary' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'nullReasons' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'figure' } },
                { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<LatestPairAnalyticsQuery, LatestPairAnalyticsQueryVariables>;
export const PairAnalyticsHistoryDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'PairAnalyticsHistory' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'symbolX' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'symbolY' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'interval' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'from' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Timestamp' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'to' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Timestamp' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'last' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'pairAnalyticsHistory' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'symbolX' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'symbolX' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'symbolY' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'symbolY' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'interval' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'interval' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'from' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'from' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'to' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'to' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'last' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'last' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'edges' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'node' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            {
                              kind: 'FragmentSpread',
                              name: { kind: 'Name', value: 'PairAnalyticsFields' },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'PairAnalyticsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'PairAnalytics' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'pair' } },
          { kind: 'Field', name: { kind: 'Name', value: 'symbolX' } },
          { kind: 'Field', name: { kind: 'Name', value: 'symbolY' } },
          { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
          { kind: 'Field', name: { kind: 'Name', value: 'time' } },
          { kind: 'Field', name: { kind: 'Name', value: 'priceX' } },
          { kind: 'Field', name: { kind: 'Name', value: 'priceY' } },
          { kind: 'Field', name: { kind: 'Name', value: 'olsWindow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'zScoreWindow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'corrWindow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'hedgeRatio' } },
          { kind: 'Field', name: { kind: 'Name', value: 'intercept' } },
          { kind: 'Field', name: { kind: 'Name', value: 'spread' } },
          { kind: 'Field', name: { kind: 'Name', value: 'spreadMean' } },
          { kind: 'Field', name: { kind: 'Name', value: 'zScore' } },
          { kind: 'Field', name: { kind: 'Name', value: 'correlation' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kalmanHedgeRatio' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kalmanIntercept' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kalmanZScore' } },
          { kind: 'Field', name: { kind: 'Name', value: 'halfLife' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'adf' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'statistic' } },
                { kind: 'Field', name: { kind: 'Name', value: 'pValue' } },
                { kind: 'Field', name: { kind: 'Name', value: 'isStationary' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'nullReasons' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'figure' } },
                { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<PairAnalyticsHistoryQuery, PairAnalyticsHistoryQueryVariables>;
export const PairAnalyticsUpdatesDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'subscription',
      name: { kind: 'Name', value: 'PairAnalyticsUpdates' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'symbolX' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'symbolY' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'interval' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'pairAnalytics' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'symbolX' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'symbolX' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'symbolY' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'symbolY' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'interval' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'interval' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'PairAnalyticsFields' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'PairAnalyticsFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'PairAnalytics' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'pair' } },
          { kind: 'Field', name: { kind: 'Name', value: 'symbolX' } },
          { kind: 'Field', name: { kind: 'Name', value: 'symbolY' } },
          { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
          { kind: 'Field', name: { kind: 'Name', value: 'time' } },
          { kind: 'Field', name: { kind: 'Name', value: 'priceX' } },
          { kind: 'Field', name: { kind: 'Name', value: 'priceY' } },
          { kind: 'Field', name: { kind: 'Name', value: 'olsWindow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'zScoreWindow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'corrWindow' } },
          { kind: 'Field', name: { kind: 'Name', value: 'hedgeRatio' } },
          { kind: 'Field', name: { kind: 'Name', value: 'intercept' } },
          { kind: 'Field', name: { kind: 'Name', value: 'spread' } },
          { kind: 'Field', name: { kind: 'Name', value: 'spreadMean' } },
          { kind: 'Field', name: { kind: 'Name', value: 'zScore' } },
          { kind: 'Field', name: { kind: 'Name', value: 'correlation' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kalmanHedgeRatio' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kalmanIntercept' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kalmanZScore' } },
          { kind: 'Field', name: { kind: 'Name', value: 'halfLife' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'adf' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'statistic' } },
                { kind: 'Field', name: { kind: 'Name', value: 'pValue' } },
                { kind: 'Field', name: { kind: 'Name', value: 'isStationary' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'nullReasons' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'figure' } },
                { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<
  PairAnalyticsUpdatesSubscription,
  PairAnalyticsUpdatesSubscriptionVariables
>;
export const CorrelationMatrixDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'CorrelationMatrix' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'symbols' } },
          type: {
            kind: 'NonNullType',
            type: {
              kind: 'ListType',
              type: {
                kind: 'NonNullType',
                type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
              },
            },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'interval' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'window' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'method' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'CorrelationMethod' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'correlationMatrix' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'symbols' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'symbols' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'interval' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'interval' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'window' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'window' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'method' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'method' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'symbols' } },
                { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
                { kind: 'Field', name: { kind: 'Name', value: 'window' } },
                { kind: 'Field', name: { kind: 'Name', value: 'method' } },
                { kind: 'Field', name: { kind: 'Name', value: 'observations' } },
                { kind: 'Field', name: { kind: 'Name', value: 'values' } },
                { kind: 'Field', name: { kind: 'Name', value: 'time' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<CorrelationMatrixQuery, CorrelationMatrixQueryVariables>;
export const RecentAlertsDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'RecentAlerts' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'pair' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'last' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'alerts' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'pair' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'pair' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'last' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'last' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'edges' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'node' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            {
                              kind: 'FragmentSpread',
                              name: { kind: 'Name', value: 'AlertFields' },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'AlertFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Alert' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kind' } },
          { kind: 'Field', name: { kind: 'Name', value: 'pair' } },
          { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
          { kind: 'Field', name: { kind: 'Name', value: 'time' } },
          { kind: 'Field', name: { kind: 'Name', value: 'value' } },
          { kind: 'Field', name: { kind: 'Name', value: 'threshold' } },
          { kind: 'Field', name: { kind: 'Name', value: 'message' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<RecentAlertsQuery, RecentAlertsQueryVariables>;
export const AlertUpdatesDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'subscription',
      name: { kind: 'Name', value: 'AlertUpdates' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'pair' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'alerts' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'pair' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'pair' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'AlertFields' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'AlertFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Alert' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kind' } },
          { kind: 'Field', name: { kind: 'Name', value: 'pair' } },
          { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
          { kind: 'Field', name: { kind: 'Name', value: 'time' } },
          { kind: 'Field', name: { kind: 'Name', value: 'value' } },
          { kind: 'Field', name: { kind: 'Name', value: 'threshold' } },
          { kind: 'Field', name: { kind: 'Name', value: 'message' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<AlertUpdatesSubscription, AlertUpdatesSubscriptionVariables>;
export const IngestStatusUpdatesDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'subscription',
      name: { kind: 'Name', value: 'IngestStatusUpdates' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'everyMs' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'ingestStatus' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'everyMs' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'everyMs' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'available' } },
                { kind: 'Field', name: { kind: 'Name', value: 'state' } },
                { kind: 'Field', name: { kind: 'Name', value: 'source' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'history' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'state' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'percent' } },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'series' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'symbol' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'series' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'percent' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'state' } },
                          ],
                        },
                      },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'connections' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'state' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'reconnects' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'lastMessageAt' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'symbols' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'symbol' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'ratePerSecond' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'received' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'lastTradeTime' } },
                    ],
                  },
                },
                { kind: 'Field', name: { kind: 'Name', value: 'time' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<
  IngestStatusUpdatesSubscription,
  IngestStatusUpdatesSubscriptionVariables
>;
export const BacktestDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'Backtest' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'BacktestInput' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'after' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'backtest' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'input' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'pair' } },
                { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
                { kind: 'Field', name: { kind: 'Name', value: 'from' } },
                { kind: 'Field', name: { kind: 'Name', value: 'to' } },
                { kind: 'Field', name: { kind: 'Name', value: 'bars' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'params' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'fill' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'hedge' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'entry' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'exit' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'stop' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'maxBars' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'capital' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'feeBps' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'slippageBps' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'window' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'zWindow' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'metrics' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'totalPnl' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'totalReturn' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'sharpe' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'barsPerYear' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'maxDrawdown' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'maxDrawdownAbs' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'tradeCount' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'hitRate' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'avgBarsHeld' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'exposure' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'turnover' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'feesPaid' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'bars' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'trades' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'side' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'beta' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'entrySignalIndex' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'entryIndex' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'entryTime' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'exitSignalIndex' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'exitIndex' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'exitTime' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'fees' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'pnl' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'barsHeld' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'equity' },
                  arguments: [
                    {
                      kind: 'Argument',
                      name: { kind: 'Name', value: 'first' },
                      value: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
                    },
                    {
                      kind: 'Argument',
                      name: { kind: 'Name', value: 'after' },
                      value: { kind: 'Variable', name: { kind: 'Name', value: 'after' } },
                    },
                  ],
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'totalCount' } },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'pageInfo' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'hasNextPage' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'endCursor' } },
                          ],
                        },
                      },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'edges' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'node' },
                              selectionSet: {
                                kind: 'SelectionSet',
                                selections: [
                                  { kind: 'Field', name: { kind: 'Name', value: 'index' } },
                                  { kind: 'Field', name: { kind: 'Name', value: 'time' } },
                                  { kind: 'Field', name: { kind: 'Name', value: 'equity' } },
                                  { kind: 'Field', name: { kind: 'Name', value: 'position' } },
                                  { kind: 'Field', name: { kind: 'Name', value: 'drawdown' } },
                                ],
                              },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BacktestQuery, BacktestQueryVariables>;
export const BacktestSweepDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'BacktestSweep' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'BacktestSweepInput' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'backtestSweep' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'input' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'pair' } },
                { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
                { kind: 'Field', name: { kind: 'Name', value: 'bars' } },
                { kind: 'Field', name: { kind: 'Name', value: 'metric' } },
                { kind: 'Field', name: { kind: 'Name', value: 'entries' } },
                { kind: 'Field', name: { kind: 'Name', value: 'exits' } },
                { kind: 'Field', name: { kind: 'Name', value: 'windows' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'cells' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'entry' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'exit' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'window' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'value' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'tradeCount' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'invalid' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BacktestSweepQuery, BacktestSweepQueryVariables>;
export const PaperSignalsDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'PaperSignals' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'pair' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'interval' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'last' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'signals' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'pair' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'pair' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'interval' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'interval' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'last' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'last' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'SignalFields' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'SignalFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Signal' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'pair' } },
          { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
          { kind: 'Field', name: { kind: 'Name', value: 'run' } },
          { kind: 'Field', name: { kind: 'Name', value: 'time' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kind' } },
          { kind: 'Field', name: { kind: 'Name', value: 'action' } },
          { kind: 'Field', name: { kind: 'Name', value: 'side' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
          { kind: 'Field', name: { kind: 'Name', value: 'signalTime' } },
          { kind: 'Field', name: { kind: 'Name', value: 'z' } },
          { kind: 'Field', name: { kind: 'Name', value: 'beta' } },
          { kind: 'Field', name: { kind: 'Name', value: 'priceY' } },
          { kind: 'Field', name: { kind: 'Name', value: 'priceX' } },
          { kind: 'Field', name: { kind: 'Name', value: 'qtyY' } },
          { kind: 'Field', name: { kind: 'Name', value: 'qtyX' } },
          { kind: 'Field', name: { kind: 'Name', value: 'fees' } },
          { kind: 'Field', name: { kind: 'Name', value: 'position' } },
          { kind: 'Field', name: { kind: 'Name', value: 'positionQtyY' } },
          { kind: 'Field', name: { kind: 'Name', value: 'positionQtyX' } },
          { kind: 'Field', name: { kind: 'Name', value: 'entryTime' } },
          { kind: 'Field', name: { kind: 'Name', value: 'barsHeld' } },
          { kind: 'Field', name: { kind: 'Name', value: 'pnl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'realized' } },
          { kind: 'Field', name: { kind: 'Name', value: 'equity' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<PaperSignalsQuery, PaperSignalsQueryVariables>;
export const PaperSignalUpdatesDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'subscription',
      name: { kind: 'Name', value: 'PaperSignalUpdates' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'pair' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'signals' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'pair' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'pair' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'SignalFields' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'SignalFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Signal' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'pair' } },
          { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
          { kind: 'Field', name: { kind: 'Name', value: 'run' } },
          { kind: 'Field', name: { kind: 'Name', value: 'time' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kind' } },
          { kind: 'Field', name: { kind: 'Name', value: 'action' } },
          { kind: 'Field', name: { kind: 'Name', value: 'side' } },
          { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
          { kind: 'Field', name: { kind: 'Name', value: 'signalTime' } },
          { kind: 'Field', name: { kind: 'Name', value: 'z' } },
          { kind: 'Field', name: { kind: 'Name', value: 'beta' } },
          { kind: 'Field', name: { kind: 'Name', value: 'priceY' } },
          { kind: 'Field', name: { kind: 'Name', value: 'priceX' } },
          { kind: 'Field', name: { kind: 'Name', value: 'qtyY' } },
          { kind: 'Field', name: { kind: 'Name', value: 'qtyX' } },
          { kind: 'Field', name: { kind: 'Name', value: 'fees' } },
          { kind: 'Field', name: { kind: 'Name', value: 'position' } },
          { kind: 'Field', name: { kind: 'Name', value: 'positionQtyY' } },
          { kind: 'Field', name: { kind: 'Name', value: 'positionQtyX' } },
          { kind: 'Field', name: { kind: 'Name', value: 'entryTime' } },
          { kind: 'Field', name: { kind: 'Name', value: 'barsHeld' } },
          { kind: 'Field', name: { kind: 'Name', value: 'pnl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'realized' } },
          { kind: 'Field', name: { kind: 'Name', value: 'equity' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<
  PaperSignalUpdatesSubscription,
  PaperSignalUpdatesSubscriptionVariables
>;
export const PairScreenDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'PairScreen' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'orderBy' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'PairScreenOrder' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'descending' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Boolean' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'top' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'filters' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'PairScreenFilters' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'points' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'pairScreen' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'orderBy' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'orderBy' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'descending' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'descending' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'top' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'top' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'filters' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'filters' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                {
                  kind: 'FragmentSpread',
                  name: { kind: 'Name', value: 'PairScreenRankingFields' },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ScreenedPairFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ScreenedPair' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'rank' } },
          { kind: 'Field', name: { kind: 'Name', value: 'pair' } },
          { kind: 'Field', name: { kind: 'Name', value: 'symbolX' } },
          { kind: 'Field', name: { kind: 'Name', value: 'symbolY' } },
          { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
          { kind: 'Field', name: { kind: 'Name', value: 'window' } },
          { kind: 'Field', name: { kind: 'Name', value: 'time' } },
          { kind: 'Field', name: { kind: 'Name', value: 'hedgeRatio' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kalmanHedgeRatio' } },
          { kind: 'Field', name: { kind: 'Name', value: 'correlation' } },
          { kind: 'Field', name: { kind: 'Name', value: 'returnCorrelation' } },
          { kind: 'Field', name: { kind: 'Name', value: 'cointPValue' } },
          { kind: 'Field', name: { kind: 'Name', value: 'cointPValueReverse' } },
          { kind: 'Field', name: { kind: 'Name', value: 'pValue' } },
          { kind: 'Field', name: { kind: 'Name', value: 'adfPValue' } },
          { kind: 'Field', name: { kind: 'Name', value: 'halfLife' } },
          { kind: 'Field', name: { kind: 'Name', value: 'hurst' } },
          { kind: 'Field', name: { kind: 'Name', value: 'zScore' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'zScoreHistory' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'points' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'points' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'time' } },
                { kind: 'Field', name: { kind: 'Name', value: 'zScore' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'PairScreenRankingFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'PairScreenRanking' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
          { kind: 'Field', name: { kind: 'Name', value: 'window' } },
          { kind: 'Field', name: { kind: 'Name', value: 'orderBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'descending' } },
          { kind: 'Field', name: { kind: 'Name', value: 'time' } },
          { kind: 'Field', name: { kind: 'Name', value: 'pairs' } },
          { kind: 'Field', name: { kind: 'Name', value: 'total' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'rows' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'ScreenedPairFields' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<PairScreenQuery, PairScreenQueryVariables>;
export const PairScreenUpdatesDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'subscription',
      name: { kind: 'Name', value: 'PairScreenUpdates' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'orderBy' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'PairScreenOrder' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'descending' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Boolean' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'top' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'filters' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'PairScreenFilters' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'points' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'everyMs' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'pairScreen' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'orderBy' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'orderBy' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'descending' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'descending' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'top' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'top' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'filters' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'filters' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'everyMs' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'everyMs' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                {
                  kind: 'FragmentSpread',
                  name: { kind: 'Name', value: 'PairScreenRankingFields' },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ScreenedPairFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ScreenedPair' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'rank' } },
          { kind: 'Field', name: { kind: 'Name', value: 'pair' } },
          { kind: 'Field', name: { kind: 'Name', value: 'symbolX' } },
          { kind: 'Field', name: { kind: 'Name', value: 'symbolY' } },
          { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
          { kind: 'Field', name: { kind: 'Name', value: 'window' } },
          { kind: 'Field', name: { kind: 'Name', value: 'time' } },
          { kind: 'Field', name: { kind: 'Name', value: 'hedgeRatio' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kalmanHedgeRatio' } },
          { kind: 'Field', name: { kind: 'Name', value: 'correlation' } },
          { kind: 'Field', name: { kind: 'Name', value: 'returnCorrelation' } },
          { kind: 'Field', name: { kind: 'Name', value: 'cointPValue' } },
          { kind: 'Field', name: { kind: 'Name', value: 'cointPValueReverse' } },
          { kind: 'Field', name: { kind: 'Name', value: 'pValue' } },
          { kind: 'Field', name: { kind: 'Name', value: 'adfPValue' } },
          { kind: 'Field', name: { kind: 'Name', value: 'halfLife' } },
          { kind: 'Field', name: { kind: 'Name', value: 'hurst' } },
          { kind: 'Field', name: { kind: 'Name', value: 'zScore' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'zScoreHistory' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'points' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'points' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'time' } },
                { kind: 'Field', name: { kind: 'Name', value: 'zScore' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'PairScreenRankingFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'PairScreenRanking' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
          { kind: 'Field', name: { kind: 'Name', value: 'window' } },
          { kind: 'Field', name: { kind: 'Name', value: 'orderBy' } },
          { kind: 'Field', name: { kind: 'Name', value: 'descending' } },
          { kind: 'Field', name: { kind: 'Name', value: 'time' } },
          { kind: 'Field', name: { kind: 'Name', value: 'pairs' } },
          { kind: 'Field', name: { kind: 'Name', value: 'total' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'rows' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'ScreenedPairFields' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<PairScreenUpdatesSubscription, PairScreenUpdatesSubscriptionVariables>;
export const PairScreenUniverseDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'PairScreenUniverse' },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'pairScreen' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'top' },
                value: { kind: 'IntValue', value: '10000' },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'orderBy' },
                value: { kind: 'EnumValue', value: 'PAIR' },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'interval' } },
                { kind: 'Field', name: { kind: 'Name', value: 'window' } },
                { kind: 'Field', name: { kind: 'Name', value: 'symbols' } },
                { kind: 'Field', name: { kind: 'Name', value: 'pairs' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'rows' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'pair' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'symbolX' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'symbolY' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'correlation' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'pValue' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<PairScreenUniverseQuery, PairScreenUniverseQueryVariables>;
