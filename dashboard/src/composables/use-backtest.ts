import { onScopeDispose, ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import { toApiProblem, type ApiProblem } from '../apollo/api-problem';
import { useApi } from '../apollo/injection';
import {
  BacktestDocument,
  BacktestSweepDocument,
  type BacktestInput,
  type BacktestQuery,
  type BacktestSweepInput,
  type BacktestSweepQuery,
} from '../generated/graphql';
import { backtestCsvRequest, csvFileName, csvProblem, type BacktestCsv } from '../data/backtest';

type Run = NonNullable<BacktestQuery['backtest']>;
export type BacktestEquityPoint = Run['equity']['edges'][number]['node'];
export type BacktestRun = Omit<Run, 'equity'> & {
  /** The whole curve, every page of it. */
  readonly equity: readonly BacktestEquityPoint[];
  readonly equityCount: number;
  /** What was asked: the CSV routes are sent the same input. */
  readonly input: BacktestInput;
};
export type BacktestSweepResult = NonNullable<BacktestSweepQuery['backtestSweep']>;
export type BacktestBusy = 'run' | 'sweep' | 'trades' | 'equity';

export interface BacktestHandle {
  readonly run: ShallowRef<BacktestRun | null>;
  readonly sweep: ShallowRef<BacktestSweepResult | null>;
  /** The last refusal or failure of a run or CSV (shown under the form). */
  readonly problem: ShallowRef<ApiProblem | null>;
  readonly sweepProblem: ShallowRef<ApiProblem | null>;
  /** The request under way (the newest one, when a sweep starts during a run). */
  readonly busy: Ref<BacktestBusy | null>;
  backtest(input: BacktestInput): Promise<void>;
  runSweep(input: BacktestSweepInput): Promise<void>;
  download(kind: BacktestCsv, input: BacktestInput): Promise<void>;
  /** Drops the last refusals: the form refused the new parameters itself, before sending. */
  forgetProblems(): void;
  clear(): void;
}

/** Equity points per page: a day of 1s bars is nine pages, the later ones from the API's cache. */
const EQUITY_PAGE = 10_000;

const NO_BARS: ApiProblem = {
  code: 'NO_BARS',
  message: 'the legs have no aligned final bar in this range',
  retriable: false,
};

/**
 * Runs backtests and sweeps on demand (never on their own: a run can take seconds of the
 * API's time), pages the whole equity curve in, and downloads the CSVs through the API's
 * POST routes. A newer request supersedes one still in flight.
 */
export function useBacktest(): BacktestHandle {
  const { apollo } = useApi();
  const run = shallowRef<BacktestRun | null>(null);
  const sweep = shallowRef<BacktestSweepResult | null>(null);
  const problem = shallowRef<ApiProblem | null>(null);
  const sweepProblem = shallowRef<ApiProblem | null>(null);
  const busy = ref<BacktestBusy | null>(null);
  let runSeq = 0;
  let sweepSeq = 0;
  let disposed = false;
  onScopeDispose(() => {
    disposed = true;
  });

  async function backtest(input: BacktestInput) {
    const mine = ++runSeq;
    busy.value = 'run';
    problem.value = null;
    try {
      const equity: BacktestEquityPoint[] = [];
      let after: string | null = null;
      let first: Run | null = null;
      for (;;) {
        const result: { data?: BacktestQuery | undefined } = await apollo.query({
          query: BacktestDocument,
          variables: { input, first: EQUITY_PAGE, after },
          fetchPolicy: 'no-cache',
        });
        if (mine !== runSeq || disposed) return;
        const page: Run | null = result.data?.backtest ?? null;
        if (page === null) {
          run.value = null;
          problem.value = NO_BARS;
          return;
        }
        first ??= page;
        equity.push(...page.equity.edges.map((e) => e.node));
        // The curve is complete at totalCount points, whatever the page info says.
        if (
          !page.equity.pageInfo.hasNextPage ||
          page.equity.pageInfo.endCursor === null ||
          equity.length >= page.equity.totalCount
        )
          break;
        after = page.equity.pageInfo.endCursor;
      }
      if (first === null) return;
      run.value = { ...first, equity, equityCount: first.equity.totalCount, input };
    } catch (e) {
      if (mine !== runSeq || disposed) return;
      run.value = null;
      problem.value = toApiProblem(e);
    } finally {
      if (mine === runSeq && busy.value === 'run') busy.value = null;
    }
  }

  async function runSweep(input: BacktestSweepInput) {
    const mine = ++sweepSeq;
    busy.value = 'sweep';
    sweepProblem.value = null;
    try {
      const result = await apollo.query({
        query: BacktestSweepDocument,
        variables: { input },
        fetchPolicy: 'no-cache',
      });
      if (mine !== sweepSeq || disposed) return;
      sweep.value = result.data?.backtestSweep ?? null;
      if (sweep.value === null) sweepProblem.value = NO_BARS;
    } catch (e) {
      if (mine !== sweepSeq || disposed) return;
      sweep.value = null;
      sweepProblem.value = toApiProblem(e);
    } finally {
      if (mine === sweepSeq && busy.value === 'sweep') busy.value = null;
    }
  }

  async function download(kind: BacktestCsv, input: BacktestInput) {
    busy.value = kind;
    problem.value = null;
    try {
      const { url, init } = backtestCsvRequest(kind, input);
      const response = await fetch(url, init);
      if (!response.ok) {
        const body: unknown = await response.json().catch(() => null);
        problem.value = csvProblem(response.status, body);
        return;
      }
      const blob = await response.blob();
      const name = csvFileName(
        response.headers.get('content-disposition'),
        `backtest_${kind}_${input.symbolY}_${input.symbolX}.csv`,
      );
      // The route is a POST, so a plain link cannot fetch it: the answer is handed to the
      // browser as a file through an object URL.
      const href = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = href;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
    } catch (e) {
      problem.value = toApiProblem(e);
    } finally {
      if (busy.value === kind) busy.value = null;
    }
  }

  return {
    run,
    sweep,
    problem,
    sweepProblem,
    busy,
    backtest,
    runSweep,
    download,
    forgetProblems() {
      problem.value = null;
      sweepProblem.value = null;
    },
    clear() {
      runSeq++;
      sweepSeq++;
      run.value = null;
      sweep.value = null;
      problem.value = null;
      sweepProblem.value = null;
      busy.value = null;
    },
  };
}
