import { INTERVAL_MS } from '@tickstream/schema';
import { isApiError } from '../errors';
import type { PairAnalysis } from '../generated/graphql';
import { parseBoolean, parseCount, parseInterval } from '../operations/args';
import { csvResponse } from './csv';
import { errorResponse, iso, json, readBody } from './responses';
import type { Route, RouteContext } from './route';

// The older platform's 7 endpoints, as seed/rest-api.md specifies them: same paths,
// parameters, field names, nesting and status codes. Every number comes from the shared
// operations; these adapters only reshape.

const SERVICE = 'Crypto Analytics API';
const DAY_MS = 86_400_000;

const query = (c: RouteContext, name: string) => c.url.searchParams.get(name) ?? undefined;
const noData = (e: unknown) => isApiError(e) && e.code === 'UNKNOWN_SYMBOL';
/** The old server answered any symbol it had no data for with 404, malformed ones included. */
const plausibleSymbol = (s: string) => /^[A-Z0-9]{2,30}$/.test(s);

async function health(c: RouteContext): Promise<Response> {
  const h = await c.ops.health();
  return json(
    { status: h.status, service: SERVICE, timestamp: iso(h.time), components: h.components },
    h.status === 'unhealthy' ? 503 : 200,
  );
}

async function ohlc(c: RouteContext): Promise<Response> {
  const symbol = (c.params['symbol'] ?? '').toUpperCase();
  const interval = parseInterval(query(c, 'interval') ?? '1m');
  const limit = parseCount(query(c, 'limit') ?? '500', 'limit', { max: c.settings.maxRows });
  const noBars = () => errorResponse(404, `No data available for ${symbol}`, 'NOT_FOUND');
  if (!plausibleSymbol(symbol)) return noBars();
  let newest: number | undefined;
  try {
    newest = await c.ops.newestBar(symbol, interval);
  } catch (error) {
    if (noData(error)) return noBars();
    throw error;
  }
  if (newest === undefined) return noBars();
  // The last 24 hours of the symbol's own data: live data ends now, a replayed tape at its end.
  const size = INTERVAL_MS[interval];
  const bars = await c.ops.candles({
    symbol,
    interval,
    from: newest + size - DAY_MS,
    to: newest + size,
    last: limit,
  });
  if (bars.length === 0) return noBars();
  return json({
    symbol,
    interval,
    count: bars.length,
    bars: bars.map((b) => ({
      timestamp: iso(b.start),
      open: b.open,
      high: b.high,
      low: b.low,
      close: b.close,
      volume: b.volume,
      trade_count: b.tradeCount,
    })),
  });
}

export const MIN_STATS_BARS = 10;

async function stats(c: RouteContext): Promise<Response> {
  const symbol = (c.params['symbol'] ?? '').toUpperCase();
  const interval = parseInterval(query(c, 'interval') ?? '1m');
  const window = parseCount(query(c, 'window') ?? '60', 'window', { min: 2, max: 100_000 });
  const force = parseBoolean(query(c, 'force_refresh'), 'force_refresh', false);
  const insufficient = () => errorResponse(404, `Insufficient data for ${symbol}`, 'NOT_FOUND');
  if (!plausibleSymbol(symbol)) return insufficient();
  let s;
  try {
    s = await c.ops.stats({ symbol, interval, window }, force);
  } catch (error) {
    if (noData(error)) return insufficient();
    throw error;
  }
  if (!s || !s.closeStats || !s.volumeStats || s.bars < MIN_STATS_BARS) return insufficient();
  const timestamp = iso(s.time);
  return json({
    price_stats: {
      symbol,
      interval,
      window_size: s.bars,
      mean: s.closeStats.mean,
      std: s.closeStats.std,
      min: s.closeStats.min,
      max: s.closeStats.max,
      current: s.closeStats.current,
      change_pct: s.closeStats.changePct,
      timestamp,
    },
    volume_stats: {
      symbol,
      interval,
      window_size: s.bars,
      mean_volume: s.volumeStats.mean,
      std_volume: s.volumeStats.std,
      total_volume: s.volumeStats.total,
      timestamp,
    },
    last_update: iso(Date.now()),
  });
}

const PAIR_POINTS = 100;

async function pairAnalysisFor(
  c: RouteContext,
  x: string,
  y: string,
  points: number,
  force: boolean,
): Promise<PairAnalysis | null> {
  if (!plausibleSymbol(x.toUpperCase()) || !plausibleSymbol(y.toUpperCase())) return null;
  try {
    return await c.ops.pairAnalysis(
      {
        symbolX: x,
        symbolY: y,
        interval: parseInterval(query(c, 'interval') ?? '1m'),
        window: query(c, 'window') ?? '60',
        zScoreWindow: query(c, 'zscore_window') ?? '20',
        correlationWindow: query(c, 'correlation_window') ?? '60',
        points,
      },
      force,
    );
  } catch (error) {
    if (isApiError(error) && error.code === 'UNKNOWN_SYMBOL') return null;
    throw error;
  }
}

async function pairs(c: RouteContext): Promise<Response> {
  const x = query(c, 'symbol_x');
  const y = query(c, 'symbol_y');
  if (!x || !y) return errorResponse(400, 'symbol_x and symbol_y are required', 'BAD_USER_INPUT');
  const force = parseBoolean(query(c, 'force_refresh'), 'force_refresh', false);
  const interval = parseInterval(query(c, 'interval') ?? '1m');
  const window = parseCount(query(c, 'window') ?? '60', 'window', { min: 3, max: 5_000 });
  const a = await pairAnalysisFor(c, x, y, PAIR_POINTS, force);
  if (!a) return errorResponse(404, 'Insufficient data for pairs analysis', 'NOT_FOUND');
  const timestamp = iso(a.time);
  const body: Record<string, unknown> = {
    symbol_x: a.symbolX,
    symbol_y: a.symbolY,
    interval,
    window,
    regression: {
      hedge_ratio: a.regression?.hedgeRatio ?? null,
      intercept: a.regression?.intercept ?? null,
      r_squared: a.regression?.rSquared ?? null,
      std_error: a.regression?.hedgeRatioStdError ?? null,
      timestamp,
      residual_std_error: a.regression?.stdError ?? null,
      bars: a.regression?.nobs ?? null,
      quality_flags: a.regression?.qualityFlags ?? [],
    },
    spread: { values: a.series.map((p) => p.spread), latest: a.latestSpread },
    z_score: { values: a.series.map((p) => p.zScore), latest: a.latestZScore },
  };
  if (a.stationarity) {
    const adf = a.stationarity.adf;
    body['stationarity'] = {
      test_statistic: adf.statistic,
      p_value: adf.pValue,
      is_stationary: adf.isStationary,
      critical_values: {
        '1%': adf.criticalValues.p1,
        '5%': adf.criticalValues.p5,
        '10%': adf.criticalValues.p10,
      },
      interpretation: a.stationarity.interpretation,
      timestamp,
    };
  }
  if (a.correlation) {
    body['correlation'] = {
      current: a.correlation.current,
      rolling_window: a.correlation.window,
      history: a.correlation.history.map((h) => ({ timestamp: iso(h.time), value: h.value })),
      timestamp,
    };
  }
  body['last_update'] = iso(Date.now());
  return json(body);
}

async function symbols(c: RouteContext): Promise<Response> {
  const [list, pairList] = await Promise.all([c.ops.symbols(), c.ops.pairs()]);
  return json({
    symbols: [...new Set(list.map((s) => s.symbol))].sort(),
    pairs: pairList.map((p) => [p.symbolX, p.symbolY]),
  });
}

const EMPTY_FILENAME = /content-disposition:\s*form-data;\s*name="file";\s*filename=""/i;

async function upload(c: RouteContext): Promise<Response> {
  const type = c.request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('multipart/form-data')) {
    return errorResponse(400, 'No file provided', 'INVALID_UPLOAD');
  }
  const body = await readBody(c.request, c.settings.uploadMaxBytes);
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': type } }).formData();
  } catch {
    return errorResponse(400, 'No file provided', 'INVALID_UPLOAD');
  }
  const file = form.get('file');
  if (file === null || typeof file === 'string') {
    // A browser's empty file input sends the part with filename="", which the form parser
    // reads as a plain field; Flask called that "No file selected".
    if (
      file !== null &&
      EMPTY_FILENAME.test(new TextDecoder().decode(body.subarray(0, 64 * 1024)))
    ) {
      return errorResponse(400, 'No file selected', 'INVALID_UPLOAD');
    }
    return errorResponse(400, 'No file provided', 'INVALID_UPLOAD');
  }
  if (file.name === '') return errorResponse(400, 'No file selected', 'INVALID_UPLOAD');
  if (!file.name.toLowerCase().endsWith('.csv')) {
    return errorResponse(400, 'File must be a CSV', 'INVALID_UPLOAD');
  }
  const text = await file.text();
  if (text.trim() === '') return errorResponse(400, 'File is empty', 'INVALID_UPLOAD');
  try {
    const s = await c.ops.importOhlcCsv(text);
    return json({
      success: true,
      message: `Successfully uploaded ${s.totalBars} OHLC bars`,
      summary: {
        total_bars: s.totalBars,
        symbols: s.symbols,
        intervals: s.intervals,
        time_range: { start: iso(s.start), end: iso(s.end) },
      },
      rejected_count: s.rejectedCount,
      rejected_rows: s.rejected,
    });
  } catch (error) {
    if (isApiError(error) && error.code === 'INVALID_UPLOAD') {
      const rejected = error.details?.['rejected'];
      return errorResponse(
        400,
        error.message,
        error.code,
        rejected ? { rejected_rows: rejected } : {},
      );
    }
    throw error;
  }
}

const EXPORT_HEADER = [
  'index',
  'spread',
  'z_score',
  'hedge_ratio',
  'r_squared',
  'is_stationary',
  'correlation',
  'timestamp',
] as const;

/** `20240719_120000`, UTC. */
export const fileStamp = (ms: number) =>
  iso(ms).slice(0, 19).replace(/-/g, '').replace(/:/g, '').replace('T', '_');

async function exportCsv(c: RouteContext): Promise<Response> {
  const x = (c.params['symbolX'] ?? '').toUpperCase();
  const y = (c.params['symbolY'] ?? '').toUpperCase();
  const interval = parseInterval(query(c, 'interval') ?? '1m');
  const limit = parseCount(query(c, 'limit') ?? '1000', 'limit', { max: c.settings.maxRows });
  const a = await pairAnalysisFor(c, x, y, limit, false);
  if (!a) return errorResponse(404, 'Insufficient data for pairs analysis', 'NOT_FOUND');
  const filename = `analytics_${x}_${y}_${interval}_${fileStamp(Date.now())}.csv`;
  const rows = a.series.entries();
  return csvResponse(
    filename,
    EXPORT_HEADER,
    rows,
    ([index, p]) => [
      index,
      p.spread,
      p.zScore,
      p.hedgeRatio,
      p.rSquared,
      // pandas wrote booleans as True/False; old readers parse those.
      p.isStationary === null || p.isStationary === undefined
        ? null
        : p.isStationary
          ? 'True'
          : 'False',
      p.correlation,
      iso(p.time),
    ],
    (error) => c.logger.error({ err: error }, 'legacy CSV export failed'),
  );
}

export const legacyRoutes: readonly Route[] = [
  { method: 'GET', path: '/api/health', name: 'legacy health', handle: health },
  { method: 'GET', path: '/api/ohlc/{symbol}', name: 'legacy ohlc', handle: ohlc },
  { method: 'GET', path: '/api/stats/{symbol}', name: 'legacy stats', handle: stats },
  { method: 'GET', path: '/api/pairs', name: 'legacy pairs', handle: pairs },
  { method: 'GET', path: '/api/symbols', name: 'legacy symbols', handle: symbols },
  { method: 'POST', path: '/api/upload/ohlc', name: 'legacy upload', handle: upload },
  {
    method: 'GET',
    path: '/api/export/csv/{symbolX}/{symbolY}',
    name: 'legacy export',
    handle: exportCsv,
  },
];

export const uploadHandler = upload;
