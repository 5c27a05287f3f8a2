import { pairName, type PairSpec, type Signal } from '@tickstream/schema';
import { strategyBar, type BacktestFigure } from './backtest';
import { resolveParams, type BacktestParams } from './params';
import {
  initialStrategyState,
  stepStrategy,
  type ExitReason,
  type Fill,
  type StrategyState,
} from './strategy';

/**
 * The backtest parameters of a pair's paper trading, or undefined when it is off. The windows
 * are the pair's own: paper trading follows the figures the pair stage computes (and stores
 * in `pair_analytics`), so a backtest with `window = olsWindow` and `zWindow = zScoreWindow`
 * over the same bars gives the same trades.
 */
export function paperParams(spec: PairSpec): BacktestParams | undefined {
  const paper = spec.paper;
  if (paper === undefined || !paper.enabled) return undefined;
  return resolveParams({
    fill: paper.fill,
    hedge: paper.hedge,
    entry: paper.entry,
    exit: paper.exit,
    ...(paper.stop === null ? {} : { stop: paper.stop }),
    ...(paper.maxBars === null ? {} : { maxBars: paper.maxBars }),
    capital: paper.capital,
    feeBps: paper.feeBps,
    slippageBps: paper.slippageBps,
    window: spec.olsWindow,
    zWindow: spec.zScoreWindow,
  });
}

/** The name of a paper run: its parameters, so a change of them starts another run. */
export function paperRunName(p: BacktestParams): string {
  return [
    p.hedge,
    p.fill,
    `entry=${p.entry}`,
    `exit=${p.exit}`,
    `stop=${p.stop ?? 'none'}`,
    `maxBars=${p.maxBars ?? 'none'}`,
    `capital=${p.capital}`,
    `feeBps=${p.feeBps}`,
    `slippageBps=${p.slippageBps}`,
    `window=${p.window}`,
    `zWindow=${p.zWindow ?? p.window}`,
  ].join(',');
}

type Reason = Signal['reason'];

function liveReason(reason: ExitReason | 'entry'): Reason {
  // `end` closes a backtest's range; a live run never ends, so finishStrategy is never called.
  if (reason === 'end') throw new Error('a paper run has no end-of-range close');
  return reason;
}

/**
 * Paper trading of one pair: the backtester's strategy state (`stepStrategy`, the one
 * implementation of the rules) stepped on the pair's figures bar by bar, each step's orders
 * and fills as `Signal` events. Pure: the same figures in the same order give the same
 * signals, whether they come live from the PairEngine or back from `pair_analytics`.
 */
export class PaperTrader {
  readonly run: string;
  private state: StrategyState = initialStrategyState();
  private lastTime = Number.NEGATIVE_INFINITY;
  private readonly name: string;

  constructor(
    readonly spec: PairSpec,
    readonly params: BacktestParams,
  ) {
    this.run = paperRunName(params);
    this.name = pairName(spec);
  }

  /** The trader of a pair whose paper trading is on, else undefined. */
  static of(spec: PairSpec): PaperTrader | undefined {
    const params = paperParams(spec);
    return params === undefined ? undefined : new PaperTrader(spec, params);
  }

  /** The time of the last bar stepped (−∞ before the first). */
  get lastBarTime(): number {
    return this.lastTime;
  }

  /**
   * Steps the strategy on one final bar's figures and returns its signals: the fill of the
   * order from the previous close first, then the order decided at this close (and, with
   * same-close, its fill). A bar at or before the last one stepped is ignored.
   */
  step(figure: BacktestFigure, version = 1): Signal[] {
    if (figure.time <= this.lastTime) return [];
    const before = this.state;
    const index = before.index;
    const previousTime = this.lastTime;
    const bar = strategyBar(figure, this.params.hedge);
    const result = stepStrategy(before, bar, this.params);
    this.state = result.state;
    this.lastTime = figure.time;

    const after = result.state;
    const held = after.position;
    const common = {
      type: 'signal' as const,
      pair: this.name,
      symbolX: this.spec.symbolX,
      symbolY: this.spec.symbolY,
      interval: this.spec.interval,
      run: this.run,
      time: figure.time,
      z: bar.z,
      position: result.point.position,
      positionQtyY: held?.qy ?? 0,
      positionQtyX: held?.qx ?? 0,
      realized: result.point.realized,
      equity: result.point.equity,
      version,
    };
    const trade = result.trades[0];
    const order = (fill: Pick<Fill, 'action' | 'side' | 'reason'>, beta: number): Signal => ({
      ...common,
      kind: 'order',
      action: fill.action,
      side: fill.side,
      reason: liveReason(fill.reason),
      signalTime: figure.time,
      beta,
      priceY: bar.priceY,
      priceX: bar.priceX,
      qtyY: null,
      qtyX: null,
      fees: null,
      entryTime: null,
      barsHeld: null,
      pnl: null,
    });
    const signals: Signal[] = [];
    for (const fill of result.fills) {
      const closing = fill.action === 'close' ? trade : undefined;
      const beta = closing?.beta ?? held?.beta;
      if (beta === undefined) throw new Error('a paper fill without a position to take β from');
      const sameClose = fill.signalIndex === index;
      if (sameClose) signals.push(order(fill, beta));
      signals.push({
        ...common,
        kind: 'fill',
        action: fill.action,
        side: fill.side,
        reason: liveReason(fill.reason),
        signalTime: sameClose ? figure.time : previousTime,
        beta,
        priceY: fill.y.price,
        priceX: fill.x.price,
        qtyY: fill.y.qty,
        qtyX: fill.x.qty,
        fees: fill.y.fee + fill.x.fee,
        entryTime: closing?.entryTime ?? null,
        barsHeld: closing?.barsHeld ?? null,
        pnl: closing?.pnl ?? null,
      });
    }
    const pending = after.pending;
    if (pending !== null) {
      if (pending.action === 'open')
        signals.push(order({ action: 'open', side: pending.side, reason: 'entry' }, pending.beta));
      else {
        if (held === null) throw new Error('a paper close order without a position');
        signals.push(
          order({ action: 'close', side: held.side, reason: pending.reason }, held.beta),
        );
      }
    }
    return signals;
  }
}
