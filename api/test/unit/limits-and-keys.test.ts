import { openApiHarness, type ApiHarness } from '../helpers/api-harness';
import { barsFrom, insertCandles, walk } from '../helpers/seed';

const KEY = 'test-key-0123456789';

describe('API keys', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness({ settings: { apiKeys: [KEY, 'second-key-abcdefgh'] } });
    await insertCandles(h.ch, barsFrom('BTCUSDT', '1m', walk(1, 20, 64_000)));
  });
  afterAll(() => h.cleanup());

  it.each([
    '/api/symbols',
    '/api/v1/symbols',
    '/api/health',
    '/api/openapi.json',
    '/metrics',
    '/api/nope',
  ])('refuses %s without a key with 401 and the documented body', async (path) => {
    const response = await h.fetch(path);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: 'Invalid or missing API key',
      code: 'UNAUTHENTICATED',
    });
  });

  it('refuses GraphQL without a key, or with a wrong one, with UNAUTHENTICATED', async () => {
    for (const headers of [{}, { 'x-api-key': 'wrong-key-123456' }] as Record<string, string>[]) {
      const { status, body } = await h.gql('{ symbols { symbol } }', {}, headers);
      expect(status).toBe(401);
      expect(body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    }
  });

  it('accepts any configured key in the x-api-key header or the api_key query parameter', async () => {
    expect((await h.fetch('/api/symbols', { headers: { 'x-api-key': KEY } })).status).toBe(200);
    expect((await h.fetch('/api/symbols?api_key=second-key-abcdefgh')).status).toBe(200);
    const { status, body } = await h.gql('{ symbols { symbol } }', {}, { 'x-api-key': KEY });
    expect(status).toBe(200);
    expect(body.data).toEqual({ symbols: [{ symbol: 'BTCUSDT' }] });
  });

  it('leaves /health open for probes', async () => {
    expect((await h.fetch('/health')).status).toBe(200);
  });
});

describe('CORS', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness({ settings: { corsOrigins: ['https://app.example.com'] } });
  });
  afterAll(() => h.cleanup());

  it('allows a listed origin and says so in the response headers', async () => {
    const response = await h.fetch('/api/symbols', {
      headers: { origin: 'https://app.example.com' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
  });

  it('answers a preflight from a listed origin', async () => {
    const response = await h.fetch('/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toContain('x-api-key');
  });

  it('refuses other origins with 403 FORBIDDEN_ORIGIN, GraphQL and REST alike', async () => {
    const rest = await h.fetch('/api/symbols', { headers: { origin: 'https://evil.example.com' } });
    expect(rest.status).toBe(403);
    expect(await rest.json()).toEqual({ error: 'Origin not allowed', code: 'FORBIDDEN_ORIGIN' });
    const { status, body } = await h.gql(
      '{ symbols { symbol } }',
      {},
      { origin: 'https://evil.example.com' },
    );
    expect(status).toBe(403);
    expect(body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN_ORIGIN');
  });

  it('always allows the API’s own origin (the dashboard it serves)', async () => {
    const response = await h.fetch('/api/symbols', {
      headers: { origin: 'http://tickstream.test' },
    });
    expect(response.status).toBe(200);
  });
});

describe('GraphQL limits', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness({
      settings: { maxDepth: 4, maxAliases: 3, maxTokens: 200, maxCost: 20, maxDirectives: 3 },
    });
  });
  afterAll(() => h.cleanup());

  it.each([
    [
      'a query deeper than the limit',
      '{ trades(symbol: "X") { edges { node { price } } } pairAnalysis(symbolX: "A", symbolY: "B") { stationarity { adf { criticalValues { p1 } } } } }',
      'QUERY_TOO_DEEP',
    ],
    [
      'more aliases than allowed',
      '{ a: health { status } b: health { status } c: health { status } d: health { status } }',
      'TOO_MANY_ALIASES',
    ],
    [
      'more tokens than allowed',
      `{ ${Array.from({ length: 120 }, () => 'health { status }').join(' ')} }`,
      'TOO_MANY_TOKENS',
    ],
    [
      'a query costing more than allowed',
      '{ ingestStatus { connections { id state url streams reconnects connectedAt lastMessageAt messages } symbols { symbol exchange received produced duplicates backfilled ratePerSecond lastTradeId lastTradeTime } } }',
      'QUERY_TOO_COSTLY',
    ],
    [
      'more directives than allowed',
      '{ health @include(if: true) @include(if: true) { status @skip(if: false) @skip(if: false) } }',
      'TOO_MANY_DIRECTIVES',
    ],
  ])('refuses %s with HTTP 400 and its code', async (_name, query, code) => {
    // GraphQL over HTTP: request errors are 400 for graphql-response+json clients (plain
    // application/json clients get 200 with the same errors, as the spec's legacy rule says).
    const { status, body } = await h.gql(
      query,
      {},
      { accept: 'application/graphql-response+json' },
    );
    expect(body.errors?.[0]?.extensions?.['code']).toBe(code);
    expect(status).toBe(400);
  });

  it('runs a query within every limit', async () => {
    const { body } = await h.gql('{ health { status } }');
    expect(body.errors).toBeUndefined();
  });
});

describe('production and development modes', () => {
  it('turns introspection and GraphiQL off in production', async () => {
    const h = await openApiHarness({ settings: { mode: 'production' } });
    try {
      const { body } = await h.gql('{ __schema { queryType { name } } }');
      expect(body.errors?.[0]?.extensions?.['code']).toBe('INTROSPECTION_DISABLED');
      const page = await h.fetch('/graphql', { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-type') ?? '').not.toContain('text/html');
    } finally {
      await h.cleanup();
    }
  });

  it('serves introspection and GraphiQL in development', async () => {
    const h = await openApiHarness({ settings: { mode: 'development' } });
    try {
      const { body } = await h.gql('{ __schema { queryType { name } } }');
      expect(body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      const page = await h.fetch('/graphql', { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain('GraphiQL');
    } finally {
      await h.cleanup();
    }
  });
});

describe('rate limits and sizes', () => {
  it('refuses a key past its per-minute budget with 429 and Retry-After, other keys unaffected', async () => {
    const h = await openApiHarness({
      settings: { apiKeys: [KEY, 'other-key-abcdefgh'], rateLimitPerMinute: 5 },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++)
        statuses.push((await h.fetch('/api/health', { headers: { 'x-api-key': KEY } })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const refused = await h.fetch('/api/health', { headers: { 'x-api-key': KEY } });
      expect(await refused.json()).toEqual({ error: 'Rate limit exceeded', code: 'RATE_LIMITED' });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      const { status, body } = await h.gql('{ health { status } }', {}, { 'x-api-key': KEY });
      expect(status).toBe(429);
      expect(body.errors?.[0]?.extensions?.['code']).toBe('RATE_LIMITED');
      expect(
        (await h.fetch('/api/health', { headers: { 'x-api-key': 'other-key-abcdefgh' } })).status,
      ).toBe(200);
    } finally {
      await h.cleanup();
    }
  });

  it('refuses an upload above the size limit with 413', async () => {
    const h = await openApiHarness({ settings: { uploadMaxBytes: 2_048 } });
    try {
      const form = new FormData();
      const rows = Array.from(
        { length: 100 },
        (_, i) => `2024-07-19T00:${String(i % 60).padStart(2, '0')}:00Z,BTCUSDT,1m,1,2,1,1,1`,
      );
      form.append(
        'file',
        new Blob([`timestamp,symbol,interval,open,high,low,close,volume\n${rows.join('\n')}`]),
        'big.csv',
      );
      const response = await h.fetch('/api/upload/ohlc', { method: 'POST', body: form });
      expect(response.status).toBe(413);
      expect(((await response.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
    } finally {
      await h.cleanup();
    }
  });
});
