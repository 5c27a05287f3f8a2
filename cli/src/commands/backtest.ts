import { InvalidArgumentError, type Command } from 'commander';
import { apiSettingsFromConfig, createStoredBacktests, SWEEP_METRICS } from '@tickstream/api';
import { createClickHouseFromConfig, loadMigrations, migrate } from '@tickstream/core';
import { MIGRATIONS_DIR } from '@tickstream/schema';
import { parseUtcTime } from '../backfill/backfill-plan';
import { configFor, loggerFor } from '../context';
import { parseNonNegativeInt } from '../option-parsers';
import { backtestLines, sweepLines } from '../print/backtest-table';

interface BacktestCommandOptions {
  readonly pair: { symbolX: string; symbolY: string };
  readonly interval: string;
  readonly exchange?: string;
  readonly from?: number;
  readonly to?: number;
  readonly fill?: string;
  readonly hedge?: string;
  readonly entry?: number;
  readonly exit?: number;
  readonly stop?: number;
  readonly maxBars?: number;
  readonly capital?: number;
  readonly feeBps?: number;
  readonly slippageBps?: number;
  readonly window?: number;
  readonly zWindow?: number;
  readonly sweep?: boolean;
  readonly entries?: number[];
  readonly exits?: number[];
  readonly windows?: number[];
  readonly metric: string;
  readonly trades?: number;
  readonly json?: boolean;
}

function parsePairOption(value: string): { symbolX: string; symbolY: string } {
  const match = /^([A-Za-z0-9]{2,30})\/([A-Za-z0-9]{2,30})$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError('expected SYMBOLY/SYMBOLX, e.g. ETHUSDT/BTCUSDT');
  return {
    symbolY: (match[1] as string).toUpperCase(),
    symbolX: (match[2] as string).toUpperCase(),
  };
}

// Numbers pass as typed; the backtester checks their ranges and names the parameter.
function parseNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new InvalidArgumentError('expected a number');
  return n;
}

function parseNumbers(value: string): number[] {
  return value.split(',').map((v) => parseNumber(v));
}

const HELP = `
Reads the final bars of both legs from ClickHouse (CLICKHOUSE_URL, or the embedded chDB under
--data-dir), aligns them as the pair stage does, and runs the pair strategy of the analytics
backtester: the same numbers as the API's backtest and POST /api/v1/backtest. The limits are
the API's: API_BACKTEST_MAX_BARS (a sweep counts bars × cells) and API_BACKTEST_TIME_BUDGET_MS.
The table goes to stdout, the log to stderr.

Examples:
  tickstream backtest --pair ETHUSDT/BTCUSDT --interval 1m --from 2024-12-16 --to 2024-12-17 \\
    --entry 2 --exit 0.5 --stop 4 --fee-bps 4
  tickstream backtest --pair ETHUSDT/BTCUSDT --sweep --entries 1,1.5,2,2.5 --exits 0,0.5 \\
    --windows 30,60,120 --metric sharpe
`;

function sweepInput(
  options: BacktestCommandOptions,
  range: Record<string, unknown>,
  command: Command,
) {
  if (!options.entries || !options.exits || !options.windows) {
    // Exits with the usage error, as commander does for its own checks.
    command.error('error: --sweep needs --entries, --exits and --windows');
  }
  return {
    ...range,
    entries: options.entries,
    exits: options.exits,
    windows: options.windows,
    metric: options.metric,
  };
}

export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description(
      'backtest the pair strategy on stored bars and print its metrics and trades (or, with --sweep, a metric per grid cell)',
    )
    .requiredOption(
      '--pair <Y/X>',
      'the pair, y regressed on x, e.g. ETHUSDT/BTCUSDT',
      parsePairOption,
    )
    .option('--interval <interval>', 'bar interval', '1m')
    .option('--exchange <exchange>', "both legs' exchange (default: each symbol's freshest)")
    .option(
      '--from <time>',
      'first bar, UTC (ISO-8601 or epoch ms; default: the first stored)',
      parseUtcTime,
    )
    .option('--to <time>', 'end, exclusive, UTC (default: after the last stored bar)', parseUtcTime)
    .option('--fill <fill>', 'next-close (default) or same-close (optimistic)')
    .option('--hedge <hedge>', 'ols (default) or kalman')
    .option('--entry <z>', 'enter when |z| > entry (default 2)', parseNumber)
    .option('--exit <z>', 'exit when |z| ≤ exit (default 0.5)', parseNumber)
    .option('--stop <z>', 'exit when |z| ≥ stop (default none)', parseNumber)
    .option('--max-bars <n>', 'exit after n bars held (default none)', parseNumber)
    .option('--capital <quote>', 'notional of the y leg at entry (default 10000)', parseNumber)
    .option('--fee-bps <bps>', 'fee per leg per fill (default 0)', parseNumber)
    .option('--slippage-bps <bps>', 'slippage per fill (default 0)', parseNumber)
    .option('--window <bars>', 'rolling OLS window (default 60)', parseNumber)
    .option('--z-window <bars>', 'z-score window (default: --window)', parseNumber)
    .option('--sweep', 'run the grid of --entries × --exits × --windows instead of one run')
    .option('--entries <list>', 'sweep: entry levels, comma-separated', parseNumbers)
    .option('--exits <list>', 'sweep: exit levels, comma-separated', parseNumbers)
    .option('--windows <list>', 'sweep: OLS windows, comma-separated', parseNumbers)
    .option('--metric <name>', `sweep: the metric per cell (${SWEEP_METRICS.join(', ')})`, 'sharpe')
    .option('--trades <n>', 'print at most n trades (default: all)', parseNonNegativeInt)
    .option('--json', 'print the whole result as one JSON document instead of tables')
    .addHelpText('after', HELP)
    .action(async (options: BacktestCommandOptions, command: Command) => {
      const config = configFor(command);
      const logger = loggerFor(config, 'backtest', { stdoutIsData: true });
      const range = {
        ...options.pair,
        interval: options.interval,
        exchange: options.exchange,
        from: options.from,
        to: options.to,
        fill: options.fill,
        hedge: options.hedge,
        stop: options.stop,
        maxBars: options.maxBars,
        capital: options.capital,
        feeBps: options.feeBps,
        slippageBps: options.slippageBps,
        zWindow: options.zWindow,
      };
      const sweep = options.sweep ? sweepInput(options, range, command) : undefined;
      const clickhouse = await createClickHouseFromConfig(config, logger);
      try {
        // Idempotent; a fresh data directory then says "no data" rather than "no table".
        await migrate(clickhouse.client, await loadMigrations(MIGRATIONS_DIR), logger);
        const backtests = createStoredBacktests({
          clickhouse: clickhouse.client,
          settings: apiSettingsFromConfig(config),
        });
        const started = performance.now();
        const result = sweep
          ? await backtests.backtestSweep(sweep)
          : await backtests.backtest({
              ...range,
              entry: options.entry,
              exit: options.exit,
              window: options.window,
            });
        const pair = `${options.pair.symbolY}/${options.pair.symbolX}`;
        if (result === null) {
          logger.error(
            { pair, interval: options.interval },
            `no aligned final ${options.interval} bars of ${pair} in the range: check the symbols, the interval and --from/--to`,
          );
          process.exitCode = 1;
          return;
        }
        const lines = options.json
          ? [JSON.stringify(result)]
          : 'cells' in result
            ? sweepLines(result)
            : backtestLines(result, options.trades);
        process.stdout.write(`${lines.join('\n')}\n`);
        logger.info(
          { pair, bars: result.bars, ms: Math.round(performance.now() - started) },
          `backtest of ${result.bars} bars done`,
        );
      } finally {
        await clickhouse.close();
      }
    });
}
