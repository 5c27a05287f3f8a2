import type { Command } from 'commander';
import {
  createClickHouseFromConfig,
  createEventLog,
  eventLogKind,
  loadMigrations,
  migrate,
  topicSpecs,
} from '@tickstream/core';
import { MIGRATIONS_DIR } from '@tickstream/schema';
import { configFor, loggerFor } from '../context';

export function registerStorageCommands(program: Command): void {
  program
    .command('migrate')
    .description('create the topics and apply the ClickHouse migrations (idempotent)')
    .action(async (_options: unknown, command: Command) => {
      const config = configFor(command);
      const logger = loggerFor(config, 'migrate');
      const log = await createEventLog(config, logger);
      try {
        await log.createTopics(topicSpecs());
        logger.info(
          { eventLog: eventLogKind(config), topics: topicSpecs().map((t) => t.name) },
          'topics ready',
        );
      } finally {
        await log.close();
      }
      const clickhouse = await createClickHouseFromConfig(config, logger);
      try {
        const result = await migrate(
          clickhouse.client,
          await loadMigrations(MIGRATIONS_DIR),
          logger,
        );
        logger.info(
          {
            applied: result.applied,
            alreadyApplied: result.alreadyApplied,
            clickhouse: clickhouse.kind,
          },
          'migrations done',
        );
      } finally {
        await clickhouse.close();
      }
    });

  program
    .command('topics')
    .description('list the topics of the event log with their end offsets')
    .action(async (_options: unknown, command: Command) => {
      const config = configFor(command);
      const logger = loggerFor(config, 'topics');
      const log = await createEventLog(config, logger);
      try {
        for (const topic of [...(await log.listTopics())].sort()) {
          if (topic.startsWith('__')) continue;
          const ends = await log.endOffsets(topic);
          const total = [...ends.values()].reduce((a, b) => a + b, 0);
          process.stdout.write(`${topic}\tpartitions=${ends.size}\trecords=${total}\n`);
        }
      } finally {
        await log.close();
      }
    });
}
