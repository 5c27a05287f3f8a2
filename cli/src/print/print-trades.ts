import type { Logger } from '@tickstream/core';
import type { Trade } from '@tickstream/schema';
import { tradeLine } from './event-lines';
import type { LineSink } from './line-sink';

/** The help of `--print-trades` on start, demo and ingest. */
export const PRINT_TRADES_HELP =
  'print every live trade ingest writes to stdout, one line each: SYMBOL | UTC time | $price | qty (the log goes to stderr)';

/**
 * `--print-trades`: ingest's onTradesProduced, printing each trade the log acknowledged as the
 * old platform's tick line. The callback cannot wait, so a slow reader gets no backpressure;
 * stdout to a pipe or file is written synchronously by Node on Linux and macOS anyway.
 */
export function tradePrinter(sink: LineSink, logger: Logger): (trades: readonly Trade[]) => void {
  void sink.closed.then(() =>
    logger.warn({}, 'stdout was closed: trades are no longer printed; ingest goes on'),
  );
  return (trades) => {
    // History's aggregate trades (firstTradeId set) are the past, not ticks as they happen.
    const live = trades.filter((t) => t.firstTradeId === undefined);
    if (live.length === 0) return;
    void sink.write(`${live.map(tradeLine).join('\n')}\n`);
  };
}
