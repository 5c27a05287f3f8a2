import type { Command } from 'commander';
import { apiSettingsFromConfig, buildApi } from '@tickstream/api';
import { createMetricsRegistry } from '@tickstream/core';
import { configFor, loggerFor } from '../context';
import { openStorage } from '../open-storage';
import { serveUntilStopped } from '../serve';
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
      const { eventLog, clickhouse, close } = await openStorage(config, logger);
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
      await serveUntilStopped({
        components: [
          { name: 'API server', stop: () => api.close() },
          { name: 'event log and ClickHouse', stop: close },
        ],
        logger,
        config,
      });
    });
}
