import type { Logger } from '@tickstream/core';
import { syntheticSymbols } from '@tickstream/ingest';
import type {
  IngestOptions,
  IngestSettings,
  SourceSpec,
  SyntheticPreset,
} from '@tickstream/ingest';
import type { Interval } from '@tickstream/schema';

/** What the ingest role needs besides the event log, logger and metrics the node gives it. */
export type IngestRoleOptions = Omit<IngestOptions, 'eventLog' | 'logger' | 'metrics'>;

/** The source the ingest settings select: the exchange (or the mock), synthetic, or files. */
export function sourceFromConfig(config: IngestSettings, logger: Logger): SourceSpec {
  switch (config.ingestSource) {
    case 'synthetic':
      return {
        kind: 'synthetic',
        seed: config.ingestSyntheticSeed,
        symbols: syntheticSymbols(config.ingestSyntheticPreset),
        speed: config.ingestReplaySpeed,
        liveTimestamps: true,
        logger,
      };
    case 'replay':
      return {
        kind: 'replay',
        files: config.ingestReplayFiles,
        speed: config.ingestReplaySpeed,
        exchange: config.exchangeName,
        logger,
      };
    case 'binance':
      return {
        kind: 'binance',
        symbols: config.symbols,
        wsUrl: config.binanceWsUrl,
        streamPath: config.binanceStreamPath,
        restUrl: config.binanceRestUrl,
        stream: config.binanceStream,
        exchange: config.exchangeName,
        backfill: config.ingestBackfill,
        restWeightPerMinute: config.binanceRestWeightPerMinute,
        ...(config.binanceApiKey ? { apiKey: config.binanceApiKey } : {}),
        logger,
      };
  }
}

/**
 * A synthetic preset read live beside the configured source (the demo's planted market), its
 * past `prehistoryMs` before now emitted at once so windows of recent bars are full at the
 * start. Trade ids start after any an earlier run stamped (ids grow by the millisecond of the
 * start, far faster than the trades), so a restart over the same data overwrites nothing.
 */
export function liveSyntheticSource(
  config: IngestSettings,
  preset: SyntheticPreset,
  prehistoryMs: number,
  logger: Logger,
): SourceSpec {
  const idBase = Date.now() - prehistoryMs;
  return {
    kind: 'synthetic',
    seed: config.ingestSyntheticSeed,
    symbols: syntheticSymbols(preset).map((s) => ({
      ...s,
      firstTradeId: (s.firstTradeId ?? 1) + idBase,
    })),
    speed: 1,
    liveTimestamps: true,
    prehistoryMs,
    logger,
  };
}

/**
 * The ingest role's options from its section's values; `intervals` are the candles the
 * processors materialize (history fetches bars of those).
 */
export function ingestOptionsFromConfig(
  config: IngestSettings,
  logger: Logger,
  intervals: readonly Interval[],
): IngestRoleOptions {
  return {
    source: sourceFromConfig(config, logger),
    batch: { maxRecords: config.ingestBatchSize, lingerMs: config.ingestLingerMs },
    statusIntervalMs: config.ingestStatusIntervalMs,
    // Only the exchange has sequential ids to continue; files and the generator start over
    // (also a generator read beside the exchange, as in the demo).
    ...(config.ingestSource === 'binance'
      ? { resume: { lookbackMs: config.ingestResumeLookbackMs, exchange: config.exchangeName } }
      : {}),
    ...(config.ingestSource === 'binance' && config.historyLookback > 0
      ? {
          history: {
            lookbackMs: config.historyLookback,
            tradesLookbackMs: Math.min(config.historyTradesLookback, config.historyLookback),
            intervals,
          },
        }
      : {}),
    ...(config.ingestRecordPath ? { recordPath: config.ingestRecordPath } : {}),
  };
}
