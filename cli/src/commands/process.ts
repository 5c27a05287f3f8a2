import { Command, InvalidArgumentError } from 'commander';
import {
  ConfigError,
  createClickHouseFromConfig,
  createEventLog,
  prepareStorage,
  stopOnSignals,
  type Config,
  type Logger,
} from '@tickstream/core';
import {
  buildPipeline,
  replayDerivedTables,
  type PipelineOptions,
} from '@tickstream/stream-processors';
import { configFor, loggerFor } from '../context';

export function pipelineSettings(
  config: Config,
): Omit<PipelineOptions, 'eventLog' | 'clickhouse' | 'logger'> {
  return {
    intervals: config.candleIntervals,
    allowedLatenessMs: config.candleAllowedLatenessMs,
    maxLatenessMs: config.candleMaxLatenessMs,
    flushIntervalMs: config.processorFlushIntervalMs,
  };
}

async function openStorage(config: Config, logger: Logger) {
  const eventLog = await createEventLog(config, logger);
  const clickhouse = await createClickHouseFromConfig(config, logger).catch(
    async (error: unknown) => {
      await eventLog.close();
      throw error;
    },
  );
  await prepareStorage(eventLog, clickhouse, logger);
  return {
    eventLog,
    clickhouse,
    async close() {
      await eventLog.close();
      await clickhouse.close();
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
      const pipeline = buildPipeline({
        eventLog: storage.eventLog,
        clickhouse: storage.clickhouse.client,
        logger,
        ...pipelineSettings(config),
      });
      await pipeline.start();
      if (options.untilCaughtUp) {
        await pipeline.drained();
        logger.info({}, 'caught up with the log');
        await pipeline.stop();
      } else {
        await stopOnSignals(pipeline, logger);
      }
      await storage.close();
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
