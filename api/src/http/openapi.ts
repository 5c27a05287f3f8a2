import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { BACKTEST_CSV_ROUTES } from './backtest-routes';
import { fieldOperation } from './graphql-operation';
import { CSV_ROUTES, SCREENER_ROUTES, V1_FIELDS } from './v1-routes';

type JsonSchema = Record<string, unknown>;

const SCALARS: Record<string, JsonSchema> = {
  String: { type: 'string' },
  Int: { type: 'integer' },
  Float: { type: 'number' },
  Boolean: { type: 'boolean' },
  Timestamp: { type: 'integer', description: 'epoch milliseconds UTC (inputs: also ISO-8601)' },
};

function schemaOf(type: GraphQLOutputType | GraphQLInputType): JsonSchema {
  const nullable = !isNonNullType(type);
  const inner = isNonNullType(type) ? type.ofType : type;
  let out: JsonSchema;
  if (isListType(inner)) out = { type: 'array', items: schemaOf(inner.ofType) };
  else if (isScalarType(inner)) out = { ...(SCALARS[inner.name] ?? { type: 'string' }) };
  else if (isEnumType(inner)) out = { type: 'string', enum: inner.getValues().map((v) => v.name) };
  else out = { $ref: `#/components/schemas/${getNamedType(inner).name}` };
  if (!nullable) return out;
  return '$ref' in out
    ? { oneOf: [out, { type: 'null' }] }
    : { ...out, type: [out['type'], 'null'] };
}

function objectSchemas(schema: GraphQLSchema): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (
      !isObjectType(type) ||
      type.name.startsWith('__') ||
      type.name === 'Query' ||
      type.name === 'Mutation' ||
      type.name === 'Subscription'
    )
      continue;
    const fields = Object.values(type.getFields());
    out[type.name] = {
      type: 'object',
      ...(type.description ? { description: type.description } : {}),
      properties: Object.fromEntries(
        fields.map((f) => [
          f.name,
          { ...schemaOf(f.type), ...(f.description ? { description: f.description } : {}) },
        ]),
      ),
      required: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name),
    };
  }
  return out;
}

const ERROR = {
  type: 'object',
  properties: { error: { type: 'string' }, code: { type: 'string' } },
  required: ['error'],
};
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const STANDARD_ERRORS = {
  '400': errorResponse(
    'invalid argument (code says which: UNKNOWN_INTERVAL, LIMIT_OUT_OF_RANGE, ...)',
  ),
  '401': errorResponse('API key missing or invalid (UNAUTHENTICATED)'),
  '429': errorResponse('rate limit exceeded (RATE_LIMITED); see Retry-After'),
  '503': errorResponse('storage unavailable (STORAGE_UNAVAILABLE)'),
};
const ok = (schema: JsonSchema, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});
const query = (name: string, schema: JsonSchema, description: string, required = false) => ({
  name,
  in: 'query',
  required,
  description,
  schema,
});
const path = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});
const str = { type: 'string' };
const num = { type: 'number' };
const numOrNull = { type: ['number', 'null'] };
const int = { type: 'integer' };
const obj = (
  properties: Record<string, JsonSchema>,
  required = Object.keys(properties),
): JsonSchema => ({
  type: 'object',
  properties,
  required,
});
const csv = (description: string) => ({
  description,
  headers: { 'Content-Disposition': { schema: str, description: 'attachment; filename=...' } },
  content: { 'text/csv': { schema: str } },
});

const uploadBody = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: obj({ file: { type: 'string', format: 'binary' } }),
    },
  },
};

const uploadOk = ok(
  obj(
    {
      success: { type: 'boolean' },
      message: str,
      summary: obj({
        total_bars: int,
        symbols: { type: 'array', items: str },
        intervals: { type: 'array', items: str },
        time_range: obj({ start: str, end: str }),
      }),
      rejected_count: int,
      rejected_rows: { type: 'array', items: obj({ line: int, reason: str }) },
    },
    ['success', 'message', 'summary'],
  ),
);

// A data table: one entry per legacy route, as the older platform documented it.
// eslint-disable-next-line max-lines-per-function
function legacyPaths(): Record<string, unknown> {
  const interval = query('interval', str, '1s, 1m, 5m, 15m, 1h, 4h or 1d (default 1m)');
  const forceRefresh = query('force_refresh', { type: 'boolean' }, 'bypass the cache');
  const bar = obj({
    timestamp: str,
    open: num,
    high: num,
    low: num,
    close: num,
    volume: num,
    trade_count: int,
  });
  return {
    '/api/health': {
      get: {
        tags: ['legacy'],
        summary: 'Service health (older platform contract)',
        responses: {
          '200': ok(
            obj({ status: str, service: str, timestamp: str, components: { type: 'array' } }, [
              'status',
              'service',
              'timestamp',
            ]),
          ),
          '503': ok(obj({ status: str, service: str, timestamp: str }), 'storage down'),
        },
      },
    },
    '/api/ohlc/{symbol}': {
      get: {
        tags: ['legacy'],
        summary: 'The latest `limit` bars of the last 24 hours of the symbol’s data',
        parameters: [path('symbol', 'e.g. BTCUSDT'), interval, query('limit', int, 'default 500')],
        responses: {
          '200': ok(
            obj({ symbol: str, interval: str, count: int, bars: { type: 'array', items: bar } }),
          ),
          '404': errorResponse('No data available for SYMBOL'),
          ...STANDARD_ERRORS,
        },
      },
    },
    '/api/stats/{symbol}': {
      get: {
        tags: ['legacy'],
        summary: 'Price and volume statistics over the last `window` final bars',
        parameters: [
          path('symbol', 'e.g. BTCUSDT'),
          interval,
          query('window', int, 'bars, default 60'),
          forceRefresh,
        ],
        responses: {
          '200': ok(
            obj({
              price_stats: obj({
                symbol: str,
                interval: str,
                window_size: int,
                mean: num,
                std: numOrNull,
                min: num,
                max: num,
                current: num,
                change_pct: numOrNull,
                timestamp: str,
              }),
              volume_stats: obj({
                symbol: str,
                interval: str,
                window_size: int,
                mean_volume: num,
                std_volume: numOrNull,
                total_volume: num,
                timestamp: str,
              }),
              last_update: str,
            }),
          ),
          '404': errorResponse('Insufficient data for SYMBOL (fewer than 10 bars)'),
          ...STANDARD_ERRORS,
        },
      },
    },
    '/api/pairs': {
      get: {
        tags: ['legacy'],
        summary: 'On-demand pair analysis: symbol_y regressed on symbol_x (prices)',
        parameters: [
          query('symbol_x', str, 'regressor leg', true),
          query('symbol_y', str, 'dependent leg', true),
          interval,
          query('window', int, 'regression window in bars, default 60'),
          query('zscore_window', int, 'tickstream addition, default 20'),
          query('correlation_window', int, 'tickstream addition, default 60'),
          forceRefresh,
        ],
        responses: {
          '200': ok(
            obj(
              {
                symbol_x: str,
                symbol_y: str,
                interval: str,
                window: int,
                regression: obj(
                  {
                    hedge_ratio: numOrNull,
                    intercept: numOrNull,
                    r_squared: numOrNull,
                    std_error: numOrNull,
                    timestamp: str,
                  },
                  ['hedge_ratio', 'intercept', 'r_squared', 'std_error', 'timestamp'],
                ),
                spread: obj({ values: { type: 'array', items: numOrNull }, latest: numOrNull }),
                z_score: obj({ values: { type: 'array', items: numOrNull }, latest: numOrNull }),
                stationarity: obj({
                  test_statistic: num,
                  p_value: num,
                  is_stationary: { type: 'boolean' },
                  critical_values: obj({ '1%': num, '5%': num, '10%': num }),
                  interpretation: str,
                  timestamp: str,
                }),
                correlation: obj({
                  current: num,
                  rolling_window: int,
                  history: { type: 'array', items: obj({ timestamp: str, value: num }) },
                  timestamp: str,
                }),
                last_update: str,
              },
              [
                'symbol_x',
                'symbol_y',
                'interval',
                'window',
                'regression',
                'spread',
                'z_score',
                'last_update',
              ],
            ),
          ),
          '400': errorResponse('symbol_x and symbol_y are required'),
          '404': errorResponse('Insufficient data for pairs analysis'),
        },
      },
    },
    '/api/symbols': {
      get: {
        tags: ['legacy'],
        summary: 'Known symbols and pairs ([symbol_x, symbol_y])',
        responses: {
          '200': ok(
            obj({
              symbols: { type: 'array', items: str },
              pairs: { type: 'array', items: { type: 'array', items: str } },
            }),
          ),
        },
      },
    },
    '/api/upload/ohlc': {
      post: {
        tags: ['legacy'],
        summary:
          'Import OHLC bars from CSV (timestamp,symbol,interval,open,high,low,close,volume[,trade_count])',
        requestBody: uploadBody,
        responses: {
          '200': uploadOk,
          '400': errorResponse(
            'No file provided / No file selected / File must be a CSV / File is empty / Missing required columns / No valid rows found',
          ),
          '413': errorResponse('File too large'),
          '401': STANDARD_ERRORS['401'],
        },
      },
    },
    '/api/export/csv/{symbol_x}/{symbol_y}': {
      get: {
        tags: ['legacy'],
        summary:
          'Pair analytics as CSV: index,spread,z_score,hedge_ratio,r_squared,is_stationary,correlation,timestamp',
        parameters: [
          path('symbol_x', 'regressor leg'),
          path('symbol_y', 'dependent leg'),
          interval,
          query('limit', int, 'rows, default 1000'),
        ],
        responses: {
          '200': csv('analytics_{X}_{Y}_{interval}_{YYYYmmdd_HHMMSS}.csv'),
          '404': errorResponse('Insufficient data for pairs analysis'),
        },
      },
    },
  };
}

/** GraphQL arguments as query-string parameters (lists comma-separated, as the routes read them). */
function queryParameters(args: readonly GraphQLArgument[]): JsonSchema[] {
  return args.map((a) => ({
    name: a.name,
    in: 'query',
    required: isNonNullType(a.type) && a.defaultValue === undefined,
    ...(a.description ? { description: a.description } : {}),
    schema: {
      ...schemaOf(a.type),
      ...(a.defaultValue !== undefined ? { default: a.defaultValue } : {}),
    },
    ...(isListType(isNonNullType(a.type) ? a.type.ofType : a.type)
      ? { style: 'form', explode: false }
      : {}),
  }));
}

/** /api/v1 query routes, each described from the GraphQL query field it runs. */
function v1QueryPaths(schema: GraphQLSchema): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const { path: route, field } of V1_FIELDS) {
    const op = fieldOperation(schema, field);
    const def = schema.getQueryType()?.getFields()[field];
    paths[route] = {
      get: {
        tags: ['v1'],
        operationId: field,
        summary: def?.description ?? field,
        description: `Runs the GraphQL query field \`${field}\` with these arguments as variables.`,
        parameters: queryParameters(op.args),
        responses: {
          '200': ok(schemaOf(op.type)),
          '404': errorResponse('nothing for these arguments (NOT_FOUND)'),
          ...STANDARD_ERRORS,
        },
      },
    };
  }
  return paths;
}

/** The streamed CSV exports. */
function csvPaths(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const range = [
    query('from', str, 'epoch ms or ISO-8601'),
    query('to', str, 'epoch ms or ISO-8601, exclusive'),
  ];
  paths['/api/v1/candles.csv'] = {
    get: {
      tags: ['v1'],
      summary: `Candles as streamed CSV: ${CSV_ROUTES.candles.header.join(',')}`,
      parameters: [
        query('symbol', str, 'symbol', true),
        query('interval', str, 'default 1m'),
        query('exchange', str, 'optional'),
        ...range,
      ],
      responses: { '200': csv('candles_{SYMBOL}_{interval}_{stamp}.csv'), ...STANDARD_ERRORS },
    },
  };
  paths['/api/v1/trades.csv'] = {
    get: {
      tags: ['v1'],
      summary: `Trades as streamed CSV: ${CSV_ROUTES.trades.header.join(',')}`,
      parameters: [
        query('symbol', str, 'symbol', true),
        query('exchange', str, 'optional'),
        ...range,
      ],
      responses: { '200': csv('trades_{SYMBOL}_{stamp}.csv'), ...STANDARD_ERRORS },
    },
  };
  paths['/api/v1/pair-analytics.csv'] = {
    get: {
      tags: ['v1'],
      summary: `Stored pair analytics as streamed CSV: ${CSV_ROUTES.pairAnalytics.header.join(',')}`,
      parameters: [
        query('symbolX', str, 'regressor leg', true),
        query('symbolY', str, 'dependent leg', true),
        query('interval', str, 'default 1m'),
        ...range,
      ],
      responses: {
        '200': csv('pair_analytics_{Y}_{X}_{interval}_{stamp}.csv'),
        ...STANDARD_ERRORS,
      },
    },
  };
  return paths;
}

/** The screener's ranking as JSON and as CSV: pairScreen's arguments, its filters flat. */
function screenerPaths(schema: GraphQLSchema): Record<string, unknown> {
  const field = schema.getQueryType()?.getFields()['pairScreen'];
  const filters = schema.getType('PairScreenFilters');
  if (!field || !isInputObjectType(filters)) return {};
  const parameters = queryParameters([
    ...field.args.filter((a) => a.name !== 'filters'),
    ...Object.values(filters.getFields()),
  ]).map((p) =>
    p['name'] === 'orderBy'
      ? { ...p, description: 'what the ranking is ordered by, in any case (p_value or P_VALUE)' }
      : p,
  );
  const description =
    'Runs the GraphQL query field `pairScreen`; the `PairScreenFilters` fields are parameters of their own.';
  return {
    [SCREENER_ROUTES.json]: {
      get: {
        tags: ['v1'],
        operationId: 'pairScreen',
        summary: field.description ?? 'pairScreen',
        description: `${description} Each row carries its last 60 z-scores (zScoreHistory).`,
        parameters,
        responses: { '200': ok(schemaOf(field.type)), ...STANDARD_ERRORS },
      },
    },
    [SCREENER_ROUTES.csv]: {
      get: {
        tags: ['v1'],
        summary: `The screener's ranking as CSV, one row per pair of the page: ${SCREENER_ROUTES.header.join(',')}`,
        description: `${description} time is epoch milliseconds; a null figure is empty.`,
        parameters,
        responses: { '200': csv('screener_{interval}_{window}_{stamp}.csv'), ...STANDARD_ERRORS },
      },
    },
  };
}

/** Adding and removing pairs (the mutations) and importing candles. */
function writePaths(schema: GraphQLSchema): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const mutations = schema.getMutationType()?.getFields() ?? {};
  const pairInput = schema.getType('PairInput');
  const inputFields = isInputObjectType(pairInput) ? Object.values(pairInput.getFields()) : [];
  paths['/api/v1/pairs'] = {
    post: {
      tags: ['v1'],
      operationId: 'addPair',
      summary: mutations['addPair']?.description ?? 'addPair',
      description: 'Runs the GraphQL mutation `addPair` with the body as `input`.',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: inputFields
                .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
                .map((f) => f.name),
              properties: Object.fromEntries(
                inputFields.map((f) => [
                  f.name,
                  {
                    ...schemaOf(f.type),
                    ...(f.description ? { description: f.description } : {}),
                    ...(f.defaultValue !== undefined ? { default: f.defaultValue } : {}),
                  },
                ]),
              ),
            },
          },
        },
      },
      responses: { '200': ok({ $ref: '#/components/schemas/PairInfo' }), ...STANDARD_ERRORS },
    },
    delete: {
      tags: ['v1'],
      operationId: 'removePair',
      summary: mutations['removePair']?.description ?? 'removePair',
      parameters: queryParameters(mutations['removePair']?.args ?? []),
      responses: {
        '200': ok({ $ref: '#/components/schemas/PairInfo' }),
        '404': errorResponse('the pair was not analysed on that interval (NOT_FOUND)'),
        ...STANDARD_ERRORS,
      },
    },
  };
  paths['/api/v1/candles/import'] = {
    post: {
      tags: ['v1'],
      summary: 'Import OHLC bars from CSV (as POST /api/upload/ohlc)',
      requestBody: uploadBody,
      responses: { '200': uploadOk, '413': errorResponse('File too large'), ...STANDARD_ERRORS },
    },
  };
  return paths;
}

/** An input object type as a JSON body schema (the GraphQL input, field for field). */
function inputBody(
  schema: GraphQLSchema,
  typeName: string,
  extra: Record<string, JsonSchema> = {},
) {
  const type = schema.getType(typeName);
  const fields = isInputObjectType(type) ? Object.values(type.getFields()) : [];
  return {
    required: true,
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: fields
            .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
            .map((f) => f.name),
          properties: {
            ...Object.fromEntries(
              fields.map((f) => [
                f.name,
                {
                  ...schemaOf(f.type),
                  ...(f.description ? { description: f.description } : {}),
                  ...(f.defaultValue !== undefined ? { default: f.defaultValue } : {}),
                },
              ]),
            ),
            ...extra,
          },
          additionalProperties: false,
        },
      },
    },
  };
}

const BACKTEST_ERRORS = {
  '400': errorResponse(
    'invalid argument; invalid-backtest-params names the parameter in `field` (its message says what is allowed)',
  ),
  '404': errorResponse('the legs have no aligned final bars in the range (NOT_FOUND)'),
  '422': errorResponse(
    'refused by a limit: bars-limit-exceeded (more bars than API_BACKTEST_MAX_BARS; a sweep counts bars × cells) or time-budget-exceeded (longer than API_BACKTEST_TIME_BUDGET_MS); `limit` and `actual` say by how much',
  ),
  '401': STANDARD_ERRORS['401'],
  '429': STANDARD_ERRORS['429'],
  '503': STANDARD_ERRORS['503'],
};

/** The backtest routes: POST bodies are the GraphQL inputs. */
function backtestPaths(schema: GraphQLSchema): Record<string, unknown> {
  const queries = schema.getQueryType()?.getFields() ?? {};
  const page = {
    first: {
      type: 'integer',
      description: 'equity points in the page (default 1000, at most API_MAX_ROWS)',
    },
    after: { type: 'string', description: 'equity.pageInfo.endCursor of the previous page' },
  };
  const csvOf = (kind: 'trades' | 'equity') => ({
    post: {
      tags: ['v1'],
      summary: `The ${kind === 'trades' ? 'trades' : 'equity curve'} of a backtest as CSV: ${BACKTEST_CSV_ROUTES[kind].header.join(',')}`,
      requestBody: inputBody(schema, 'BacktestInput'),
      responses: {
        '200': csv(`backtest_${kind}_{Y}_{X}_{interval}_{stamp}.csv`),
        ...BACKTEST_ERRORS,
      },
    },
  });
  return {
    '/api/v1/backtest': {
      post: {
        tags: ['v1'],
        operationId: 'backtest',
        summary: queries['backtest']?.description ?? 'backtest',
        description:
          'Runs the GraphQL query `backtest` with the body as `input`; `first` and `after` page the equity curve.',
        requestBody: inputBody(schema, 'BacktestInput', page),
        responses: { '200': ok({ $ref: '#/components/schemas/Backtest' }), ...BACKTEST_ERRORS },
      },
    },
    '/api/v1/backtest/sweep': {
      post: {
        tags: ['v1'],
        operationId: 'backtestSweep',
        summary: queries['backtestSweep']?.description ?? 'backtestSweep',
        description: 'Runs the GraphQL query `backtestSweep` with the body as `input`.',
        requestBody: inputBody(schema, 'BacktestSweepInput'),
        responses: {
          '200': ok({ $ref: '#/components/schemas/BacktestSweep' }),
          ...BACKTEST_ERRORS,
        },
      },
    },
    [BACKTEST_CSV_ROUTES.trades.path]: csvOf('trades'),
    [BACKTEST_CSV_ROUTES.equity.path]: csvOf('equity'),
  };
}

/** The OpenAPI 3.1 document of /api/v1 (from the GraphQL schema) and of the legacy routes. */
export function openApiDocument(schema: GraphQLSchema): Record<string, unknown> {
  const queries = v1QueryPaths(schema);
  const writes = writePaths(schema);
  // GET /api/v1/pairs (a query) and POST/DELETE (mutations) share one path item.
  const pairs = {
    ...(queries['/api/v1/pairs'] as Record<string, unknown>),
    ...(writes['/api/v1/pairs'] as Record<string, unknown>),
  };
  const paths = {
    ...queries,
    ...csvPaths(),
    ...screenerPaths(schema),
    ...writes,
    ...backtestPaths(schema),
    '/api/v1/pairs': pairs,
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'tickstream API',
      version: '1',
      description:
        'REST routes of tickstream. /api/v1 routes run the GraphQL query of the same name (POST /graphql, subscriptions over graphql-ws at /graphql); /api/* without v1 are the older platform’s routes, kept exactly.',
    },
    servers: [{ url: '/' }],
    security: [{}, { apiKeyHeader: [] }, { apiKeyQuery: [] }],
    paths: { ...paths, ...legacyPaths() },
    components: {
      securitySchemes: {
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        apiKeyQuery: { type: 'apiKey', in: 'query', name: 'api_key' },
      },
      schemas: { ...objectSchemas(schema), Error: ERROR },
    },
  };
}
