import {
  loadMigrations,
  migrate,
  silentLogger,
  topicSpecs,
  type ClickHouseHandle,
} from '@tickstream/core';
import { PLANTED_MARKET_SYMBOLS, PLANTED_PAIRS, SyntheticTrades } from '@tickstream/ingest';
import { buildPipeline, PROCESS_SETTINGS } from '@tickstream/stream-processors';
import {
  MIGRATIONS_DIR,
  PAIR_SCREEN_SELECT,
  pairScreenOfRow,
  TOPICS,
  type PairScreen,
  type PairScreenReadRow,
  type ScreenerSpec,
  type Trade,
} from '@tickstream/schema';
import { dropDatabase, openTestClickHouse, openTestLog, type TestLog } from '@tickstream/testkit';

// The screener over the planted market (issue 15): 30 symbols, ten of them each cointegrated
// with another at a known hedge ratio and half-life, through the real pipeline (trades → 1 s
// candles → screener → chDB). After a full window every planted pair must rank above every
// independent one by Engle–Granger p-value, and its half-life must fall within the sampling
// error derived below.

const SECONDS = 960;
// The planted market's symbols, listed: a universe known from the start (with `*` a symbol
// first seen after others joins at its next bar, and the first seconds would depend on the
// order the partitions are read in).
const SPEC: ScreenerSpec = {
  symbols: PLANTED_MARKET_SYMBOLS.map((s) => s.symbol).sort(),
  interval: '1s',
  window: 600,
  zScoreWindow: 60,
  testEvery: 20,
  // a backlog is read in seconds: wait for every symbol (the live default is 3 s)
  maxWaitMs: 60_000,
};

function plantedTrades(): Trade[] {
  const generator = new SyntheticTrades({ seed: 2026, symbols: PLANTED_MARKET_SYMBOLS });
  const start = Date.UTC(2024, 6, 19);
  const trades: Trade[] = [];
  for (;;) {
    const t = generator.next().value;
    if (t === undefined || t.time >= start + SECONDS * 1_000) break;
    trades.push({
      type: 'trade',
      exchange: 'synthetic',
      symbol: t.symbol,
      tradeId: t.id,
      price: Number(t.price),
      qty: Number(t.qty),
      side: t.isBuyerMaker ? 'sell' : 'buy',
      tradeTime: t.time,
      eventTime: t.eventTime,
      ingestTime: t.eventTime,
    });
  }
  return trades;
}

const TRADES = plantedTrades();

async function produce(t: TestLog, trades: readonly Trade[]): Promise<void> {
  for (let i = 0; i < trades.length; i += 5_000)
    await t.log.produce(
      TOPICS.trades.name,
      trades.slice(i, i + 5_000).map((trade) => ({
        key: TOPICS.trades.keyOf(trade),
        value: JSON.stringify(trade),
      })),
    );
}

/**
 * Runs the pipeline over the trades of each phase in turn, produced while it runs: the first
 * phase (the market's first seconds) lets the universe form as it does live, the next ones
 * come as a backlog, read partition by partition.
 */
async function runPipeline(
  t: TestLog,
  ch: ClickHouseHandle,
  phases: ReadonlyArray<readonly Trade[]>,
): Promise<void> {
  const pipeline = buildPipeline({
    eventLog: t.log,
    clickhouse: ch.client,
    logger: silentLogger,
    intervals: ['1s'],
    statsWindows: [],
    pairs: [],
    screener: SPEC,
    allowedLatenessMs: PROCESS_SETTINGS.candleAllowedLatenessMs.default,
    maxLatenessMs: PROCESS_SETTINGS.candleMaxLatenessMs.default,
    flushIntervalMs: 100,
  });
  await pipeline.start();
  for (const phase of phases) {
    await produce(t, phase);
    await pipeline.drained();
  }
  await pipeline.stop();
}

/** The index of the first trade at or after `seconds` into the market. */
const tradeAt = (seconds: number) =>
  TRADES.findIndex((trade) => trade.tradeTime >= (TRADES[0]?.tradeTime ?? 0) + seconds * 1_000);

async function rows(ch: ClickHouseHandle, table: string): Promise<PairScreen[]> {
  const result = await ch.client.query({
    query: `SELECT ${PAIR_SCREEN_SELECT} FROM ${table} FINAL ORDER BY pair, time`,
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  return (await result.json<PairScreenReadRow>()).map(pairScreenOfRow);
}

async function openRun(name: string): Promise<{ t: TestLog; ch: ClickHouseHandle }> {
  const t = await openTestLog('embedded');
  await t.log.createTopics(topicSpecs());
  const ch = await openTestClickHouse(name);
  await migrate(ch.client, await loadMigrations(MIGRATIONS_DIR));
  return { t, ch };
}

/** A symbol's 1 s closes up to `through`, from the candles the pipeline wrote. */
async function closesOf(ch: ClickHouseHandle, symbol: string, through: number): Promise<number[]> {
  const result = await ch.client.query({
    query: `SELECT close FROM candles FINAL
            WHERE symbol = {symbol:String} AND bar_interval = '1s' AND is_final = 1
              AND bucket_start <= fromUnixTimestamp64Milli({through:Int64})
            ORDER BY bucket_start`,
    query_params: { symbol, through },
    format: 'JSONEachRow',
  });
  return (await result.json<{ close: number }>()).map((r) => r.close);
}

const planted = new Map(PLANTED_PAIRS.map((p) => [`${p.y}/${p.x}`, p]));
const tickOf = (symbol: string) =>
  10 ** -(PLANTED_MARKET_SYMBOLS.find((s) => s.symbol === symbol)?.priceDecimals ?? 0);

describe('the pair screener on the planted market', () => {
  let whole: { t: TestLog; ch: ClickHouseHandle };
  let latest: PairScreen[];
  const pricesOf = (symbol: string, through: number) => closesOf(whole.ch, symbol, through);

  beforeAll(async () => {
    whole = await openRun('screener_whole');
    await runPipeline(whole.t, whole.ch, [TRADES.slice(0, tradeAt(20)), TRADES.slice(tradeAt(20))]);
    latest = await rows(whole.ch, 'pair_screen_latest');
  }, 240_000);

  afterAll(async () => {
    await whole.t.cleanup();
    await dropDatabase(whole.ch);
  });

  it('screens every pair of the 30 symbols, x the alphabetically first', () => {
    expect(latest).toHaveLength(435);
    for (const row of latest) expect(row.symbolX < row.symbolY).toBe(true);
    // the last screened bars are full windows: no null ranking figure
    expect(latest.filter((r) => r.pValue === null).map((r) => r.pair)).toEqual([]);
  });

  it('ranks each planted pair above every independent pair by Engle–Granger p-value', () => {
    const ranked = [...latest].sort((a, b) => (a.pValue as number) - (b.pValue as number));
    const top = ranked.slice(0, planted.size).map((r) => r.pair);
    expect(new Set(top)).toEqual(new Set(planted.keys()));
    const worstPlanted = ranked[planted.size - 1]?.pValue as number;
    const bestIndependent = ranked[planted.size]?.pValue as number;
    expect(worstPlanted).toBeLessThan(bestIndependent);
    expect(worstPlanted).toBeLessThan(1e-3);
  });

  it('estimates each planted half-life and hedge ratio within their sampling errors', async () => {
    const n = SPEC.window;
    for (const row of latest.filter((r) => planted.has(r.pair))) {
      const p = planted.get(row.pair);
      if (p === undefined) throw new Error(row.pair);
      // The spread is an OU process sampled every second: an AR(1) with φ = exp(−ln 2/h).
      // What the estimate converges to differs from h three ways, all derived here:
      // - half-life = −ln 2/λ with λ = φ̂ − 1 (the engine's definition, statsmodels' OLS of Δs
      //   on s), not −ln 2/ln φ;
      // - the closes carry the trades' noise: the bid-ask bounce of ±1 tick on each leg
      //   (variance ≈ tick², β² tick² for x), uncorrelated from bar to bar, attenuates the
      //   lag-1 autocorrelation by σ²/(σ² + σ²_noise);
      // - OLS of an AR(1) with a constant is biased by −(1 + 3φ)/n (Kendall 1954).
      // Its standard error is √((1 − φ²)/n) in φ, carried to the half-life by the delta
      // method: dh/dφ = ln 2/(1 − φ)². The bound is 4 standard errors.
      const phi = Math.exp(-Math.LN2 / p.halfLifeSeconds);
      const noise = tickOf(p.y) ** 2 + (p.hedgeRatio * tickOf(p.x)) ** 2;
      const attenuated = (phi * p.spreadStd ** 2) / (p.spreadStd ** 2 + noise);
      const expectedPhi = attenuated - (1 + 3 * attenuated) / n;
      const expected = -Math.LN2 / (expectedPhi - 1);
      const se = (Math.LN2 / (1 - expectedPhi) ** 2) * Math.sqrt((1 - expectedPhi ** 2) / n);
      const got = row.halfLife as number;
      expect([row.pair, Math.abs(got - expected) <= 4 * se, got, expected, se]).toEqual([
        row.pair,
        true,
        got,
        expected,
        se,
      ]);
      // and the hedge ratio: OLS of y on x, whose error is the spread's, autocorrelated (an
      // AR(1) inflates its variance by (1 + φ)/(1 − φ)), over n times x's variance in the
      // window. x's variance comes from the window's own prices.
      const xs = (await pricesOf(p.x, row.time)).slice(-n);
      const meanX = xs.reduce((a, b) => a + b, 0) / xs.length;
      const varX = xs.reduce((a, b) => a + (b - meanX) ** 2, 0) / xs.length;
      const seBeta = Math.sqrt(((p.spreadStd ** 2 + noise) * (1 + phi)) / (1 - phi) / (n * varX));
      expect([row.pair, Math.abs((row.hedgeRatio as number) - p.hedgeRatio) <= 4 * seBeta]).toEqual(
        [row.pair, true],
      );
    }
  });

  it('writes history at the test cadence: each pair every testEvery bars', async () => {
    const history = await rows(whole.ch, 'pair_screen');
    const times = history.filter((r) => r.pair === 'PLT00USDT/IND00USDT').map((r) => r.time);
    expect(times.length).toBeGreaterThan(10);
    for (let i = 1; i < times.length; i++)
      expect((times[i] as number) - (times[i - 1] as number)).toBe(SPEC.testEvery * 1_000);
    // the latest row of a pair is its newest history row
    const newest = history.filter((r) => r.pair === 'PLT00USDT/IND00USDT').at(-1);
    expect(latest.find((r) => r.pair === 'PLT00USDT/IND00USDT')).toEqual(newest);
  });

  it('writes the same rows when stopped half-way and restarted as in one run', async () => {
    const split = await openRun('screener_split');
    try {
      const [prime, stop] = [tradeAt(20), tradeAt(700)];
      await runPipeline(split.t, split.ch, [TRADES.slice(0, prime), TRADES.slice(prime, stop)]);
      await runPipeline(split.t, split.ch, [TRADES.slice(stop)]);
      const [a, b] = [await rows(whole.ch, 'pair_screen'), await rows(split.ch, 'pair_screen')];
      expect(b.length).toBe(a.length);
      expect(b).toEqual(a);
    } finally {
      await split.t.cleanup();
      await dropDatabase(split.ch);
    }
  }, 240_000);
});
