import type { Command } from 'commander';
import { configFor, loggerFor } from '../context';
import { nodeFromConfig } from '../node';
import { streamSink } from '../print/line-sink';
import { PRINT_TRADES_HELP, tradePrinter } from '../print/print-trades';
import { serveUntilStopped } from '../serve';

export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description(
      'read trades (exchange, mock exchange, synthetic or files; INGEST_SOURCE) into md.trades.v1',
    )
    .option('--print-trades', PRINT_TRADES_HELP)
    .action(async (options: { printTrades?: boolean }, command: Command) => {
      const config = configFor(command);
      const printTrades = options.printTrades === true;
      const logger = loggerFor(config, 'ingest', { stdoutIsData: printTrades });
      const node = nodeFromConfig(config, logger, ['ingest'], {
        ...(printTrades
          ? { onTradesProduced: tradePrinter(streamSink(process.stdout), logger) }
          : {}),
      });
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
