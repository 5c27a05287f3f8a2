import { SIGNAL_SELECT, signalOfRow, type SignalReadRow } from '@tickstream/schema';
import type { Signal } from '../generated/graphql';
import { signalOut } from '../graphql/event-mappers';
import { selectRows, TIME_MAX, TIME_MIN } from '../storage/rows';
import { parseCount, parseInterval, parsePair, parseRange } from './args';
import type { OperationsDeps } from './context';

export interface SignalsArgs {
  readonly pair: unknown;
  readonly interval?: unknown;
  readonly run?: unknown;
  readonly from?: unknown;
  readonly to?: unknown;
  readonly last?: unknown;
}

const DEFAULT_LAST = 100;

/**
 * Stored paper-trading signals of a pair (the `signals` table): the newest `last` within the
 * range, in time order. Not cached: a run writes its signals as bars close, and a page of
 * them is small.
 */
export async function storedSignals(deps: OperationsDeps, args: SignalsArgs): Promise<Signal[]> {
  const { pair } = parsePair(args.pair);
  const interval = parseInterval(args.interval ?? '1m');
  const range = parseRange(args.from, args.to);
  const last =
    args.last === undefined || args.last === null
      ? Math.min(DEFAULT_LAST, deps.settings.maxRows)
      : parseCount(args.last, 'last', { max: deps.settings.maxRows });
  const run = typeof args.run === 'string' && args.run !== '' ? args.run : '';
  const rows = await selectRows<SignalReadRow>(
    deps.clickhouse,
    `SELECT * FROM (
       SELECT ${SIGNAL_SELECT} FROM signals FINAL
       WHERE pair = {pair:String} AND bar_interval = {interval:String}
         AND ({run:String} = '' OR run = {run:String})
         AND signals.time >= fromUnixTimestamp64Milli({from:Int64})
         AND signals.time < fromUnixTimestamp64Milli({to:Int64})
       ORDER BY signals.time DESC, kind DESC, run DESC
       LIMIT {limit:UInt64}
     ) ORDER BY time_ms, kind, run`,
    {
      pair,
      interval,
      run,
      from: range.from ?? TIME_MIN,
      to: range.to ?? TIME_MAX,
      limit: last,
    },
    'reading paper-trading signals',
  );
  return rows.map((row) => signalOut(signalOfRow(row)));
}
