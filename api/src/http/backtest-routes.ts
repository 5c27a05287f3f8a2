import { isInputObjectType, type GraphQLSchema } from 'graphql';
import { isApiError } from '../errors';
import type { BacktestArgs, BacktestRun, EquityPointOut } from '../operations/backtest';
import { csvResponse } from './csv';
import { fieldOperation } from './graphql-operation';
import { fileStamp } from './legacy-routes';
import { errorResponse, iso, json } from './responses';
import type { Route, RouteContext } from './route';
import { jsonBody, statusOf, type RunGraphQL } from './v1-routes';

/** One CSV column of a backtest export: its header and its field of a row. */
interface Column<T> {
  readonly name: string;
  readonly value: (row: T) => unknown;
}

type TradeRow = BacktestRun['trades'][number];

export const BACKTEST_TRADES_CSV: readonly Column<TradeRow>[] = [
  { name: 'side', value: (t) => t.side },
  { name: 'entry_time', value: (t) => iso(t.entryTime) },
  { name: 'exit_time', value: (t) => iso(t.exitTime) },
  { name: 'entry_index', value: (t) => t.entryIndex },
  { name: 'exit_index', value: (t) => t.exitIndex },
  { name: 'bars_held', value: (t) => t.barsHeld },
  { name: 'beta', value: (t) => t.beta },
  { name: 'qty_y', value: (t) => t.qy },
  { name: 'qty_x', value: (t) => t.qx },
  { name: 'entry_price_y', value: (t) => t.entryPriceY },
  { name: 'entry_price_x', value: (t) => t.entryPriceX },
  { name: 'exit_price_y', value: (t) => t.exitPriceY },
  { name: 'exit_price_x', value: (t) => t.exitPriceX },
  { name: 'reason', value: (t) => t.reason },
  { name: 'fees', value: (t) => t.fees },
  { name: 'pnl', value: (t) => t.pnl },
];

export const BACKTEST_EQUITY_CSV: readonly Column<EquityPointOut>[] = [
  { name: 'timestamp', value: (p) => iso(p.time) },
  { name: 'time', value: (p) => p.time },
  { name: 'index', value: (p) => p.index },
  { name: 'equity', value: (p) => p.equity },
  { name: 'realized', value: (p) => p.realized },
  { name: 'unrealized', value: (p) => p.unrealized },
  { name: 'position', value: (p) => p.position },
  { name: 'drawdown', value: (p) => p.drawdown },
];

/** The error body of a refused backtest: the code and what the error carries (field, limit). */
function refusal(status: number, message: string, code: string, extensions: object): Response {
  const details = Object.fromEntries(
    Object.entries(extensions).filter(([k]) => k !== 'code' && k !== 'http'),
  );
  return errorResponse(status, message, code, details);
}

/**
 * A backtest as GraphQL runs it, its body the input: `first` and `after` (when given) page
 * the equity curve and are not part of the input.
 */
function graphqlBacktestRoute(
  path: string,
  name: string,
  text: string,
  field: string,
  run: RunGraphQL,
  variables: (body: Record<string, unknown>) => Record<string, unknown>,
): Route {
  return {
    method: 'POST',
    path,
    name,
    async handle(c: RouteContext) {
      const result = await run(c.request, text, variables(await jsonBody(c)));
      const error = result.errors?.[0];
      if (error) {
        const code = error.extensions?.['code'];
        return refusal(
          statusOf(code),
          error.message,
          typeof code === 'string' ? code : 'BAD_USER_INPUT',
          error.extensions ?? {},
        );
      }
      const value = (result.data as Record<string, unknown> | null | undefined)?.[field];
      if (value === null || value === undefined) {
        return errorResponse(404, 'the legs have no aligned final bars in the range', 'NOT_FOUND');
      }
      return json(value);
    },
  };
}

/** `query backtest(...)`, every field selected, with the equity curve's page as variables. */
function backtestOperationText(schema: GraphQLSchema): string {
  const op = fieldOperation(schema, 'backtest');
  const head = 'query backtest($input: BacktestInput!)';
  const equity = ' equity {';
  if (!op.text.startsWith(head) || !op.text.includes(equity)) {
    throw new Error(`the backtest operation no longer reads as expected: ${op.text}`);
  }
  return op.text
    .replace(head, 'query backtest($input: BacktestInput!, $first: Int, $after: String)')
    .replace(equity, ' equity(first: $first, after: $after) {');
}

/** The input's field names, so a CSV body is refused for the same typos GraphQL refuses. */
function inputFields(schema: GraphQLSchema, typeName: string): ReadonlySet<string> {
  const type = schema.getType(typeName);
  if (!isInputObjectType(type)) throw new Error(`the schema has no input ${typeName}`);
  return new Set(Object.keys(type.getFields()));
}

function csvRoute<T>(
  path: string,
  name: string,
  kind: 'trades' | 'equity',
  columns: readonly Column<T>[],
  rowsOf: (run: BacktestRun) => readonly T[],
  fields: ReadonlySet<string>,
): Route {
  return {
    method: 'POST',
    path,
    name,
    async handle(c) {
      const args: BacktestArgs = await jsonBody(c);
      const unknown = Object.keys(args).filter((k) => !fields.has(k));
      if (unknown.length > 0) {
        return errorResponse(
          400,
          `the body is a BacktestInput, which has no field ${unknown.join(', ')}; its fields: ${[...fields].join(', ')}`,
          'BAD_USER_INPUT',
          { argument: unknown[0] },
        );
      }
      let run: BacktestRun | null;
      try {
        run = await c.ops.backtest(args);
      } catch (error) {
        if (!isApiError(error)) throw error;
        return refusal(error.status, error.message, error.code, error.details ?? {});
      }
      if (run === null) {
        return errorResponse(404, 'the legs have no aligned final bars in the range', 'NOT_FOUND');
      }
      const filename = `backtest_${kind}_${run.symbolY}_${run.symbolX}_${run.interval}_${fileStamp(Date.now())}.csv`;
      return csvResponse(
        filename,
        columns.map((col) => col.name),
        rowsOf(run).values(),
        (row) => columns.map((col) => col.value(row)),
        (error) => c.logger.error({ err: error }, 'backtest CSV failed after it started'),
      );
    },
  };
}

export const BACKTEST_CSV_ROUTES = {
  trades: { path: '/api/v1/backtest/trades.csv', header: BACKTEST_TRADES_CSV.map((c) => c.name) },
  equity: { path: '/api/v1/backtest/equity.csv', header: BACKTEST_EQUITY_CSV.map((c) => c.name) },
} as const;

/** POST /api/v1/backtest, /backtest/sweep and the CSV of a run's trades and equity curve. */
export function backtestRoutes(schema: GraphQLSchema, run: RunGraphQL): Route[] {
  const fields = inputFields(schema, 'BacktestInput');
  return [
    graphqlBacktestRoute(
      '/api/v1/backtest',
      'v1 backtest',
      backtestOperationText(schema),
      'backtest',
      run,
      ({ first, after, ...input }) => ({ input, first, after }),
    ),
    graphqlBacktestRoute(
      '/api/v1/backtest/sweep',
      'v1 backtest sweep',
      fieldOperation(schema, 'backtestSweep').text,
      'backtestSweep',
      run,
      (input) => ({ input }),
    ),
    csvRoute(
      BACKTEST_CSV_ROUTES.trades.path,
      'v1 backtest trades csv',
      'trades',
      BACKTEST_TRADES_CSV,
      (r) => r.trades,
      fields,
    ),
    csvRoute(
      BACKTEST_CSV_ROUTES.equity.path,
      'v1 backtest equity csv',
      'equity',
      BACKTEST_EQUITY_CSV,
      (r) => r.equity,
      fields,
    ),
  ];
}
