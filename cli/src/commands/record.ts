import type { Command } from 'commander';
import { stopOnSignals } from '@tickstream/core';
import { binanceSource, recordSession } from '@tickstream/ingest';
import { configFor, loggerFor } from '../context';
import { parsePositiveInt } from '../option-parsers';

export function registerRecordCommand(program: Command): void {
  program
    .command('record')
    .description(
      'write the raw messages of a live (or mock) exchange session to JSONL for later replay',
    )
    .requiredOption('--out <file>', 'JSONL file to write (.gz compresses)')
    .option('--duration <seconds>', 'stop after this many seconds', parsePositiveInt)
    .option('--max-messages <n>', 'stop after this many messages', parsePositiveInt)
    .action(
      async (
        options: { out: string; duration?: number; maxMessages?: number },
        command: Command,
      ) => {
        const config = configFor(command);
        const logger = loggerFor(config, 'record');
        const session = recordSession({
          source: binanceSource({
            symbols: config.symbols,
            wsUrl: config.binanceWsUrl,
            streamPath: config.binanceStreamPath,
            stream: config.binanceStream,
            exchange: config.exchangeName,
            backfill: false,
            logger,
          }),
          path: options.out,
          ...(options.duration ? { durationMs: options.duration * 1000 } : {}),
          ...(options.maxMessages ? { maxMessages: options.maxMessages } : {}),
          logger,
        });
        await Promise.race([
          stopOnSignals({ stop: async () => void (await session.stop()) }, logger),
          session.done,
        ]);
        await session.stop();
        logger.info({ ...session.status() }, 'recording finished');
      },
    );
}
