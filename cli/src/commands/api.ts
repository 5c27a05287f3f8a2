import type { Command } from 'commander';
import { apiSettingsFromConfig, buildApi } from '@tickstream/api';
import {
  createClickHouseFromConfig,
  createEventLog,
  createMetricsRegistry,
  prepareStorage,
  stopOnSignals,
} from '@tickstream/core';
import { configFor, loggerFor } from '../context';
import { dashboardDir } from './start';

export function registerApiCommand(program: Command): void {
  program
    .command('api')
    .description(
      'serve GraphQL (queries and subscriptions), the REST routes and the dashboard; start several to scale out',
    )
    .action(async (_options: unknown, command: Command) => {
      const config = configFor(command);
      const logger = loggerFor(config, 'api');
      const eventLog = await createEventLog(config, logger);
      const clickhouse = await createClickHouseFromConfig(config, logger);
      await prepareStorage(eventLog, clickhouse, logger);
      const dashboard = dashboardDir();
      const api = buildApi({
        eventLog,
        clickhouse: clickhouse.client,
        logger,
        metrics: createMetricsRegistry({ role: 'api' }),
        settings: apiSettingsFromConfig(config),
        ...(dashboard ? { dashboardDir: dashboard } : {}),
      });
      const { url } = await api.listen(config.apiPort, config.apiHost);
      logger.info({ url }, `API listening on ${url}`);
      await stopOnSignals(
        {
          async stop() {
            await api.close();
            await eventLog.close();
            await clickhouse.close();
          },
        },
        logger,
      );
    });
}
