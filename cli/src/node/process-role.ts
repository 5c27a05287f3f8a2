import { parseStatsWindow, type StatsWindow } from '@tickstream/analytics';
import { ConfigError, pairDefaultsFromConfig, type Config } from '@tickstream/core';
import { parsePairSpec, type PairSpec } from '@tickstream/schema';
import type { PipelineOptions } from '@tickstream/stream-processors';

/** What the process role needs besides the storage, logger and metrics the node gives it. */
export type ProcessRoleOptions = Omit<
  PipelineOptions,
  'eventLog' | 'clickhouse' | 'logger' | 'metrics'
>;

function invalid(problem: string): ConfigError {
  return new ConfigError(`Invalid configuration:\n  - ${problem}`, [problem]);
}

function statsWindows(config: Config): StatsWindow[] {
  return config.statsWindows.map((text) => {
    const window = parseStatsWindow(text, config.candleIntervals);
    if (!window) {
      throw invalid(
        `STATS_WINDOWS entry "${text}" needs at least 2 bars of an interval in CANDLE_INTERVALS (${config.candleIntervals.join(',')})`,
      );
    }
    return window;
  });
}

function pairSpecs(config: Config): PairSpec[] {
  const defaults = pairDefaultsFromConfig(config);
  return config.pairs.map((text) => {
    const spec = parsePairSpec(text, defaults);
    if (!spec || !config.candleIntervals.includes(spec.interval)) {
      throw invalid(
        `PAIRS entry "${text}" must be Y/X@interval with two different symbols and an interval in CANDLE_INTERVALS (${config.candleIntervals.join(',')})`,
      );
    }
    return spec;
  });
}

/** The processors' settings from the validated configuration (cross-checked here). */
export function pipelineSettings(config: Config): ProcessRoleOptions {
  return {
    intervals: config.candleIntervals,
    statsWindows: statsWindows(config),
    pairs: pairSpecs(config),
    allowedLatenessMs: config.candleAllowedLatenessMs,
    maxLatenessMs: config.candleMaxLatenessMs,
    flushIntervalMs: config.processorFlushIntervalMs,
    lagDegraded: {
      records: config.processorLagDegradedRecords,
      forMs: config.processorLagDegradedMs,
    },
  };
}
