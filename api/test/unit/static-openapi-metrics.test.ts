import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { legacyRoutes } from '../../src/http/legacy-routes';
import { SCREENER_ROUTES, V1_FIELDS } from '../../src/http/v1-routes';
import { openApiHarness, type ApiHarness } from '../helpers/api-harness';

describe('the dashboard files', () => {
  let h: ApiHarness;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tickstream-dashboard-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>tickstream</title>');
    writeFileSync(join(dir, 'assets', 'index-AbCdEf12.js'), 'console.log(1)');
    writeFileSync(join(join(dir, '..'), 'secret.txt'), 'secret');
    h = await openApiHarness({ extra: { dashboardDir: dir } });
  });
  afterAll(async () => {
    await h.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and for unknown app paths, never cached', async () => {
    for (const path of ['/', '/pairs/ETHUSDT', '/index.html']) {
      const response = await h.fetch(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('tickstream');
    }
  });

  it('serves hashed assets with a year-long immutable cache and answers revalidation with 304', async () => {
    const response = await h.fetch('/assets/index-AbCdEf12.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/javascript');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const again = await h.fetch('/assets/index-AbCdEf12.js', {
      headers: { 'if-none-match': response.headers.get('etag') ?? '' },
    });
    expect(again.status).toBe(304);
  });

  it('answers missing files and paths outside the directory with 404, and unknown API paths with the old JSON', async () => {
    expect((await h.fetch('/assets/missing.js')).status).toBe(404);
    expect((await h.fetch('/%2e%2e/secret.txt')).status).toBe(404);
    const api = await h.fetch('/api/does/not/exist');
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: 'Endpoint not found', code: 'NOT_FOUND' });
  });
});

describe('the OpenAPI document and /metrics', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness();
  });
  afterAll(() => h.cleanup());

  it('describes every legacy and /api/v1 route', async () => {
    const doc = (await (await h.fetch('/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const legacy = legacyRoutes.map((r) =>
      r.path.replace('{symbolX}', '{symbol_x}').replace('{symbolY}', '{symbol_y}'),
    );
    for (const path of [
      ...legacy,
      ...V1_FIELDS.map((f) => f.path),
      '/api/v1/candles.csv',
      '/api/v1/trades.csv',
      '/api/v1/pair-analytics.csv',
      '/api/v1/candles/import',
      SCREENER_ROUTES.json,
      SCREENER_ROUTES.csv,
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    for (const path of [SCREENER_ROUTES.json, SCREENER_ROUTES.csv]) {
      const screener = doc.paths[path]?.['get'] as { parameters: { name: string }[] };
      expect(screener.parameters.map((p) => p.name)).toEqual([
        'interval',
        'window',
        'orderBy',
        'descending',
        'top',
        'offset',
        'minCorrelation',
        'maxPValue',
        'minHalfLife',
        'maxHalfLife',
        'minAbsZScore',
        'symbols',
      ]);
    }
    const candles = doc.paths['/api/v1/candles']?.['get'] as {
      parameters: { name: string; required: boolean }[];
    };
    expect(candles.parameters.map((p) => [p.name, p.required])).toEqual([
      ['symbol', true],
      ['interval', false],
      ['exchange', false],
      ['from', false],
      ['to', false],
      ['last', false],
    ]);
  });

  it('exposes Prometheus metrics including the API’s own', async () => {
    await h.fetch('/api/symbols');
    const text = await (await h.fetch('/metrics')).text();
    expect(text).toContain(
      'tickstream_api_http_requests_total{route="legacy symbols",method="GET",status="200"',
    );
    expect(text).toContain('tickstream_api_subscribers');
  });
});
