import type { Command } from 'commander';
import { configFor, loggerFor } from '../context';
import { nodeFromConfig } from '../node';
import { serveUntilStopped } from '../serve';

export function registerApiCommand(program: Command): void {
  program
    .command('api')
    .description(
      'serve GraphQL (queries and subscriptions), the REST routes and the dashboard; start several to scale out',
    )
    .action(async (_options: unknown, command: Command) => {
      const config = configFor(command);
      const logger = loggerFor(config, 'api');
      const node = nodeFromConfig(config, logger, ['api']);
      const { url } = await node.start();
      logger.info({ url }, `API listening on ${url}`);
      await serveUntilStopped({ node, logger, config });
    });
}
