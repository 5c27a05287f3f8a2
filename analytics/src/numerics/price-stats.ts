import {
  allPositive,
  centredSumOfSquares,
  isAllFinite,
  logReturns,
  mean,
  minMax,
} from './descriptive';
import { absent, present, type Maybe, type NullReason, type Reasons } from './result';

type NullableStat =
  | 'stdDdof1'
  | 'changePct'
  | 'simpleReturnMean'
  | 'simpleReturnStdDdof1'
  | 'logReturnMean'
  | 'logReturnStdDdof1'
  | 'logReturnStdDdof0';

/** Statistics of one price series; returns are per sample, not annualised. */
export interface PriceStats {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (ddof 1); exactly 0 for a constant series. */
  readonly stdDdof1: number | null;
  readonly min: number;
  readonly max: number;
  readonly first: number;
  readonly last: number;
  /** = last: the price now. */
  readonly current: number;
  /** 100·(last/first − 1). */
  readonly changePct: number | null;
  /** Mean and ddof-1 std of p_t/p_{t−1} − 1. */
  readonly simpleReturnMean: number | null;
  readonly simpleReturnStdDdof1: number | null;
  /** Mean and std of ln p_t − ln p_{t−1}. */
  readonly logReturnMean: number | null;
  readonly logReturnStdDdof1: number | null;
  readonly logReturnStdDdof0: number | null;
  readonly reasons: Reasons<NullableStat>;
}

function std(values: ArrayLike<number>, ddof: number): number {
  return Math.sqrt(centredSumOfSquares(values, mean(values)) / (values.length - ddof));
}

/** Price statistics over a whole series (two-pass). Null for empty or non-finite input. */
export function priceStats(prices: ArrayLike<number>): Maybe<PriceStats> {
  const n = prices.length;
  if (n === 0) return absent('too-few-observations', 'no prices');
  if (!isAllFinite(prices)) return absent('non-finite-input', 'prices hold NaN or ±Infinity');
  const reasons: Partial<Record<NullableStat, NullReason>> = {};
  const { min, max } = minMax(prices);
  const first = prices[0] as number;
  const last = prices[n - 1] as number;
  let stdDdof1: number | null = null;
  if (n >= 2) stdDdof1 = std(prices, 1);
  else reasons.stdDdof1 = 'too-few-observations';
  let changePct: number | null = null;
  if (first > 0) changePct = (last / first - 1) * 100;
  else reasons.changePct = 'non-positive-price';

  let simpleReturnMean: number | null = null;
  let simpleReturnStdDdof1: number | null = null;
  let logReturnMean: number | null = null;
  let logReturnStdDdof1: number | null = null;
  let logReturnStdDdof0: number | null = null;
  const returns = n - 1;
  if (!allPositive(prices)) {
    for (const k of [
      'simpleReturnMean',
      'simpleReturnStdDdof1',
      'logReturnMean',
      'logReturnStdDdof1',
      'logReturnStdDdof0',
    ] as const) {
      reasons[k] = 'non-positive-price';
    }
  } else {
    const simple = new Float64Array(Math.max(returns, 0));
    for (let i = 0; i < returns; i++)
      simple[i] = (prices[i + 1] as number) / (prices[i] as number) - 1;
    const logs = logReturns(prices);
    if (returns >= 1) {
      simpleReturnMean = mean(simple);
      logReturnMean = mean(logs);
      logReturnStdDdof0 = std(logs, 0);
    } else {
      reasons.simpleReturnMean = 'too-few-observations';
      reasons.logReturnMean = 'too-few-observations';
      reasons.logReturnStdDdof0 = 'too-few-observations';
    }
    if (returns >= 2) {
      simpleReturnStdDdof1 = std(simple, 1);
      logReturnStdDdof1 = std(logs, 1);
    } else {
      reasons.simpleReturnStdDdof1 = 'too-few-observations';
      reasons.logReturnStdDdof1 = 'too-few-observations';
    }
  }
  return present({
    n,
    mean: mean(prices),
    stdDdof1,
    min,
    max,
    first,
    last,
    current: last,
    changePct,
    simpleReturnMean,
    simpleReturnStdDdof1,
    logReturnMean,
    logReturnStdDdof1,
    logReturnStdDdof0,
    reasons,
  });
}
