import { ApiError } from '../errors';
import type { CorrelationMatrix, CorrelationMethod } from '../generated/graphql';
import { parseCount, parseInterval, parseSymbol } from './args';
import type { CandlesOperations } from './candles';
import { runPairEngine } from './pair-analysis';

export const MAX_MATRIX_SYMBOLS = 20;

export interface CorrelationArgs {
  readonly symbols: unknown;
  readonly interval: unknown;
  readonly window: unknown;
  readonly method: unknown;
}

/**
 * Pairwise correlations over each pair's own aligned bars (as-of joined, like the pair
 * processor), using the processor's rolling engine with a correlation window of `window`
 * (capped at the bars the pair has). The tests the engine could run are skipped.
 */
export async function correlationMatrix(
  candles: CandlesOperations,
  args: CorrelationArgs,
  bypassCache = false,
): Promise<CorrelationMatrix> {
  if (!Array.isArray(args.symbols) || args.symbols.length < 2) {
    throw new ApiError('BAD_USER_INPUT', 'symbols must list at least 2 symbols', {
      argument: 'symbols',
    });
  }
  if (args.symbols.length > MAX_MATRIX_SYMBOLS) {
    throw new ApiError('LIMIT_OUT_OF_RANGE', `symbols may list at most ${MAX_MATRIX_SYMBOLS}`, {
      argument: 'symbols',
    });
  }
  const symbols = args.symbols.map((s: unknown) => parseSymbol(s, 'symbols'));
  if (new Set(symbols).size !== symbols.length) {
    throw new ApiError('BAD_USER_INPUT', 'symbols must not repeat', { argument: 'symbols' });
  }
  const interval = parseInterval(args.interval);
  const window = parseCount(args.window, 'window', { min: 3, max: 5_000 });
  const method: CorrelationMethod = args.method === 'LOG_RETURNS' ? 'LOG_RETURNS' : 'PRICES';
  const legs = await Promise.all(
    symbols.map((symbol) =>
      candles.candles({ symbol, interval, last: window + 1 }, { finalOnly: true, bypassCache }),
    ),
  );
  const values: (number | null)[][] = symbols.map((_, i) =>
    symbols.map((__, j) => (i === j ? 1 : null)),
  );
  let observations = Number.POSITIVE_INFINITY;
  let time: number | null = null;
  for (let i = 0; i < symbols.length; i++) {
    for (let j = i + 1; j < symbols.length; j++) {
      const legX = legs[i] ?? [];
      const legY = legs[j] ?? [];
      if (legX.length === 0 || legY.length === 0) {
        observations = 0;
        continue;
      }
      const { aligned, rows } = runPairEngine(
        symbols[i] as string,
        symbols[j] as string,
        interval,
        method === 'PRICES' ? legX.slice(-window) : legX,
        method === 'PRICES' ? legY.slice(-window) : legY,
        {
          ols: 3,
          zScore: 2,
          corr: window,
          corrOffset: method === 'PRICES' ? 0 : 1,
          testEvery: Number.MAX_SAFE_INTEGER,
        },
      );
      const last = rows[rows.length - 1];
      const value = last ? (method === 'PRICES' ? last.correlation : last.returnCorrelation) : null;
      (values[i] as (number | null)[])[j] = value;
      (values[j] as (number | null)[])[i] = value;
      observations = Math.min(observations, aligned);
      if (last && (time === null || last.time > time)) time = last.time;
    }
  }
  return {
    symbols,
    interval,
    window,
    method,
    observations: Number.isFinite(observations) ? observations : 0,
    values,
    time,
  };
}
