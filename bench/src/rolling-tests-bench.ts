// Rolling tests benchmark (issue 15): in one run, interleaved, the ADF / Engle–Granger that
// update per bar (RollingPairTests) against the window refit (adfTest / cointTest) and against
// python3-statsmodels (adfuller, coint) per bar; the older platform's work with ADF every bar
// (rolling OLS, z-score, 2 correlations, ADF) with either engine, against statsmodels; the full
// PairEngine with tests every bar before (tests: 'refit') and after (rolling); the cost per
// bar at windows 100 / 500 / 2,000; the memory of one pair's rolling state.
// Usage: npx tsc -b bench && node bench/dist/rolling-tests-bench.js [--json] [--pairs N]
//        [--window N] [--bars N] [--rounds N] [--py-bars N] [--no-python]

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cointTest, RollingPairTests } from '@tickstream/analytics';
import {
  engineRun,
  pairSeries,
  runPython,
  sameWorkRun,
  sameWorkState,
  warmupBars,
  type PairsBenchOptions,
  type Series,
  type UpdatesRun,
} from './pairs-bench';

interface Options {
  readonly pairs: number;
  readonly window: number;
  readonly bars: number;
  readonly rounds: number;
  readonly pyBars: number;
  readonly python: boolean;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};
const r1 = (x: number) => Math.round(x * 10) / 10;
/** runPython also times one ADF on a sample series; this benchmark does not use it. */
const ADF_SAMPLE = new Float64Array(500).map((_, i) => Math.sin(i) + i * 1e-3);

/** µs per bar of (ingest the bar + one test) over `bars` bars of each pair. */
function perBar(
  series: readonly Series[],
  window: number,
  bars: number,
  make: () => { update(x: number, y: number): void; test(): unknown },
): number {
  let elapsed = 0;
  let count = 0;
  for (const s of series) {
    const st = make();
    const warm = window + 20;
    for (let t = 0; t < warm; t++) st.update(s.x[t] as number, s.y[t] as number);
    const started = performance.now();
    for (let t = warm; t < warm + bars; t++) {
      st.update(s.x[t] as number, s.y[t] as number);
      st.test();
      count += 1;
    }
    elapsed += performance.now() - started;
  }
  return (elapsed * 1000) / count;
}

function refitState(window: number) {
  // the test window of the rolling pair state, as PairEngine used it before
  const state = sameWorkState({ window, zWindow: 20 } as PairsBenchOptions);
  return state;
}

const variants = {
  adfRefit: (w: number) => {
    const s = refitState(w);
    return {
      update: (x: number, y: number) => void s.update(x, y),
      test: () => s.adf({ regression: 'c', autoLag: 'AIC' }),
    };
  },
  adfRolling: (w: number) => {
    const t = new RollingPairTests({ window: w });
    return {
      update: (x: number, y: number) => void t.update(x, y),
      test: () => t.spreadAdf({ regression: 'c', autoLag: 'AIC' }),
    };
  },
  cointRefit: (w: number) => {
    const s = refitState(w);
    return {
      update: (x: number, y: number) => void s.update(x, y),
      test: () => {
        const win = s.window();
        return cointTest(win.y, win.x);
      },
    };
  },
  cointRolling: (w: number) => {
    const t = new RollingPairTests({ window: w });
    return { update: (x: number, y: number) => void t.update(x, y), test: () => t.coint() };
  },
  updateOnly: (w: number) => {
    const t = new RollingPairTests({ window: w });
    return { update: (x: number, y: number) => void t.update(x, y), test: () => null };
  },
};

/** The older platform's work (rolling OLS, z-score, 2 correlations, ADF every bar) with the rolling ADF. */
function sameWorkRollingRun(
  series: readonly Series[],
  o: PairsBenchOptions,
  bars: number,
): UpdatesRun {
  const warmup = warmupBars(o);
  let updates = 0;
  let elapsed = 0;
  for (const s of series) {
    const state = sameWorkState(o);
    const tests = new RollingPairTests({ window: o.window });
    for (let t = 0; t < warmup; t++) {
      state.update(s.x[t] as number, s.y[t] as number);
      tests.update(s.x[t] as number, s.y[t] as number);
    }
    const started = performance.now();
    for (let t = warmup; t < warmup + bars; t++) {
      state.update(s.x[t] as number, s.y[t] as number);
      tests.update(s.x[t] as number, s.y[t] as number);
      tests.spreadAdf({ regression: 'c', autoLag: 'AIC' });
      updates += 1;
    }
    elapsed += performance.now() - started;
  }
  return {
    adfEvery: 1,
    updates,
    seconds: elapsed / 1000,
    updatesPerSec: Math.round(updates / (elapsed / 1000)),
  };
}

function pythonPerBar(s: Series, window: number, bars: number) {
  const dir = mkdtempSync(join(tmpdir(), 'tickstream-bench-rolling-'));
  try {
    const input = join(dir, 'input.json');
    writeFileSync(
      input,
      JSON.stringify({ window, warmup: window + 20, bars, x: [...s.x], y: [...s.y] }),
    );
    const script = join(__dirname, '..', 'scripts', 'rolling_tests_statsmodels.py');
    const run = spawnSync('/usr/bin/python3', [script, input], { encoding: 'utf8' });
    if (run.error || run.status !== 0) {
      throw new Error(
        `python3 ${script} failed (apt-get install -y python3-statsmodels): ${run.error?.message ?? run.stderr}`,
      );
    }
    return JSON.parse(run.stdout) as {
      statsmodels: string;
      adf: { microsPerBar: number; lastStatistic: number };
      coint: { microsPerBar: number; lastStatistic: number };
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Bytes of one pair's rolling state (its typed arrays, counted; object headers aside). */
function bytesPerPair(window: number): number {
  return new RollingPairTests({ window }).stateBytes;
}

export async function benchRollingTests(o: Options) {
  const pOpts = {
    pairs: o.pairs,
    window: o.window,
    zWindow: 20,
    barsEveryBar: o.bars,
    barsEvery10: 0,
    pyBarsEveryBar: o.pyBars,
    pyBarsEvery10: 1,
    adfRepeats: 5,
    stage: false,
    python: o.python,
  } satisfies PairsBenchOptions;
  const longest = Math.max(o.bars, o.pyBars) + 40;
  const series = pairSeries(o.pairs, 2000 + 20 + longest);
  const load: number[][] = [loadavg()];
  // JIT warm-up, unmeasured
  for (const make of Object.values(variants))
    perBar(series.slice(0, 1), o.window, 20, () => make(o.window));
  engineRun(series.slice(0, 2), pOpts, 1, 20, { tests: 'refit' });
  engineRun(series.slice(0, 2), pOpts, 1, 20);

  const samples: Record<string, number[]> = {};
  let pyVersion = '';
  const note = (k: string, v: number) => (samples[k] ??= []).push(v);
  for (let round = 0; round < o.rounds; round++) {
    // interleaved: each pair of before/after measured back to back
    note(
      'adfRefit',
      perBar(series, o.window, o.bars, () => variants.adfRefit(o.window)),
    );
    note(
      'adfRolling',
      perBar(series, o.window, o.bars, () => variants.adfRolling(o.window)),
    );
    note(
      'cointRefit',
      perBar(series, o.window, o.bars, () => variants.cointRefit(o.window)),
    );
    note(
      'cointRolling',
      perBar(series, o.window, o.bars, () => variants.cointRolling(o.window)),
    );
    note(
      'updateOnly',
      perBar(series, o.window, o.bars, () => variants.updateOnly(o.window)),
    );
    note('sameWorkRefit', sameWorkRun(series, pOpts, 1, o.bars).updatesPerSec);
    note('sameWorkRolling', sameWorkRollingRun(series, pOpts, o.bars).updatesPerSec);
    note('engineRefit', engineRun(series, pOpts, 1, o.bars, { tests: 'refit' }).updatesPerSec);
    note('engineRolling', engineRun(series, pOpts, 1, o.bars).updatesPerSec);
    if (o.python) {
      // statsmodels in the same round, so that its figures see the same load
      const per = pythonPerBar(series[round % series.length] as Series, o.window, o.pyBars);
      pyVersion = per.statsmodels;
      note('pyAdf', per.adf.microsPerBar);
      note('pyCoint', per.coint.microsPerBar);
      const same = runPython(
        series.slice(0, Math.max(1, Math.round(o.pairs / 4))),
        { ...pOpts, pyBarsEveryBar: o.pyBars, pyBarsEvery10: 1 },
        ADF_SAMPLE,
      );
      note('pySameWork', same.runs[0]?.updatesPerSec ?? NaN);
    }
    load.push(loadavg());
  }
  // window scaling (rolling vs refit, ADF + Engle–Granger every bar), one pair
  const scaling = [100, 500, 2000].map((w) => {
    const one = series.slice(0, 2);
    const bars = Math.max(20, Math.round(o.bars / 2));
    const rolling = perBar(one, w, bars, () => {
      const t = new RollingPairTests({ window: w });
      return {
        update: (x: number, y: number) => void t.update(x, y),
        test: () => [t.spreadAdf({ regression: 'c', autoLag: 'AIC' }), t.coint()],
      };
    });
    const refit = perBar(one, w, Math.max(5, Math.round(bars / 4)), () => {
      const s = refitState(w);
      return {
        update: (x: number, y: number) => void s.update(x, y),
        test: () => {
          const win = s.window();
          return [s.adf({ regression: 'c', autoLag: 'AIC' }), cointTest(win.y, win.x)];
        },
      };
    });
    const update = perBar(one, w, bars, () => variants.updateOnly(w));
    return {
      window: w,
      rollingMicros: r1(rolling),
      refitMicros: r1(refit),
      updateMicros: r1(update),
      bytes: bytesPerPair(w),
    };
  });
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  const python = o.python
    ? {
        versions: `statsmodels ${pyVersion}`,
        adfMicros: r1(m['pyAdf'] as number),
        cointMicros: r1(m['pyCoint'] as number),
        sameWorkUpdatesPerSec: Math.round(m['pySameWork'] as number),
      }
    : null;
  const range = Object.fromEntries(
    Object.entries(samples).map(([k, v]) => [k, [r1(Math.min(...v)), r1(Math.max(...v))]]),
  );
  return {
    pairs: o.pairs,
    window: o.window,
    bars: o.bars,
    rounds: o.rounds,
    load: load.map((l) => l.map((x) => Math.round(x * 100) / 100)),
    medians: Object.fromEntries(Object.entries(m).map(([k, v]) => [k, r1(v as number)])),
    ranges: range,
    python,
    scaling,
  };
}

type Result = Awaited<ReturnType<typeof benchRollingTests>>;

export function rollingTestsMarkdown(r: Result): string {
  const m = r.medians as Record<string, number>;
  const py = r.python;
  const x = (a: number, b: number) => `${r1(a / b)}×`;
  const lines = [
    `${r.pairs} cointegrated pairs, window ${r.window}, ${r.bars} measured bars per pair and variant, ${r.rounds} interleaved rounds, statsmodels in every round too (median; ranges below). Load average (1/5/15 min) before, after each round: ${r.load.map((l) => l.join('/')).join('; ')}.`,
    '',
    '| per bar, ingest the bar + the test | rolling (µs) | window refit (µs) | statsmodels (µs) | rolling ÷ refit | rolling ÷ statsmodels | refit ÷ statsmodels |',
    '|---|---|---|---|---|---|---|',
    `| ADF of the window's OLS spread, 'c', autolag AIC | ${m['adfRolling']} | ${m['adfRefit']} | ${py?.adfMicros ?? '—'} | ${x(m['adfRefit']!, m['adfRolling']!)} | ${py ? x(py.adfMicros, m['adfRolling']!) : '—'} | ${py ? x(py.adfMicros, m['adfRefit']!) : '—'} |`,
    `| Engle–Granger coint(y, x), trend 'c', autolag AIC | ${m['cointRolling']} | ${m['cointRefit']} | ${py?.cointMicros ?? '—'} | ${x(m['cointRefit']!, m['cointRolling']!)} | ${py ? x(py.cointMicros, m['cointRolling']!) : '—'} | ${py ? x(py.cointMicros, m['cointRefit']!) : '—'} |`,
    `| the cross-products' update alone | ${m['updateOnly']} | — | — | | | |`,
    '',
    '| updates/s, tests every bar | rolling | refit (before) | after ÷ before | ÷ statsmodels (rolling / refit) |',
    '|---|---|---|---|---|',
    `| older platform's work: rolling OLS, z-score, 2 correlations, ADF every bar | ${m['sameWorkRolling']} | ${m['sameWorkRefit']} | ${x(m['sameWorkRolling']!, m['sameWorkRefit']!)} | ${py ? `${x(m['sameWorkRolling']!, py.sameWorkUpdatesPerSec)} / ${x(m['sameWorkRefit']!, py.sameWorkUpdatesPerSec)} (statsmodels ${py.sameWorkUpdatesPerSec}/s)` : '—'} |`,
    `| full PairEngine: every figure, Kalman, alerts; ADF + Engle–Granger + half-life + Hurst every bar | ${m['engineRolling']} | ${m['engineRefit']} | ${x(m['engineRolling']!, m['engineRefit']!)} | — |`,
    '',
    '| window | rolling ADF + coint per bar (µs) | refit ADF + coint per bar (µs) | update alone (µs) | state per pair (bytes, counted) |',
    '|---|---|---|---|---|',
    ...r.scaling.map(
      (s) =>
        `| ${s.window} | ${s.rollingMicros} | ${s.refitMicros} | ${s.updateMicros} | ${s.bytes.toLocaleString('en-US')} |`,
    ),
    '',
    `Ranges: ${JSON.stringify(r.ranges)}`,
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pairs: { type: 'string', default: '8' },
      window: { type: 'string', default: '500' },
      bars: { type: 'string', default: '200' },
      rounds: { type: 'string', default: '3' },
      'py-bars': { type: 'string', default: '30' },
      'no-python': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const result = await benchRollingTests({
    pairs: Number(values.pairs),
    window: Number(values.window),
    bars: Number(values.bars),
    rounds: Number(values.rounds),
    pyBars: Number(values['py-bars']),
    python: !values['no-python'],
  });
  console.log(values.json ? JSON.stringify(result) : rollingTestsMarkdown(result));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
