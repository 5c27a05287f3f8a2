import type { Command } from 'commander';
import { configFor, loggerFor } from '../context';
import { nodeFromConfig } from '../node';
import { serveUntilStopped } from '../serve';

export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description(
      'read trades (exchange, mock exchange, synthetic or files; INGEST_SOURCE) into md.trades.v1',
    )
    .action(async (_options: unknown, command: Command) => {
      const config = configFor(command);
      const logger = loggerFor(config, 'ingest');
      const node = nodeFromConfig(config, logger, ['ingest']);
      const { ingest } = await node.start();
      await serveUntilStopped({
        node,
        logger,
        config,
        ended: ingest?.done.catch((error: unknown) => {
          logger.error({ err: error }, 'ingest failed');
          process.exitCode = 1;
        }),
      });
    });
}
