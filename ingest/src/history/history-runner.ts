import { TickstreamError, type EventLog, type Logger } from '@tickstream/core';
import { TOPICS, type HistoryProgress, type Trade } from '@tickstream/schema';
import type { LastTradeId } from '../pipeline/last-trade-ids';
import { sleep } from '../util/sleep';
import type { BinanceHistory } from './binance-history';
import { planHistory, type HistoryPlan, type HistorySettings } from './history-plan';
import {
  progressKey,
  readHistoryProgress,
  writeHistoryProgress,
  type ProgressBySymbol,
} from './history-progress';

// History before the live stream, per symbol: the exchange's klines for the older part of the
// lookback go to the candles topic, then its aggregate trades for the trade lookback go to the
// trades topic, each page acknowledged before the progress record that says it is done. Live
// trades follow from the last trade id history wrote (a gap up to the first live trade is
// filled by the usual backfill), so per symbol the log stays in time order and the processors
// see history before live, exactly as if they had been running.

export interface HistorySeriesStatus {
  readonly series: HistoryProgress['series'];
  readonly source: 'klines' | 'aggTrades';
  readonly from: number;
  readonly to: number;
  /** Up to where it is written (epoch ms). */
  readonly doneTo: number;
  readonly percent: number;
  readonly state: 'pending' | 'fetching' | 'done' | 'failed';
}

export interface HistoryStatus {
  readonly state: 'off' | 'pending' | 'running' | 'done' | 'failed';
  readonly percent: number;
  readonly bars: number;
  readonly aggTrades: number;
  readonly requests: number;
  readonly symbols: Readonly<Record<string, readonly HistorySeriesStatus[]>>;
  readonly error?: string;
}

export interface HistoryRunnerOptions {
  readonly eventLog: EventLog;
  readonly topics: { readonly candles: string; readonly history: string };
  readonly history: BinanceHistory;
  readonly settings: HistorySettings;
  readonly exchange: string;
  /** Writes (batched) to the trades topic; flush() resolves once the log has them. */
  readonly trades: { add(trade: Trade): void; flush(): Promise<void> };
  readonly logger: Logger;
  readonly requests: () => number;
  /** How often a progress line is logged (default 5 s). */
  readonly progressLogMs?: number;
  /** Consecutive failures of one page (other than rate limits) before history gives up (default 5). */
  readonly maxAttempts?: number;
  /** First wait after a failed page (default 1 s, doubling). */
  readonly retryInitialMs?: number;
  readonly onRejected?: (raw: string, reason: string) => void;
}

interface MutableSeries {
  series: HistoryProgress['series'];
  source: 'klines' | 'aggTrades';
  from: number;
  to: number;
  doneTo: number;
  state: HistorySeriesStatus['state'];
}

const percentOf = (s: MutableSeries) =>
  s.to <= s.from ? 100 : Math.min(100, Math.max(0, ((s.doneTo - s.from) / (s.to - s.from)) * 100));

export class HistoryRunner {
  private readonly series = new Map<string, MutableSeries[]>();
  private state: HistoryStatus['state'] = 'pending';
  private bars = 0;
  private aggTrades = 0;
  private error: string | undefined;
  /** The last trade id per symbol recorded as where the live stream got to. */
  private readonly checkpoints = new Map<string, number>();

  constructor(private readonly options: HistoryRunnerOptions) {}

  /**
   * Records where the live stream got to (after history is done), so a restart after a stop
   * of any length knows what the log lacks: by trade id within the trade lookback, from the
   * bar of the last trade beyond it.
   */
  async checkpoint(
    symbols: Readonly<
      Record<string, { readonly lastTradeId?: number; readonly lastTradeTime?: number }>
    >,
  ): Promise<void> {
    if (this.state !== 'done') return;
    for (const [symbol, s] of Object.entries(symbols)) {
      if (s.lastTradeId === undefined || s.lastTradeTime === undefined) continue;
      const previous = this.checkpoints.get(symbol);
      if (previous !== undefined && previous >= s.lastTradeId) continue;
      this.checkpoints.set(symbol, s.lastTradeId);
      await this.record(symbol, 'live', s.lastTradeTime + 1, undefined, s.lastTradeId);
    }
  }

  status(): HistoryStatus {
    const all = [...this.series.values()].flat();
    // Each series counts the same: by time span, the klines (most of the span, few requests)
    // would show nearly done while the aggregate trades (most of the requests) had not begun.
    const overall =
      all.length === 0 ? 0 : all.reduce((sum, s) => sum + percentOf(s), 0) / all.length;
    return {
      state: this.state,
      percent: this.state === 'done' ? 100 : Math.round(overall * 10) / 10,
      bars: this.bars,
      aggTrades: this.aggTrades,
      requests: this.options.requests(),
      symbols: Object.fromEntries(
        [...this.series].map(([symbol, list]) => [
          symbol,
          list.map((s) => ({ ...s, percent: Math.round(percentOf(s) * 10) / 10 })),
        ]),
      ),
      ...(this.error !== undefined ? { error: this.error } : {}),
    };
  }

  /**
   * Fetches every symbol's history; resolves with the last trade id written per symbol (where
   * live continues). Symbols resumed from the log (a short stop) need no trade history.
   */
  async run(
    symbols: readonly string[],
    resumedFromLog: ReadonlySet<string>,
    signal: AbortSignal,
  ): Promise<LastTradeId[]> {
    const { logger } = this.options;
    const startedAt = Date.now();
    const progress = await readHistoryProgress(
      this.options.eventLog,
      this.options.topics.history,
      logger,
    );
    const plans = symbols.map((symbol) => {
      const key = progressKey(this.options.exchange, symbol);
      const plan = planHistory(
        startedAt,
        this.options.settings,
        progress.get(key) ?? new Map(),
        resumedFromLog.has(key),
      );
      this.series.set(symbol, this.seriesOf(plan, startedAt));
      return { symbol, plan };
    });
    this.state = 'running';
    const ticker = setInterval(() => this.logProgress(), this.options.progressLogMs ?? 5_000);
    const last: LastTradeId[] = [];
    try {
      for (const { symbol, plan } of plans) {
        const lastId = await this.runSymbol(symbol, plan, startedAt, progress, signal);
        if (lastId !== undefined) last.push({ exchange: this.options.exchange, symbol, lastId });
      }
      this.state = 'done';
    } catch (error) {
      this.state = signal.aborted ? 'pending' : 'failed';
      this.error = error instanceof Error ? error.message : String(error);
      throw error;
    } finally {
      clearInterval(ticker);
    }
    const status = this.status();
    logger.info(
      {
        bars: status.bars,
        aggTrades: status.aggTrades,
        requests: status.requests,
        ms: Date.now() - startedAt,
      },
      `history done: ${status.bars} bars and ${status.aggTrades} aggregate trades in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
    );
    return last;
  }

  private seriesOf(plan: HistoryPlan, now: number): MutableSeries[] {
    const list: MutableSeries[] = plan.klines.map((k) => ({
      series: k.interval,
      source: 'klines',
      from: k.from,
      to: k.to,
      doneTo: k.from,
      state: 'pending',
    }));
    if (plan.trades !== undefined) {
      list.push({
        series: 'trades',
        source: 'aggTrades',
        from: plan.trades.fromTime,
        to: now,
        doneTo: plan.trades.fromTime,
        state: 'pending',
      });
    }
    return list;
  }

  private async runSymbol(
    symbol: string,
    plan: HistoryPlan,
    startedAt: number,
    progress: ProgressBySymbol,
    signal: AbortSignal,
  ): Promise<number | undefined> {
    const series = this.series.get(symbol) ?? [];
    for (const range of plan.klines) {
      const status = series.find((s) => s.series === range.interval);
      if (status === undefined) continue;
      status.state = 'fetching';
      let from = range.from;
      const pages = () =>
        this.options.history.klines(symbol, range.interval, from, range.to, signal);
      for await (const bars of this.retrying(
        pages,
        () => status.doneTo,
        (to) => (from = to),
        `${symbol} ${range.interval} klines`,
        signal,
      )) {
        if (bars.length > 0) {
          await this.options.eventLog.produce(
            this.options.topics.candles,
            bars.map((b) => ({ key: TOPICS.candles.keyOf(b), value: JSON.stringify(b) })),
          );
          this.bars += bars.length;
        }
        const lastBar = bars.at(-1);
        status.doneTo = lastBar === undefined ? range.to : lastBar.end;
        await this.record(symbol, range.interval, Math.min(status.doneTo, range.to));
      }
      status.doneTo = range.to;
      await this.record(symbol, range.interval, range.to);
      status.state = 'done';
    }
    if (plan.resumeAfterId !== undefined) return plan.resumeAfterId;
    const trades = plan.trades;
    const tradeStatus = series.find((s) => s.series === 'trades');
    if (trades === undefined || tradeStatus === undefined) return undefined;
    tradeStatus.state = 'fetching';
    const known = progress.get(progressKey(this.options.exchange, symbol))?.get('trades');
    let position = { afterAggId: trades.afterAggId, fromTime: trades.fromTime };
    let lastTradeId = trades.afterAggId !== undefined ? known?.lastTradeId : undefined;
    for (;;) {
      const at = position;
      // A page by time covers at most an hour: only a short page by id means caught up.
      const byId = at.afterAggId !== undefined;
      const page = await this.withRetries(
        () => this.options.history.aggTrades(symbol, at, startedAt, signal),
        `${symbol} aggregate trades`,
        signal,
      );
      for (const trade of page.trades) this.options.trades.add(trade);
      await this.options.trades.flush();
      this.aggTrades += page.trades.length;
      if (page.rejected > 0)
        this.options.logger.warn(
          { symbol, rejected: page.rejected },
          'history aggregate trades rejected',
        );
      if (page.lastAggId === undefined || page.lastTime === undefined) break;
      lastTradeId = page.trades.at(-1)?.tradeId ?? lastTradeId;
      position = { afterAggId: page.lastAggId, fromTime: page.lastTime };
      tradeStatus.doneTo = Math.min(page.lastTime + 1, startedAt);
      await this.record(symbol, 'trades', page.lastTime + 1, page.lastAggId, lastTradeId);
      // Caught up: the live stream (and the gap to its first trade) takes it from here.
      if ((byId && !page.full) || page.lastTime >= startedAt) break;
    }
    tradeStatus.doneTo = tradeStatus.to;
    tradeStatus.state = 'done';
    return lastTradeId;
  }

  /**
   * After a failed page: how many failures count now and how long to wait, or the error to
   * give up with. A rate limit is retried as often as it takes (the REST client already waits
   * out its Retry-After before the next request), anything else up to `maxAttempts` times with
   * a doubling wait.
   */
  private nextAttempt(
    error: unknown,
    failures: number,
    what: string,
    signal: AbortSignal,
  ): { readonly failures: number; readonly delayMs: number } {
    signal.throwIfAborted();
    if (!(error instanceof TickstreamError) || !error.retriable) throw error;
    const limited = error.code === 'BACKFILL_RATE_LIMITED';
    const count = limited ? failures : failures + 1;
    if (count >= (this.options.maxAttempts ?? 5)) {
      throw new TickstreamError(
        'HISTORY_FAILED',
        `history gave up on ${what} after ${count} failures: ${error.message}`,
        { cause: error },
      );
    }
    const delayMs = limited ? 0 : (this.options.retryInitialMs ?? 1_000) * 2 ** (count - 1);
    this.options.logger.warn(
      { what, delayMs, err: error.message },
      'history page failed, retrying',
    );
    return { failures: count, delayMs };
  }

  /** Runs `attempt` again after a retriable failure (see nextAttempt). */
  private async withRetries<T>(
    attempt: () => Promise<T>,
    what: string,
    signal: AbortSignal,
  ): Promise<T> {
    let failures = 0;
    for (;;) {
      try {
        return await attempt();
      } catch (error) {
        const next = this.nextAttempt(error, failures, what, signal);
        failures = next.failures;
        await sleep(next.delayMs, signal);
      }
    }
  }

  /** Pages of an async generator, started again from where it got to after a retriable failure. */
  private async *retrying<T>(
    pages: () => AsyncGenerator<T>,
    doneTo: () => number,
    restartFrom: (to: number) => void,
    what: string,
    signal: AbortSignal,
  ): AsyncGenerator<T> {
    let failures = 0;
    for (;;) {
      try {
        for await (const page of pages()) {
          failures = 0;
          yield page;
        }
        return;
      } catch (error) {
        const next = this.nextAttempt(error, failures, what, signal);
        failures = next.failures;
        restartFrom(doneTo());
        await sleep(next.delayMs, signal);
      }
    }
  }

  private async record(
    symbol: string,
    series: HistoryProgress['series'],
    coveredTo: number,
    lastId?: number,
    lastTradeId?: number,
  ): Promise<void> {
    await writeHistoryProgress(this.options.eventLog, this.options.topics.history, {
      type: 'history-progress',
      exchange: this.options.exchange,
      symbol,
      series,
      coveredTo,
      ...(lastId !== undefined ? { lastId } : {}),
      ...(lastTradeId !== undefined ? { lastTradeId } : {}),
      updatedAt: Date.now(),
    });
  }

  private logProgress(): void {
    const status = this.status();
    const active = Object.entries(status.symbols)
      .flatMap(([symbol, list]) =>
        list
          .filter((s) => s.state === 'fetching')
          .map((s) => `${symbol} ${s.series} ${s.percent}%`),
      )
      .join(', ');
    this.options.logger.info(
      { percent: status.percent, bars: status.bars, aggTrades: status.aggTrades },
      `history ${status.percent}%: ${status.bars} bars, ${status.aggTrades} aggregate trades${active ? ` (now ${active})` : ''}`,
    );
  }
}
