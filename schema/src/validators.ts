import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import {
  AlertSchema,
  CandleSchema,
  DeadLetterSchema,
  HistoryProgressSchema,
  PairAnalyticsSchema,
  PairBarSchema,
  PairConfigSchema,
  SignalSchema,
  PairScreenSchema,
  SymbolStatsSchema,
  TradeGapSchema,
  TradeSchema,
} from './events';

/** Raw input failed its contract; `problems` lists each failing path, for dead-letter reasons. */
export class SchemaValidationError extends Error {
  readonly code = 'SCHEMA_VIOLATION';
  constructor(
    readonly schemaId: string,
    readonly problems: readonly string[],
  ) {
    super(`not a valid ${schemaId}: ${problems.join('; ')}`);
    this.name = 'SchemaValidationError';
  }
}

export interface Validator<T> {
  readonly schemaId: string;
  is(value: unknown): value is T;
  /** Returns the value typed, or throws SchemaValidationError naming every problem (max 10). */
  assert(value: unknown): T;
}

export function compileValidator<S extends TSchema>(schema: S): Validator<Static<S>> {
  const compiled = TypeCompiler.Compile(schema);
  const schemaId = schema.$id ?? 'value';
  return {
    schemaId,
    is: (value: unknown): value is Static<S> => compiled.Check(value),
    assert(value: unknown): Static<S> {
      if (compiled.Check(value)) return value;
      const problems: string[] = [];
      for (const error of compiled.Errors(value)) {
        problems.push(`${error.path || '/'} ${error.message}`);
        if (problems.length >= 10) break;
      }
      throw new SchemaValidationError(schemaId, problems);
    },
  };
}

export const validateTrade = compileValidator(TradeSchema);
export const validateCandle = compileValidator(CandleSchema);
export const validatePairAnalytics = compileValidator(PairAnalyticsSchema);
export const validateAlert = compileValidator(AlertSchema);
export const validateDeadLetter = compileValidator(DeadLetterSchema);
export const validateTradeGap = compileValidator(TradeGapSchema);
export const validateHistoryProgress = compileValidator(HistoryProgressSchema);
export const validateSymbolStats = compileValidator(SymbolStatsSchema);
export const validatePairBar = compileValidator(PairBarSchema);
export const validatePairConfig = compileValidator(PairConfigSchema);
export const validateSignal = compileValidator(SignalSchema);
export const validatePairScreen = compileValidator(PairScreenSchema);
