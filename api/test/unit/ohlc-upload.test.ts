import { openApiHarness, type ApiHarness } from '../helpers/api-harness';
import { barsFrom, count, insertCandles, T0 } from '../helpers/seed';

const HEADER = 'timestamp,symbol,interval,open,high,low,close,volume,trade_count';

function upload(h: ApiHarness, content: string | null, filename = 'bars.csv', field = 'file') {
  const form = new FormData();
  if (content !== null) form.append(field, new Blob([content], { type: 'text/csv' }), filename);
  return h.fetch('/api/upload/ohlc', { method: 'POST', body: form });
}

describe('POST /api/upload/ohlc', () => {
  let h: ApiHarness;
  beforeEach(async () => {
    h = await openApiHarness();
  });
  afterEach(() => h.cleanup());

  it.each([
    ['no file part', null, 'bars.csv', 'No file provided'],
    ['a file that is not .csv', 'x', 'bars.txt', 'File must be a CSV'],
    ['an empty file', '  \n', 'bars.csv', 'File is empty'],
    [
      'a header without required columns',
      'timestamp,symbol,open\n2024-07-19T00:00:00Z,BTCUSDT,1',
      'bars.csv',
      'Missing required columns: interval, high, low, close, volume',
    ],
  ])('refuses %s with 400 and the old message', async (_name, content, filename, message) => {
    const response = await upload(h, content, filename);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe(message);
  });

  it('refuses an empty file input (a part with filename="") with "No file selected"', async () => {
    const boundary = '----tickstream';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--${boundary}--\r\n`;
    const response = await h.fetch('/api/upload/ohlc', {
      method: 'POST',
      body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'No file selected' });
  });

  it('refuses a request that is not multipart with "No file provided"', async () => {
    const response = await h.fetch('/api/upload/ohlc', {
      method: 'POST',
      body: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'No file provided' });
  });

  it('reports every invalid row with its line number and refuses a file with none valid', async () => {
    const csv = [
      HEADER,
      '2024-07-19T00:00:00Z,BTCUSDT,1m,100,99,98,100,1,3', // high below open
      'not-a-time,BTCUSDT,1m,100,101,99,100,1,3',
      '2024-07-19T00:01:00Z,BTCUSDT,7m,100,101,99,100,1,3',
      '2024-07-19T00:02:00Z,BTCUSDT,1m,100,101,99,100,-1,3',
      '2024-07-19T00:03:30Z,BTCUSDT,1m,100,101,99,100,1,3', // not on a minute
      '2024-07-19T00:04:00Z,BTCUSDT,1m,100,101,101,100,1,3', // low above close
      '2024-07-19T00:05:00Z,BTCUSDT,1m,100,101,99',
    ].join('\n');
    const response = await upload(h, csv);
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: string;
      rejected_rows: { line: number; reason: string }[];
    };
    expect(body.error).toBe('No valid rows found');
    expect(body.rejected_rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(body.rejected_rows[0]?.reason).toMatch(/high/);
    expect(body.rejected_rows[2]?.reason).toMatch(/interval/);
    expect(body.rejected_rows[6]?.reason).toMatch(/expected 9 fields/);
    expect(await count(h.ch, 'imported_candles')).toBe(0);
  });

  it('stores the valid rows, summarises them as the old server did and lists the rejected ones', async () => {
    const csv = [
      HEADER,
      '2024-07-19T00:00:00Z,btcusdt,1m,100,101,99,100.5,2,7',
      '2024-07-19T00:01:00Z,BTCUSDT,1m,100.5,102,100,101,3,',
      '2024-07-19T00:01:00Z,BTCUSDT,1m,100.5,102,100,101,3,9',
      '2024-07-19T00:05:00.000Z,ETHUSDT,5m,10,11,9,10,1,1',
    ].join('\r\n');
    const response = await upload(h, csv);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      success: true,
      message: 'Successfully uploaded 3 OHLC bars',
      summary: {
        total_bars: 3,
        symbols: ['BTCUSDT', 'ETHUSDT'],
        intervals: ['1m', '5m'],
        time_range: { start: '2024-07-19T00:00:00.000Z', end: '2024-07-19T00:05:00.000Z' },
      },
      rejected_count: 1,
      rejected_rows: [
        { line: 4, reason: 'duplicate of line 3 (same symbol, interval and timestamp)' },
      ],
    });
    const ohlc = (await (await h.fetch('/api/ohlc/BTCUSDT?interval=1m')).json()) as {
      bars: unknown[];
    };
    expect(ohlc.bars).toEqual([
      {
        timestamp: '2024-07-19T00:00:00.000Z',
        open: 100,
        high: 101,
        low: 99,
        close: 100.5,
        volume: 2,
        trade_count: 7,
      },
      {
        timestamp: '2024-07-19T00:01:00.000Z',
        open: 100.5,
        high: 102,
        low: 100,
        close: 101,
        volume: 3,
        trade_count: 0,
      },
    ]);
  });

  it('never lets an imported bar overwrite a bar materialized from live trades', async () => {
    const [live] = barsFrom('BTCUSDT', '1m', [64_000], T0);
    if (!live) throw new Error('no bar');
    await insertCandles(h.ch, [live]);
    const iso = new Date(T0).toISOString();
    const next = new Date(T0 + 60_000).toISOString();
    const response = await upload(
      h,
      `${HEADER}\n${iso},BTCUSDT,1m,1,2,1,1,5,1\n${next},BTCUSDT,1m,1,2,1,1.5,5,1`,
    );
    expect(response.status).toBe(200);
    const { body } = await h.gql<{ candles: { start: number; close: number; source: string }[] }>(
      '{ candles(symbol: "BTCUSDT", last: 10) { start close source } }',
    );
    expect(body.data?.candles).toEqual([
      { start: T0, close: live.close, source: 'live' },
      { start: T0 + 60_000, close: 1.5, source: 'imported' },
    ]);
    expect(await count(h.ch, 'candles')).toBe(1);
  });

  it('replaces an earlier import of the same bar with a later one', async () => {
    const iso = new Date(T0).toISOString();
    await upload(h, `${HEADER}\n${iso},BTCUSDT,1m,1,2,1,1,5,1`);
    await upload(h, `${HEADER}\n${iso},BTCUSDT,1m,1,3,1,2,5,1`);
    const { body } = await h.gql<{ candles: { close: number; high: number }[] }>(
      '{ candles(symbol: "BTCUSDT") { close high } }',
    );
    expect(body.data?.candles).toEqual([{ close: 2, high: 3 }]);
  });
});
