import { PAIR_SCREEN_FIGURES } from '@tickstream/schema';
import { isInputObjectType, type GraphQLSchema, type ExecutionResult } from 'graphql';
import { API_ERROR_STATUS, ApiError, type ApiErrorCode } from '../errors';
import { PAIR_ANALYTICS_CSV } from '../storage/analytics-store';
import { CANDLE_CSV } from '../storage/candles-store';
import { csvHeader } from '../storage/rows';
import { TRADE_CSV } from '../storage/trades-store';
import { SCREEN_ORDER_NAMES } from '../operations/pair-screen';
import { csvLinesResponse, csvResponse } from './csv';
import { fieldOperation, variablesFrom, type FieldOperation } from './graphql-operation';
import { fileStamp, uploadHandler } from './legacy-routes';
import { errorResponse, json, readBody } from './responses';
import type { Route, RouteContext } from './route';

/** Runs one GraphQL operation through the same envelop (limits, masking) as /graphql. */
export type RunGraphQL = (
  request: Request,
  text: string,
  variables: Record<string, unknown>,
) => Promise<ExecutionResult>;

/** /api/v1 JSON routes, each the GraphQL Query field of the same name. */
export const V1_FIELDS = [
  { path: '/api/v1/symbols', field: 'symbols' },
  { path: '/api/v1/pairs', field: 'pairs' },
  { path: '/api/v1/trades', field: 'trades' },
  { path: '/api/v1/candles', field: 'candles' },
  { path: '/api/v1/stats', field: 'stats' },
  { path: '/api/v1/pair-analysis', field: 'pairAnalysis' },
  { path: '/api/v1/pair-analytics/latest', field: 'pairAnalytics' },
  { path: '/api/v1/pair-analytics', field: 'pairAnalyticsHistory' },
  { path: '/api/v1/correlation', field: 'correlationMatrix' },
  { path: '/api/v1/alerts', field: 'alerts' },
  { path: '/api/v1/ingest/status', field: 'ingestStatus' },
  { path: '/api/v1/health', field: 'health' },
] as const;

export function statusOf(code: unknown): number {
  if (typeof code === 'string' && code in API_ERROR_STATUS) {
    return API_ERROR_STATUS[code as ApiErrorCode];
  }
  // GraphQL's own variable and validation errors carry no code: the request was malformed.
  return code === undefined ? 400 : 500;
}

/** The field's value, or the error response GraphQL's first error (or a null value) makes. */
async function runField(
  c: RouteContext,
  run: RunGraphQL,
  text: string,
  field: string,
  variables: Record<string, unknown>,
): Promise<{ value: unknown } | { response: Response }> {
  const result = await run(c.request, text, variables);
  const first = result.errors?.[0];
  if (first) {
    const code = first.extensions?.['code'];
    const status = statusOf(code);
    return {
      response: errorResponse(
        status,
        first.message,
        typeof code === 'string' ? code : 'BAD_USER_INPUT',
        { errors: result.errors },
      ),
    };
  }
  const value = (result.data as Record<string, unknown> | null | undefined)?.[field];
  if (value === null || value === undefined) {
    return { response: errorResponse(404, `no ${field} for these arguments`, 'NOT_FOUND') };
  }
  return { value };
}

function graphqlRoute(
  op: FieldOperation,
  path: string,
  run: RunGraphQL,
  method: Route['method'] = 'GET',
  variables: (c: RouteContext) => Promise<Record<string, unknown>> = async (c) =>
    variablesFrom(c.url.searchParams, op.args),
): Route {
  return {
    method,
    path,
    name: `v1 ${op.field}`,
    async handle(c: RouteContext) {
      const answer = await runField(c, run, op.text, op.field, await variables(c));
      return 'response' in answer ? answer.response : json(answer.value);
    },
  };
}

const param = (c: RouteContext, name: string) => c.url.searchParams.get(name) ?? undefined;

/** A JSON object request body (at most 64 KiB). */
export async function jsonBody(c: RouteContext): Promise<Record<string, unknown>> {
  const text = new TextDecoder().decode(await readBody(c.request, 65_536));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError('BAD_USER_INPUT', 'the request body must be a JSON object');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError('BAD_USER_INPUT', 'the request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

const logExportError = (c: RouteContext) => (error: unknown) =>
  c.logger.error({ err: error }, 'CSV export failed after it started');

export const CSV_ROUTES = {
  candles: { header: CANDLE_CSV.map((c) => c.name) },
  trades: { header: TRADE_CSV.map((c) => c.name) },
  pairAnalytics: { header: PAIR_ANALYTICS_CSV.map((c) => c.name) },
} as const;

export const SCREENER_ROUTES = {
  json: '/api/v1/screener',
  csv: '/api/v1/screener.csv',
  /** The CSV's columns: a row's rank, pair and time, then every figure in contract order. */
  header: ['rank', 'pair', 'symbolX', 'symbolY', 'time', ...PAIR_SCREEN_FIGURES] as const,
} as const;

/**
 * The screener's query-string parameters as the pairScreen field's variables: its own
 * arguments at the top, the PairScreenFilters fields (minCorrelation, ..., symbols) flat beside
 * them. orderBy is checked here to list what it accepts (GraphQL's enum error would not).
 */
export function screenerVariables(
  schema: GraphQLSchema,
  search: URLSearchParams,
): Record<string, unknown> {
  const field = schema.getQueryType()?.getFields()['pairScreen'];
  const filtersType = schema.getType('PairScreenFilters');
  if (!field || !isInputObjectType(filtersType)) {
    throw new Error('the schema has no Query.pairScreen or PairScreenFilters');
  }
  const variables = variablesFrom(
    search,
    field.args.filter((a) => a.name !== 'filters'),
  );
  if (variables['orderBy'] !== undefined) variables['orderBy'] = parseScreenOrder(search);
  const filters = variablesFrom(search, Object.values(filtersType.getFields()));
  if (Object.keys(filters).length > 0) variables['filters'] = filters;
  return variables;
}

function parseScreenOrder(search: URLSearchParams): string {
  const raw = (search.getAll('orderBy').pop() ?? '').trim().toUpperCase();
  if (!(SCREEN_ORDER_NAMES as readonly string[]).includes(raw)) {
    throw new ApiError(
      'BAD_USER_INPUT',
      `orderBy must be one of ${SCREEN_ORDER_NAMES.map((o) => o.toLowerCase()).join(', ')} (any case)`,
      { argument: 'orderBy' },
    );
  }
  return raw;
}

/** The pairScreen operation with only what the CSV prints selected (no sparkline read). */
function screenerCsvText(op: FieldOperation): string {
  const at = op.text.lastIndexOf(op.selection);
  if (at < 0) throw new Error(`the pairScreen operation no longer reads as expected: ${op.text}`);
  const rowFields = SCREENER_ROUTES.header.join(' ');
  return `${op.text.slice(0, at)}{ interval window rows { ${rowFields} } } }`;
}

/** GET /api/v1/screener (the ranking as JSON) and /api/v1/screener.csv (its rows). */
function screenerRoutes(schema: GraphQLSchema, run: RunGraphQL): Route[] {
  const op = fieldOperation(schema, 'pairScreen');
  const csvText = screenerCsvText(op);
  return [
    graphqlRoute(op, SCREENER_ROUTES.json, run, 'GET', async (c) =>
      screenerVariables(schema, c.url.searchParams),
    ),
    {
      method: 'GET',
      path: SCREENER_ROUTES.csv,
      name: 'v1 screener csv',
      async handle(c) {
        const variables = screenerVariables(schema, c.url.searchParams);
        const answer = await runField(c, run, csvText, op.field, variables);
        if ('response' in answer) return answer.response;
        const ranking = answer.value as {
          interval: string;
          window: number;
          rows: Record<string, unknown>[];
        };
        return csvResponse(
          `screener_${ranking.interval}_${ranking.window}_${fileStamp(Date.now())}.csv`,
          SCREENER_ROUTES.header,
          ranking.rows.values(),
          (row) => SCREENER_ROUTES.header.map((column) => row[column]),
          logExportError(c),
        );
      },
    },
  ];
}

export function v1Routes(schema: GraphQLSchema, run: RunGraphQL): Route[] {
  const routes: Route[] = V1_FIELDS.map(({ path, field }) =>
    graphqlRoute(fieldOperation(schema, field), path, run),
  );
  // Mutations: POST takes the PairInput as a JSON body; DELETE the pair in the query string.
  routes.push(
    graphqlRoute(
      fieldOperation(schema, 'addPair', 5, 'mutation'),
      '/api/v1/pairs',
      run,
      'POST',
      async (c) => ({ input: await jsonBody(c) }),
    ),
    graphqlRoute(
      fieldOperation(schema, 'removePair', 5, 'mutation'),
      '/api/v1/pairs',
      run,
      'DELETE',
    ),
  );
  routes.push(...screenerRoutes(schema, run));
  routes.push(
    {
      method: 'GET',
      path: '/api/v1/candles.csv',
      name: 'v1 candles csv',
      async handle(c) {
        const rows = await c.ops.exportCandles({
          symbol: param(c, 'symbol'),
          interval: param(c, 'interval') ?? '1m',
          exchange: param(c, 'exchange'),
          from: param(c, 'from'),
          to: param(c, 'to'),
        });
        const name = `candles_${(param(c, 'symbol') ?? '').toUpperCase()}_${param(c, 'interval') ?? '1m'}_${fileStamp(Date.now())}.csv`;
        return csvLinesResponse(name, csvHeader(CANDLE_CSV), rows, logExportError(c));
      },
    },
    {
      method: 'GET',
      path: '/api/v1/trades.csv',
      name: 'v1 trades csv',
      async handle(c) {
        const rows = await c.ops.exportTrades({
          symbol: param(c, 'symbol'),
          exchange: param(c, 'exchange'),
          from: param(c, 'from'),
          to: param(c, 'to'),
        });
        const name = `trades_${(param(c, 'symbol') ?? '').toUpperCase()}_${fileStamp(Date.now())}.csv`;
        return csvLinesResponse(name, csvHeader(TRADE_CSV), rows, logExportError(c));
      },
    },
    {
      method: 'GET',
      path: '/api/v1/pair-analytics.csv',
      name: 'v1 pair analytics csv',
      async handle(c) {
        const rows = await c.ops.exportPairAnalytics({
          symbolX: param(c, 'symbolX'),
          symbolY: param(c, 'symbolY'),
          interval: param(c, 'interval') ?? '1m',
          from: param(c, 'from'),
          to: param(c, 'to'),
        });
        const name = `pair_analytics_${(param(c, 'symbolY') ?? '').toUpperCase()}_${(param(c, 'symbolX') ?? '').toUpperCase()}_${param(c, 'interval') ?? '1m'}_${fileStamp(Date.now())}.csv`;
        return csvLinesResponse(name, csvHeader(PAIR_ANALYTICS_CSV), rows, logExportError(c));
      },
    },
    {
      method: 'POST',
      path: '/api/v1/candles/import',
      name: 'v1 candles import',
      handle: uploadHandler,
    },
  );
  return routes;
}
