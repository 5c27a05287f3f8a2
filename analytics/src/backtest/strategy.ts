import { legFill, openQuantities, type LegFill } from './fills';
import type { BacktestParams } from './params';

/** One bar's figures: the closes and the hedge's β_t and z_t computed through this bar. */
export interface StrategyBar {
  readonly time: number;
  readonly priceX: number;
  readonly priceY: number;
  /** null while the figure is undefined (window not full, zero variance): no signal then. */
  readonly beta: number | null;
  readonly z: number | null;
}

export type Side = 'long' | 'short';
export type ExitReason = 'exit' | 'stop' | 'max-bars' | 'end';

export interface OpenPosition {
  readonly side: Side;
  /** β_t of the signal bar, frozen for the life of the trade. */
  readonly beta: number;
  readonly qy: number;
  readonly qx: number;
  readonly signalIndex: number;
  readonly entryIndex: number;
  readonly entryTime: number;
  readonly entryPriceY: number;
  readonly entryPriceX: number;
  readonly entryFees: number;
}

type PendingOrder =
  | {
      readonly action: 'open';
      readonly side: Side;
      readonly beta: number;
      readonly signalIndex: number;
    }
  | { readonly action: 'close'; readonly reason: ExitReason; readonly signalIndex: number };

/** The whole strategy state; immutable, so a caller can keep any past state. */
export interface StrategyState {
  /** Index of the next bar `stepStrategy` expects. */
  readonly index: number;
  readonly position: OpenPosition | null;
  /** A next-close order signalled on the previous bar. */
  readonly pending: PendingOrder | null;
  /** Set by a stop; cleared once |z| ≤ entry while flat. Blocks entries while set. */
  readonly stopped: boolean;
  /** Closed trades' P&L net of all fees, minus the fees of the open position's entry. */
  readonly realized: number;
  readonly feesPaid: number;
  /** Σ of every leg fill's notional. */
  readonly tradedNotional: number;
  readonly lastBar: StrategyBar | null;
}

export interface Fill {
  readonly index: number;
  readonly time: number;
  readonly action: 'open' | 'close';
  readonly side: Side;
  readonly reason: ExitReason | 'entry';
  readonly signalIndex: number;
  readonly y: LegFill;
  readonly x: LegFill;
}

export interface Trade {
  readonly side: Side;
  readonly beta: number;
  readonly qy: number;
  readonly qx: number;
  readonly entrySignalIndex: number;
  readonly entryIndex: number;
  readonly entryTime: number;
  readonly entryPriceY: number;
  readonly entryPriceX: number;
  readonly exitSignalIndex: number;
  readonly exitIndex: number;
  readonly exitTime: number;
  readonly exitPriceY: number;
  readonly exitPriceX: number;
  readonly reason: ExitReason;
  readonly fees: number;
  /** Legs' P&L at the fill prices minus both fills' fees. */
  readonly pnl: number;
  readonly barsHeld: number;
}

export interface EquityPoint {
  readonly index: number;
  readonly time: number;
  /** capital + realized + unrealized. */
  readonly equity: number;
  readonly realized: number;
  /** The open position marked at this bar's closes (no slippage). */
  readonly unrealized: number;
  /** Held at this bar's close, after its fills. */
  readonly position: Side | 'flat';
}

export interface StepResult {
  readonly state: StrategyState;
  readonly fills: readonly Fill[];
  readonly trades: readonly Trade[];
  readonly point: EquityPoint;
}

export const initialStrategyState = (): StrategyState => ({
  index: 0,
  position: null,
  pending: null,
  stopped: false,
  realized: 0,
  feesPaid: 0,
  tradedNotional: 0,
  lastBar: null,
});

type Params = Pick<
  BacktestParams,
  'fill' | 'entry' | 'exit' | 'stop' | 'maxBars' | 'capital' | 'feeBps' | 'slippageBps'
>;

interface Mutable {
  position: OpenPosition | null;
  pending: PendingOrder | null;
  stopped: boolean;
  realized: number;
  feesPaid: number;
  tradedNotional: number;
  fills: Fill[];
  trades: Trade[];
}

function open(
  m: Mutable,
  order: Extract<PendingOrder, { action: 'open' }>,
  index: number,
  bar: StrategyBar,
  p: Params,
) {
  const { qy, qx } = openQuantities(order.side, order.beta, bar.priceY, p.capital, p.slippageBps);
  const y = legFill(qy, bar.priceY, p.feeBps, p.slippageBps);
  const x = legFill(qx, bar.priceX, p.feeBps, p.slippageBps);
  const fees = y.fee + x.fee;
  m.position = {
    side: order.side,
    beta: order.beta,
    qy,
    qx,
    signalIndex: order.signalIndex,
    entryIndex: index,
    entryTime: bar.time,
    entryPriceY: y.price,
    entryPriceX: x.price,
    entryFees: fees,
  };
  m.realized -= fees;
  m.feesPaid += fees;
  m.tradedNotional += y.notional + x.notional;
  m.fills.push({
    index,
    time: bar.time,
    action: 'open',
    side: order.side,
    reason: 'entry',
    signalIndex: order.signalIndex,
    y,
    x,
  });
}

function close(
  m: Mutable,
  reason: ExitReason,
  signalIndex: number,
  index: number,
  bar: StrategyBar,
  p: Params,
) {
  const pos = m.position;
  if (pos === null) return;
  const y = legFill(-pos.qy, bar.priceY, p.feeBps, p.slippageBps);
  const x = legFill(-pos.qx, bar.priceX, p.feeBps, p.slippageBps);
  const exitFees = y.fee + x.fee;
  const gross = pos.qy * (y.price - pos.entryPriceY) + pos.qx * (x.price - pos.entryPriceX);
  m.realized += gross - exitFees;
  m.feesPaid += exitFees;
  m.tradedNotional += y.notional + x.notional;
  m.fills.push({
    index,
    time: bar.time,
    action: 'close',
    side: pos.side,
    reason,
    signalIndex,
    y,
    x,
  });
  m.trades.push({
    side: pos.side,
    beta: pos.beta,
    qy: pos.qy,
    qx: pos.qx,
    entrySignalIndex: pos.signalIndex,
    entryIndex: pos.entryIndex,
    entryTime: pos.entryTime,
    entryPriceY: pos.entryPriceY,
    entryPriceX: pos.entryPriceX,
    exitSignalIndex: signalIndex,
    exitIndex: index,
    exitTime: bar.time,
    exitPriceY: y.price,
    exitPriceX: x.price,
    reason,
    fees: pos.entryFees + exitFees,
    pnl: gross - pos.entryFees - exitFees,
    barsHeld: index - pos.entryIndex,
  });
  m.position = null;
}

function mutable(s: StrategyState): Mutable {
  return {
    position: s.position,
    pending: s.pending,
    stopped: s.stopped,
    realized: s.realized,
    feesPaid: s.feesPaid,
    tradedNotional: s.tradedNotional,
    fills: [],
    trades: [],
  };
}

function mark(m: Mutable, index: number, bar: StrategyBar, capital: number): EquityPoint {
  const pos = m.position;
  const unrealized =
    pos === null
      ? 0
      : pos.qy * (bar.priceY - pos.entryPriceY) + pos.qx * (bar.priceX - pos.entryPriceX);
  return {
    index,
    time: bar.time,
    equity: capital + m.realized + unrealized,
    realized: m.realized,
    unrealized,
    position: pos === null ? 'flat' : pos.side,
  };
}

function freeze(m: Mutable, index: number, lastBar: StrategyBar | null): StrategyState {
  return {
    index,
    position: m.position,
    pending: m.pending,
    stopped: m.stopped,
    realized: m.realized,
    feesPaid: m.feesPaid,
    tradedNotional: m.tradedNotional,
    lastBar,
  };
}

/**
 * One bar's close. In order: (1) the order signalled on the previous bar fills at this close
 * (next-close); (2) one signal from z_t, on the position then held: a held position checks
 * exit, then stop, then maxBars; a flat one clears the stop block once |z_t| ≤ entry, else
 * enters when |z_t| > entry; with same-close the signal fills at once; (3) the position is
 * marked at this close. Pure: the same state and bar give the same result.
 */
export function stepStrategy(state: StrategyState, bar: StrategyBar, p: Params): StepResult {
  const index = state.index;
  const m = mutable(state);
  const pending = m.pending;
  if (pending !== null) {
    m.pending = null;
    if (pending.action === 'open') open(m, pending, index, bar, p);
    else close(m, pending.reason, pending.signalIndex, index, bar, p);
  }
  const z = bar.z;
  let order: PendingOrder | null = null;
  const pos = m.position;
  if (pos !== null) {
    let reason: ExitReason | null = null;
    if (z !== null && Math.abs(z) <= p.exit) reason = 'exit';
    else if (p.stop !== undefined && z !== null && Math.abs(z) >= p.stop) reason = 'stop';
    else if (p.maxBars !== undefined && index - pos.entryIndex >= p.maxBars) reason = 'max-bars';
    if (reason !== null) {
      if (reason === 'stop') m.stopped = true;
      order = { action: 'close', reason, signalIndex: index };
    }
  } else if (z !== null) {
    if (m.stopped && Math.abs(z) <= p.entry) m.stopped = false;
    if (!m.stopped && bar.beta !== null && Math.abs(z) > p.entry) {
      const side: Side = z > 0 ? 'short' : 'long';
      order = { action: 'open', side, beta: bar.beta, signalIndex: index };
    }
  }
  if (order !== null) {
    if (p.fill === 'same-close') {
      if (order.action === 'open') open(m, order, index, bar, p);
      else close(m, order.reason, index, index, bar, p);
    } else m.pending = order;
  }
  const point = mark(m, index, bar, p.capital);
  return { state: freeze(m, index + 1, bar), fills: m.fills, trades: m.trades, point };
}

/**
 * The end of the range: an open position closes at the last bar's close (reason `end`, with
 * slippage and fees); an order still pending is dropped, as it has no next close to fill at.
 * `point` is the last bar's equity point after that close (undefined when no bar was seen).
 */
export function finishStrategy(
  state: StrategyState,
  p: Params,
): Omit<StepResult, 'point'> & { point: EquityPoint | undefined } {
  const m = mutable(state);
  m.pending = null;
  const bar = state.lastBar;
  if (bar === null)
    return { state: freeze(m, state.index, null), fills: [], trades: [], point: undefined };
  const index = state.index - 1;
  if (m.position !== null) close(m, 'end', index, index, bar, p);
  return {
    state: freeze(m, state.index, bar),
    fills: m.fills,
    trades: m.trades,
    point: mark(m, index, bar, p.capital),
  };
}
