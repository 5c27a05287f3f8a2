import {
  defineSection,
  integer,
  marketSettings,
  setting,
  type MARKET_SECTION,
  type SectionValues,
} from '@tickstream/schema';
import type { PipelineOptions } from './pipeline';

// The process role's own settings: how late trades may come, how often processors write, and
// when a lagging processor is degraded. What is computed (intervals, windows, pairs) is the
// market section, shared with the API.

export const PROCESS_SETTINGS = {
  candleAllowedLatenessMs: setting({
    env: 'CANDLE_ALLOWED_LATENESS_MS',
    flag: 'candle-allowed-lateness-ms',
    schema: integer(0, 3_600_000),
    default: 2_000,
    allowed: 'an integer number of milliseconds from 0 to 3600000',
    doc: 'The watermark trails the newest trade time by this much; a candle is final once the watermark passes its end.',
  }),
  candleMaxLatenessMs: setting({
    env: 'CANDLE_MAX_LATENESS_MS',
    flag: 'candle-max-lateness-ms',
    schema: integer(0, 86_400_000),
    default: 60_000,
    allowed: 'an integer number of milliseconds from 0 to 86400000, at least the allowed lateness',
    doc: 'A trade later than this behind the newest one goes to the dead-letter topic; up to it, it revises its candle.',
  }),
  processorFlushIntervalMs: setting({
    env: 'PROCESSOR_FLUSH_INTERVAL_MS',
    flag: 'processor-flush-interval-ms',
    schema: integer(10, 60_000),
    default: 250,
    allowed: 'an integer number of milliseconds from 10 to 60000',
    doc: 'How often processors write buffered output; also the throttle of partial candle updates.',
  }),
  processorLagDegradedRecords: setting({
    env: 'PROCESSOR_LAG_DEGRADED_RECORDS',
    flag: 'processor-lag-degraded-records',
    schema: integer(1, 1_000_000_000),
    default: 100_000,
    allowed: 'an integer number of records from 1 to 1000000000',
    doc: 'A processor whose input lag stays above this many records, without shrinking, for PROCESSOR_LAG_DEGRADED_MS is degraded in /health.',
  }),
  processorLagDegradedMs: setting({
    env: 'PROCESSOR_LAG_DEGRADED_MS',
    flag: 'processor-lag-degraded-ms',
    schema: integer(1_000, 3_600_000),
    default: 60_000,
    allowed: 'an integer number of milliseconds from 1000 to 3600000',
    doc: 'How long a lag above PROCESSOR_LAG_DEGRADED_RECORDS may go on without shrinking before the processor is degraded.',
  }),
} as const;

export const PROCESS_SECTION = defineSection({
  settings: PROCESS_SETTINGS,
  check: (values) =>
    values.candleMaxLatenessMs < values.candleAllowedLatenessMs
      ? [
          `CANDLE_MAX_LATENESS_MS = ${String(values.candleMaxLatenessMs)} is below CANDLE_ALLOWED_LATENESS_MS = ${String(values.candleAllowedLatenessMs)}: it must be at least as large`,
        ]
      : [],
});

export type ProcessSettings = SectionValues<typeof PROCESS_SECTION>;

/** The pipeline's options that come from the settings, not from the process it runs in. */
export type PipelineSettings = Pick<
  PipelineOptions,
  | 'intervals'
  | 'statsWindows'
  | 'pairs'
  | 'screener'
  | 'allowedLatenessMs'
  | 'maxLatenessMs'
  | 'flushIntervalMs'
  | 'lagDegraded'
>;

/** The pipeline's settings from the process and market sections' values (checked already). */
export function pipelineSettings(
  values: ProcessSettings & SectionValues<typeof MARKET_SECTION>,
): PipelineSettings {
  const market = marketSettings(values);
  return {
    intervals: market.intervals,
    statsWindows: market.statsWindows,
    pairs: market.pairs,
    screener: market.screener,
    allowedLatenessMs: values.candleAllowedLatenessMs,
    maxLatenessMs: values.candleMaxLatenessMs,
    flushIntervalMs: values.processorFlushIntervalMs,
    lagDegraded: {
      records: values.processorLagDegradedRecords,
      forMs: values.processorLagDegradedMs,
    },
  };
}
