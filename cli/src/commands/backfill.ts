import type { Command } from 'commander';
import { createEventLog, TickstreamError, topicSpecs, type Logger } from '@tickstream/core';
import type { Interval } from '@tickstream/schema';
import {
  BACKFILL_KINDS,
  BACKFILL_SOURCES,
  parseChoice,
  parseIntervals,
  parseUtcTime,
  planBackfill,
  type BackfillKind,
  type BackfillSource,
} from '../backfill/backfill-plan';
import { progressReporter } from '../backfill/backfill-progress';
import { runBackfill, type BackfillResult } from '../backfill/run-backfill';
import { configFor, loggerFor } from '../context';
import { retryWhileUnavailable } from '../open-storage';

interface BackfillCommandOptions {
  readonly from: number;
  readonly to: number;
  readonly intervals?: Interval[];
  readonly source: BackfillSource;
  readonly kind: BackfillKind;
}

const HELP = `
Symbols are --symbols (SYMBOLS); bars are written with --exchange-name (EXCHANGE_NAME).

Sources:
  rest   Binance USD-M REST (BINANCE_REST_URL): /fapi/v1/klines, or /fapi/v1/aggTrades
         for --kind aggTrades, within BINANCE_REST_WEIGHT_PER_MINUTE.
  files  Binance's public daily files (BINANCE_DATA_URL, default https://data.binance.vision):
         data/futures/um/daily/{trades|aggTrades}/SYMBOL/SYMBOL-{kind}-YYYY-MM-DD.zip and
         data/futures/um/daily/klines/SYMBOL/INTERVAL/SYMBOL-INTERVAL-YYYY-MM-DD.zip; each is
         checked against its .CHECKSUM (sha256) before it is read. A mismatch stops the
         backfill with an error naming the file; nothing from that file is written.

Kinds:
  klines     the exchange's own bars (1m and coarser: USD-M has no 1s klines), source klines.
  aggTrades  bars built from aggregate trades: exact prices, volumes and trade counts.
  trades     bars built from every trade (files only). Both are stored with source imported.

Bars go to md.candles.v1 in time order per symbol and interval; the process role's
history-bars sink stores them in ClickHouse (run it, or start it later: the bars wait in the
log). With the embedded runtime, stop \`tickstream start\` first (one process owns .data/log);
with Kafka, run it beside the pipeline. Running it again writes the same bars, which replace
themselves.

Statistics and pairs: run before the pipeline's first start, the backfilled days go through
the statistics and pair stages like any other bars. A running pipeline stores and serves bars
older than its state (charts, exports), but its stages have moved past them: the pair stage
leaves them out, and the statistics stage takes one into its windows only while it is among
the newest bars it keeps (see cli/README.md). \`tickstream replay\` clears the candles table
and rebuilds it from md.trades.v1: run the backfill again after a replay.

Example:
  tickstream backfill --symbols BTCUSDT,ETHUSDT --from 2024-12-16 --to 2024-12-17 \\
    --intervals 1m,5m --source files --kind trades
`;

function logSummary(logger: Logger, result: BackfillResult): void {
  const intervals = Object.entries(result.barsByInterval)
    .map(([interval, n]) => `${n} ${interval}`)
    .join(', ');
  logger.info(
    { ...result },
    `backfill done: ${result.bars} bars (${intervals || 'none'}) written to md.candles.v1 from ${result.files} files and ${result.requests} REST requests in ${(result.ms / 1000).toFixed(1)} s`,
  );
  if (result.tooLate > 0) {
    logger.warn(
      { tooLate: result.tooLate },
      'some trades came more than a minute out of time order and are not in the bars',
    );
  }
}

export function registerBackfillCommand(program: Command): void {
  program
    .command('backfill')
    .description(
      'write bars of past days (Binance REST, or its public daily files checked against their checksums) to md.candles.v1, where the history-bars sink stores them',
    )
    .requiredOption('--from <time>', 'first day or time, UTC (ISO-8601 or epoch ms)', parseUtcTime)
    .requiredOption('--to <time>', 'end, exclusive, UTC (ISO-8601 or epoch ms)', parseUtcTime)
    .option(
      '--intervals <list>',
      'comma-separated intervals (default CANDLE_INTERVALS; each must be materialized)',
      parseIntervals,
    )
    .option('--source <source>', 'rest or files', parseChoice(BACKFILL_SOURCES), 'rest')
    .option(
      '--kind <kind>',
      'klines, aggTrades or trades (trades: files only)',
      parseChoice(BACKFILL_KINDS),
      'klines',
    )
    .addHelpText('after', HELP)
    .action(async (options: BackfillCommandOptions, command: Command) => {
      const config = configFor(command);
      const logger = loggerFor(config, 'backfill');
      const plan = planBackfill(
        {
          symbols: config.symbols,
          from: options.from,
          to: options.to,
          intervals: options.intervals,
          source: options.source,
          kind: options.kind,
          exchange: config.exchangeName,
          materialized: config.candleIntervals,
        },
        Date.now(),
      );
      for (const note of plan.notes) logger.info({}, note);
      const eventLog = await retryWhileUnavailable(
        'the event log',
        () => createEventLog(config, logger),
        logger,
      );
      const abort = new AbortController();
      const onSignal = (signal: NodeJS.Signals) =>
        abort.abort(
          new TickstreamError(
            'BACKFILL_STOPPED',
            `stopped by ${signal}: the bars written so far stay; the same command completes them`,
          ),
        );
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        await eventLog.createTopics(topicSpecs());
        const result = await runBackfill(plan.request, {
          eventLog,
          logger,
          dataUrl: config.binanceDataUrl,
          restUrl: config.binanceRestUrl,
          ...(config.binanceApiKey ? { apiKey: config.binanceApiKey } : {}),
          weightPerMinute: config.binanceRestWeightPerMinute,
          progress: progressReporter({ stream: process.stderr, logger }),
          signal: abort.signal,
        });
        logSummary(logger, result);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await eventLog.close();
      }
    });
}
