/**
 * Paper trading of a pair (issue 16): the signals the pair stage makes, shaped for the panel
 * beside the Backtest one. Pure: no Vue, no DOM. Every time is UTC, as the API's are.
 */

/** The fields of a `Signal` the panel reads (the generated fragment satisfies it). */
export interface SignalInput {
  readonly pair: string;
  readonly interval: string;
  readonly run: string;
  readonly time: number;
  readonly kind: string;
  readonly action: string;
  readonly side: string;
  readonly reason: string;
  readonly priceY: number;
  readonly priceX: number;
  readonly qtyY?: number | null;
  readonly qtyX?: number | null;
  readonly fees?: number | null;
  readonly position: string;
  readonly positionQtyY: number;
  readonly positionQtyX: number;
  readonly entryTime?: number | null;
  readonly barsHeld?: number | null;
  readonly pnl?: number | null;
  readonly realized: number;
  readonly equity: number;
}

/** Signals the panel keeps and asks for: enough for a few round trips (order + fill each way). */
export const PAPER_LOG_SIZE = 20;

/**
 * What tells two signals apart. A run makes at most one event of a kind, action and side at a
 * bar's close, and a replayed event carries the same values, so this drops the duplicates a
 * subscription that started before the query's answer delivers twice.
 */
export function signalKey(s: SignalInput): string {
  return `${s.run}|${s.time}|${s.kind}|${s.action}|${s.side}`;
}

/**
 * The log with `incoming` merged in, in time order, the newest PAPER_LOG_SIZE kept. Events at
 * the same close keep the order they came in (the stage's: a close before the next open), as
 * the sort is stable. Only the view's interval counts: the subscription is by pair only.
 */
export function addSignals<T extends SignalInput>(
  log: readonly T[],
  incoming: readonly T[],
  interval: string,
  size = PAPER_LOG_SIZE,
): T[] {
  const seen = new Set(log.map(signalKey));
  const next = [...log];
  for (const s of incoming) {
    if (s.interval !== interval) continue;
    const key = signalKey(s);
    if (seen.has(key)) continue;
    seen.add(key);
    next.push(s);
  }
  next.sort((a, b) => a.time - b.time);
  return next.slice(-size);
}

export interface PaperPosition {
  /** flat, long or short (the spread y − βx), held after the latest signal's fills. */
  readonly position: string;
  readonly qtyY: number;
  readonly qtyX: number;
  /**
   * In a position: the close its open fill was at, when that fill is in the log. Flat after a
   * close fill: the entry of the trade it closed (the signal carries it). Otherwise null.
   */
  readonly entryTime: number | null;
  /** Only a close fill carries the bars its trade was held. */
  readonly barsHeld: number | null;
  /** The P&L of the trade the latest signal closed, net of fees. */
  readonly lastPnl: number | null;
  readonly realized: number;
  readonly equity: number;
  /** The latest signal's close and run. */
  readonly asOf: number;
  readonly run: string;
}

/** The position after the latest signal (null for no signal: the pair is not paper-traded). */
export function paperPosition(log: readonly SignalInput[]): PaperPosition | null {
  const latest = log[log.length - 1];
  if (latest === undefined) return null;
  let entryTime: number | null = latest.entryTime ?? null;
  if (latest.position !== 'flat') {
    // The open fill of the position held: the newest of this run, of this side, at or before.
    entryTime = null;
    for (let i = log.length - 1; i >= 0; i--) {
      const s = log[i];
      if (s === undefined || s.run !== latest.run) continue;
      if (s.kind === 'fill' && s.action === 'open' && s.side === latest.position) {
        entryTime = s.time;
        break;
      }
    }
  }
  return {
    position: latest.position,
    qtyY: latest.positionQtyY,
    qtyX: latest.positionQtyX,
    entryTime,
    barsHeld: latest.barsHeld ?? null,
    lastPnl: latest.pnl ?? null,
    realized: latest.realized,
    equity: latest.equity,
    asOf: latest.time,
    run: latest.run,
  };
}

const fixed = (v: number, digits: number) => (Object.is(v, -0) ? 0 : v).toFixed(digits);

/** Money: 2 decimals, signed when asked (P&L), `-0.00` shown as `0.00`. */
export function formatMoney(v: number, signedText = false): string {
  const text = fixed(v, 2);
  return signedText && Number(text) > 0 ? `+${text}` : text;
}

/** A price: 2 decimals from 100 up, 4 from 1, else 4 significant digits (small coins). */
export function formatPrice(v: number): string {
  const a = Math.abs(v);
  if (a >= 100) return fixed(v, 2);
  if (a >= 1) return fixed(v, 4);
  return a === 0 ? '0' : v.toPrecision(4);
}

/** A quantity: 6 significant digits without trailing zeros, signed (> 0 bought). */
export function formatQty(v: number): string {
  if (v === 0) return '0';
  const text = String(Number(v.toPrecision(6)));
  return v > 0 ? `+${text}` : text;
}

/** `YYYY-MM-DD HH:MM:SS` in UTC. */
export function utcTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export type Tone = 'positive' | 'negative' | 'none';
const toneOf = (v: number | null): Tone =>
  v === null || v === 0 ? 'none' : v > 0 ? 'positive' : 'negative';

export interface PositionField {
  readonly key: string;
  readonly label: string;
  readonly text: string;
  readonly tone: Tone;
}

/** The position block's lines, in the order shown. */
export function positionFields(p: PaperPosition): PositionField[] {
  const open = p.position !== 'flat';
  const fields: PositionField[] = [
    { key: 'position', label: 'Position', text: p.position, tone: 'none' },
    { key: 'qtyY', label: 'Quantity y', text: formatQty(p.qtyY), tone: 'none' },
    { key: 'qtyX', label: 'Quantity x', text: formatQty(p.qtyX), tone: 'none' },
  ];
  if (p.entryTime !== null) {
    fields.push({
      key: 'entryTime',
      label: open ? 'Entered' : 'Last trade entered',
      text: utcTime(p.entryTime),
      tone: 'none',
    });
  }
  if (p.barsHeld !== null) {
    fields.push({
      key: 'barsHeld',
      label: open ? 'Bars held' : 'Last trade held',
      text: `${p.barsHeld} bars`,
      tone: 'none',
    });
  }
  if (p.lastPnl !== null) {
    fields.push({
      key: 'lastPnl',
      label: 'Last trade P&L',
      text: formatMoney(p.lastPnl, true),
      tone: toneOf(p.lastPnl),
    });
  }
  fields.push(
    {
      key: 'realized',
      label: 'Realized P&L',
      text: formatMoney(p.realized, true),
      tone: toneOf(p.realized),
    },
    { key: 'equity', label: 'Equity', text: formatMoney(p.equity), tone: 'none' },
    { key: 'asOf', label: 'As of', text: utcTime(p.asOf), tone: 'none' },
  );
  return fields;
}

export interface SignalRow {
  readonly key: string;
  readonly time: string;
  /** e.g. `fill open`: an order is decided at a close, its fill simulated at one. */
  readonly event: string;
  readonly side: string;
  readonly reason: string;
  readonly priceY: string;
  readonly priceX: string;
  /** `qtyY / qtyX` traded, `—` for an order (it trades nothing yet). */
  readonly qty: string;
  readonly pnl: string;
  readonly pnlTone: Tone;
}

/** The table's rows, newest first. */
export function signalRows(log: readonly SignalInput[]): SignalRow[] {
  return [...log].reverse().map((s) => ({
    key: signalKey(s),
    time: utcTime(s.time),
    event: `${s.kind} ${s.action}`,
    side: s.side,
    reason: s.reason,
    priceY: formatPrice(s.priceY),
    priceX: formatPrice(s.priceX),
    qty:
      s.qtyY === null || s.qtyY === undefined || s.qtyX === null || s.qtyX === undefined
        ? '—'
        : `${formatQty(s.qtyY)} / ${formatQty(s.qtyX)}`,
    pnl: s.pnl === null || s.pnl === undefined ? '' : formatMoney(s.pnl, true),
    pnlTone: toneOf(s.pnl ?? null),
  }));
}
