import { Command, InvalidArgumentError } from 'commander';
import {
  ConfigError,
  createMetricsRegistry,
  startOpsServer,
  summarizeHealth,
  type Config,
} from '@tickstream/core';
import {
  buildPipeline,
  pairDefaultsFromConfig,
  parsePairSpec,
  parseStatsWindow,
  replayDerivedTables,
  type PairSpec,
  type PipelineOptions,
  type StatsWindow,
} from '@tickstream/stream-processors';
import { configFor, loggerFor } from '../context';
import { openStorage } from '../open-storage';
import { serveUntilStopped } from '../serve';

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
export function pipelineSettings(
  config: Config,
): Omit<PipelineOptions, 'eventLog' | 'clickhouse' | 'logger'> {
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

/** `earliest`, or an ISO-8601 time / epoch milliseconds. */
function parseFrom(value: string): 'earliest' | number {
  if (value === 'earliest') return value;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new InvalidArgumentError(
      'expected "earliest", an ISO-8601 time such as 2024-07-18T23:58:00Z, or epoch ms',
    );
  }
  return ms;
}

export function registerProcessCommands(program: Command): void {
  program
    .command('process')
    .description(
      'run the stream processors (trades sink, candles); start more processes to share the work as a consumer group',
    )
    .option('--until-caught-up', 'exit once every trade in the log so far is processed and written')
    .action(async (options: { untilCaughtUp?: boolean }, command: Command) => {
      const config = configFor(command);
      const logger = loggerFor(config, 'process');
      const storage = await openStorage(config, logger);
      const metrics = createMetricsRegistry({ role: 'process' });
      const pipeline = buildPipeline({
        eventLog: storage.eventLog,
        clickhouse: storage.clickhouse.client,
        logger,
        metrics,
        ...pipelineSettings(config),
      });
      await pipeline.start();
      const ops =
        config.opsPort > 0
          ? await startOpsServer({
              port: config.opsPort,
              registry: metrics,
              health: () => summarizeHealth(pipeline.health()),
            })
          : undefined;
      const components = [
        { name: 'stream processors', stop: () => pipeline.stop() },
        { name: 'ops server', stop: async () => ops?.close() },
        { name: 'event log and ClickHouse', stop: () => storage.close() },
      ];
      if (options.untilCaughtUp) {
        await pipeline.drained();
        logger.info({}, 'caught up with the log');
      }
      await serveUntilStopped({
        components,
        logger,
        config,
        ...(options.untilCaughtUp ? { ended: Promise.resolve() } : {}),
      });
    });

  program
    .command('replay')
    .description(
      'rebuild the derived tables (candles) from md.trades.v1; stop running processors first',
    )
    .option(
      '--from <time>',
      'earliest, or an ISO-8601 time / epoch ms (aligned down to the coarsest interval)',
      parseFrom,
      'earliest',
    )
    .action(async (options: { from: 'earliest' | number }, command: Command) => {
      const config = configFor(command);
      const logger = loggerFor(config, 'replay');
      const storage = await openStorage(config, logger);
      try {
        const result = await replayDerivedTables({
          eventLog: storage.eventLog,
          clickhouse: storage.clickhouse.client,
          logger,
          ...pipelineSettings(config),
          from: options.from,
        });
        logger.info(
          { from: result.fromMs === null ? 'earliest' : new Date(result.fromMs).toISOString() },
          'derived tables rebuilt',
        );
      } finally {
        await storage.close();
      }
    });
}
