import {
  pairConfigOf,
  publishPairConfig,
  sameSpec,
  specOfConfig,
  type PairRegistry,
} from '@tickstream/core';
import {
  pairId,
  pairName,
  SchemaValidationError,
  validatePairConfig,
  type PairSpec,
} from '@tickstream/schema';
import { ApiError } from '../errors';
import type { PairInfo, PairSettings } from '../generated/graphql';
import { parseInterval, parseSymbol } from './args';
import type { Catalog } from './catalog';
import type { OperationsDeps } from './context';

/** How long a mutation waits to read its own change back from md.pair-config.v1. */
const READ_BACK_TIMEOUT_MS = 15_000;

export interface PairInput {
  readonly symbolX: unknown;
  readonly symbolY: unknown;
  readonly interval?: unknown;
  readonly olsWindow?: unknown;
  readonly zScoreWindow?: unknown;
  readonly corrWindow?: unknown;
  readonly testEvery?: unknown;
  readonly zScoreEntry?: unknown;
  readonly zScoreExit?: unknown;
  readonly correlationBreak?: unknown;
  readonly adfPValueLevel?: unknown;
  readonly adfPValueExit?: unknown;
  readonly adfDwellBars?: unknown;
  readonly correlationRestore?: unknown;
  readonly correlationDwellBars?: unknown;
}

const SETTING_NAMES = [
  'olsWindow',
  'zScoreWindow',
  'corrWindow',
  'testEvery',
  'zScoreEntry',
  'zScoreExit',
  'correlationBreak',
  'adfPValueLevel',
  'adfPValueExit',
  'adfDwellBars',
  'correlationRestore',
  'correlationDwellBars',
] as const;

export const settingsOf = (spec: PairSpec): PairSettings => ({
  interval: spec.interval,
  olsWindow: spec.olsWindow,
  zScoreWindow: spec.zScoreWindow,
  corrWindow: spec.corrWindow,
  testEvery: spec.testEvery,
  zScoreEntry: spec.zScoreEntry,
  zScoreExit: spec.zScoreExit,
  correlationBreak: spec.correlationBreak,
  adfPValueLevel: spec.adfPValueLevel,
  adfPValueExit: spec.adfPValueExit,
  adfDwellBars: spec.adfDwellBars,
  correlationRestore: spec.correlationRestore,
  correlationDwellBars: spec.correlationDwellBars,
});

/** A leave level inside its enter band would flip an alert state back and forth on one figure. */
function checkLeaveLevels(spec: PairSpec): void {
  if (spec.adfPValueExit < spec.adfPValueLevel) {
    throw new ApiError(
      'BAD_USER_INPUT',
      `adfPValueExit (${spec.adfPValueExit}) must be at least adfPValueLevel (${spec.adfPValueLevel})`,
      { argument: 'adfPValueExit' },
    );
  }
  if (spec.correlationRestore < spec.correlationBreak) {
    throw new ApiError(
      'BAD_USER_INPUT',
      `correlationRestore (${spec.correlationRestore}) must be at least correlationBreak (${spec.correlationBreak})`,
      { argument: 'correlationRestore' },
    );
  }
}

/** Pair infos of the registry's pairs, one per pair with the settings of each interval. */
export function pairInfos(specs: readonly PairSpec[]): PairInfo[] {
  const byPair = new Map<string, PairInfo>();
  for (const spec of specs) {
    const pair = pairName(spec);
    const known = byPair.get(pair);
    const analysed = [...(known?.analysed ?? []), settingsOf(spec)].sort((a, b) =>
      a.interval.localeCompare(b.interval),
    );
    byPair.set(pair, {
      pair,
      symbolX: spec.symbolX,
      symbolY: spec.symbolY,
      intervals: analysed.map((s) => s.interval),
      analysed,
    });
  }
  return [...byPair.values()];
}

/**
 * addPair / removePair: validated here, published to md.pair-config.v1, and returned once
 * this instance's registry has read the change back (so a `pairs` query right after sees it).
 */
export function createPairAdmin(
  deps: OperationsDeps,
  catalog: Catalog,
  registry: PairRegistry,
  /** The `pairs` query: analysed pairs and pairs with stored analytics. */
  listPairs: () => Promise<PairInfo[]>,
) {
  const infoOf = async (legs: { symbolX: string; symbolY: string }): Promise<PairInfo> => {
    const name = pairName(legs);
    return (
      (await listPairs()).find((p) => p.pair === name) ?? {
        pair: name,
        symbolX: legs.symbolX,
        symbolY: legs.symbolY,
        intervals: [],
        analysed: [],
      }
    );
  };

  const readBack = async (id: string, done: (spec: PairSpec | undefined) => boolean) => {
    const deadline = Date.now() + READ_BACK_TIMEOUT_MS;
    while (!done(registry.get(id))) {
      if (Date.now() > deadline) {
        throw new ApiError(
          'STORAGE_UNAVAILABLE',
          `the change to ${id} was published but not read back within ${READ_BACK_TIMEOUT_MS / 1000} s; check the event log, then ask again`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const legsOf = async (input: PairInput) => {
    const symbolX = parseSymbol(input.symbolX, 'symbolX');
    const symbolY = parseSymbol(input.symbolY, 'symbolY');
    if (symbolX === symbolY) {
      throw new ApiError('BAD_USER_INPUT', 'symbolX and symbolY must differ', {
        argument: 'symbolY',
      });
    }
    const interval = parseInterval(input.interval ?? '1m');
    return { symbolX, symbolY, interval };
  };

  return {
    async addPair(input: PairInput): Promise<PairInfo> {
      const legs = await legsOf(input);
      if (!deps.settings.candleIntervals.includes(legs.interval)) {
        throw new ApiError(
          'INTERVAL_NOT_LIVE',
          `pairs are analysed on materialized bars: interval ${legs.interval} is not one of CANDLE_INTERVALS (${deps.settings.candleIntervals.join(', ')})`,
          { argument: 'interval' },
        );
      }
      for (const [symbol, argument] of [
        [legs.symbolX, 'symbolX'],
        [legs.symbolY, 'symbolY'],
      ] as const) {
        const entry = await catalog.resolve(symbol).catch(() => undefined);
        if (!entry?.intervals.includes(legs.interval)) {
          throw new ApiError(
            'UNKNOWN_SYMBOL',
            `no ${legs.interval} bars stored for ${symbol}: ingest it first (SYMBOLS), then add the pair`,
            { argument, symbol },
          );
        }
      }
      const current = registry.get(pairId(legs));
      const settings: Record<string, unknown> = {};
      for (const name of SETTING_NAMES) {
        const given = input[name];
        settings[name] =
          given === undefined || given === null
            ? (current?.[name] ?? deps.settings.pairDefaults[name])
            : given;
      }
      const candidate = pairConfigOf(
        { ...legs, ...(settings as Omit<PairSpec, 'symbolX' | 'symbolY' | 'interval'>) },
        true,
        Date.now(),
        'api',
      );
      let config;
      try {
        config = validatePairConfig.assert(candidate);
      } catch (error) {
        if (!(error instanceof SchemaValidationError)) throw error;
        throw new ApiError('BAD_USER_INPUT', `invalid pair settings: ${error.problems.join('; ')}`);
      }
      if (config.zScoreExit >= config.zScoreEntry) {
        throw new ApiError(
          'BAD_USER_INPUT',
          `zScoreExit (${config.zScoreExit}) must be below zScoreEntry (${config.zScoreEntry})`,
          { argument: 'zScoreExit' },
        );
      }
      const id = config.pairId;
      const spec = specOfConfig(config);
      checkLeaveLevels(spec);
      if (!current || !sameSpec(current, spec)) {
        await publishPairConfig(deps.eventLog, config);
        await readBack(id, (now) => now !== undefined && sameSpec(now, spec));
        deps.logger.info({ pair: id }, 'pair added through the API');
      }
      return infoOf(spec);
    },

    async removePair(input: PairInput): Promise<PairInfo | null> {
      const legs = await legsOf(input);
      const id = pairId(legs);
      const current = registry.get(id);
      if (!current) return null;
      await publishPairConfig(deps.eventLog, pairConfigOf(current, false, Date.now(), 'api'));
      await readBack(id, (now) => now === undefined);
      deps.logger.info({ pair: id }, 'pair removed through the API');
      return infoOf(legs);
    },
  };
}
