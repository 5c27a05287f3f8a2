import { Command, InvalidArgumentError } from 'commander';
import { replayDerivedTables } from '@tickstream/stream-processors';
import { configFor, loggerFor } from '../context';
import { nodeFromConfig, pipelineSettings } from '../node';
import { openStorage } from '../open-storage';
import { serveUntilStopped } from '../serve';

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
      const node = nodeFromConfig(config, logger, ['process']);
      const { pipeline } = await node.start();
      if (options.untilCaughtUp) {
        await pipeline?.drained();
        logger.info({}, 'caught up with the log');
      }
      await serveUntilStopped({
        node,
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
