import {
  addSignals,
  formatPrice,
  formatQty,
  paperPosition,
  positionFields,
  signalRows,
  type SignalInput,
} from '../../src/data/paper';

const T0 = Date.UTC(2024, 6, 19, 12, 0);
const MINUTE = 60_000;

/** A signal of run `ols` on 1m, flat and at 10,000 unless told. */
function sig(minute: number, over: Partial<SignalInput>): SignalInput {
  return {
    pair: 'ETHUSDT/BTCUSDT',
    interval: '1m',
    run: 'ols',
    time: T0 + minute * MINUTE,
    kind: 'order',
    action: 'open',
    side: 'short',
    reason: 'entry',
    priceY: 3_000 + minute,
    priceX: 60_000 + 10 * minute,
    qtyY: null,
    qtyX: null,
    fees: null,
    position: 'flat',
    positionQtyY: 0,
    positionQtyX: 0,
    entryTime: null,
    barsHeld: null,
    pnl: null,
    realized: 0,
    equity: 10_000,
    ...over,
  };
}

// A short round trip: ordered at 1, filled at 2, close ordered at 3, filled at 4 with a loss.
const orderOpen = sig(1, {});
const fillOpen = sig(2, {
  kind: 'fill',
  qtyY: -3.331,
  qtyX: 0.16655,
  fees: 3.999,
  position: 'short',
  positionQtyY: -3.331,
  positionQtyX: 0.16655,
  realized: -3.999,
  equity: 9_996.001,
});
const orderClose = sig(3, {
  action: 'close',
  reason: 'exit',
  position: 'short',
  positionQtyY: -3.331,
  positionQtyX: 0.16655,
  realized: -3.999,
  equity: 9_990.5,
});
const fillClose = sig(4, {
  kind: 'fill',
  action: 'close',
  reason: 'exit',
  qtyY: 3.331,
  qtyX: -0.16655,
  fees: 4.1,
  entryTime: T0 + 2 * MINUTE,
  barsHeld: 2,
  pnl: -12.25,
  realized: -12.25,
  equity: 9_987.75,
});
// …then long: ordered at the same close as the fill above, filled at 5.
const orderLong = sig(4, { side: 'long', position: 'flat', realized: -12.25, equity: 9_987.75 });
const fillLong = sig(5, {
  kind: 'fill',
  side: 'long',
  qtyY: 3.3,
  qtyX: -0.165,
  position: 'long',
  positionQtyY: 3.3,
  positionQtyX: -0.165,
  realized: -16.5,
  equity: 9_990.25,
});

describe('addSignals', () => {
  it('merges in time order, keeps the order of one close, drops replays and other intervals', () => {
    const live = addSignals([], [fillClose, orderLong], '1m');
    const stored = [orderOpen, fillOpen, orderClose, fillClose];
    const log = addSignals(live, [...stored, sig(3, { interval: '5m' })], '1m');
    expect(log.map((s) => `${(s.time - T0) / MINUTE}:${s.kind}:${s.action}:${s.side}`)).toEqual([
      '1:order:open:short',
      '2:fill:open:short',
      '3:order:close:short',
      '4:fill:close:short',
      '4:order:open:long',
    ]);
    // The same event again (a replay, or the query after the subscription) is kept once.
    expect(addSignals(log, [fillClose], '1m')).toHaveLength(5);
    // The same close, another run: a different event.
    expect(addSignals(log, [{ ...fillClose, run: 'kalman' }], '1m')).toHaveLength(6);
  });

  it('keeps the newest `size`', () => {
    const many = Array.from({ length: 25 }, (_, i) => sig(i, { reason: `r${i}` }));
    const log = addSignals([], many, '1m', 20);
    expect(log).toHaveLength(20);
    expect(log[0]?.time).toBe(T0 + 5 * MINUTE);
    expect(log[19]?.time).toBe(T0 + 24 * MINUTE);
  });
});

describe('paperPosition', () => {
  it('is null without a signal: the pair is not paper-traded', () => {
    expect(paperPosition([])).toBeNull();
  });

  it('in a position: quantities of the latest signal, entered at its open fill', () => {
    const p = paperPosition([orderOpen, fillOpen, orderClose]);
    expect(p).toEqual({
      position: 'short',
      qtyY: -3.331,
      qtyX: 0.16655,
      entryTime: T0 + 2 * MINUTE,
      barsHeld: null,
      lastPnl: null,
      realized: -3.999,
      equity: 9_990.5,
      asOf: T0 + 3 * MINUTE,
      run: 'ols',
    });
  });

  it('flat after a close fill: the closed trade’s entry, bars held and P&L', () => {
    const p = paperPosition([orderOpen, fillOpen, orderClose, fillClose]);
    expect(p?.position).toBe('flat');
    expect(p?.entryTime).toBe(T0 + 2 * MINUTE);
    expect(p?.barsHeld).toBe(2);
    expect(p?.lastPnl).toBe(-12.25);
    expect(p?.realized).toBe(-12.25);
    expect(p?.equity).toBe(9_987.75);
  });

  it('takes the open fill of the side held, not an earlier trade’s', () => {
    const p = paperPosition([fillOpen, orderClose, fillClose, orderLong, fillLong]);
    expect(p?.position).toBe('long');
    expect(p?.entryTime).toBe(T0 + 5 * MINUTE);
    expect([p?.qtyY, p?.qtyX]).toEqual([3.3, -0.165]);
  });

  it('leaves the entry unknown when the open fill is older than the log', () => {
    expect(paperPosition([orderClose])?.entryTime).toBeNull();
  });
});

describe('formatting', () => {
  it('formats prices and signed quantities', () => {
    expect(formatPrice(3_002)).toBe('3002.00');
    expect(formatPrice(1.23456)).toBe('1.2346');
    expect(formatPrice(0.000123456)).toBe('0.0001235');
    expect(formatQty(-10_000 / 3_002)).toBe('-3.33111');
    expect(formatQty(0.16655)).toBe('+0.16655');
    expect(formatQty(0)).toBe('0');
  });

  it('lists the position’s fields with their tone', () => {
    const p = paperPosition([orderOpen, fillOpen, orderClose, fillClose]);
    if (p === null) throw new Error('a position was expected');
    expect(positionFields(p).map((f) => [f.key, f.label, f.text, f.tone])).toEqual([
      ['position', 'Position', 'flat', 'none'],
      ['qtyY', 'Quantity y', '0', 'none'],
      ['qtyX', 'Quantity x', '0', 'none'],
      ['entryTime', 'Last trade entered', '2024-07-19 12:02:00', 'none'],
      ['barsHeld', 'Last trade held', '2 bars', 'none'],
      ['lastPnl', 'Last trade P&L', '-12.25', 'negative'],
      ['realized', 'Realized P&L', '-12.25', 'negative'],
      ['equity', 'Equity', '9987.75', 'none'],
      ['asOf', 'As of', '2024-07-19 12:04:00', 'none'],
    ]);
    const open = paperPosition([fillLong]);
    if (open === null) throw new Error('a position was expected');
    expect(positionFields(open).map((f) => `${f.label}: ${f.text}`)).toEqual([
      'Position: long',
      'Quantity y: +3.3',
      'Quantity x: -0.165',
      'Entered: 2024-07-19 12:05:00',
      'Realized P&L: -16.50',
      'Equity: 9990.25',
      'As of: 2024-07-19 12:05:00',
    ]);
  });

  it('makes the rows newest first, an order without quantities, a close fill with its P&L', () => {
    const rows = signalRows([orderOpen, fillOpen, orderClose, fillClose, sig(6, { pnl: 7.005 })]);
    expect(
      rows.map((r) => [
        r.time,
        r.event,
        r.side,
        r.reason,
        r.priceY,
        r.priceX,
        r.qty,
        r.pnl,
        r.pnlTone,
      ]),
    ).toEqual([
      [
        '2024-07-19 12:06:00',
        'order open',
        'short',
        'entry',
        '3006.00',
        '60060.00',
        '—',
        '+7.00',
        'positive',
      ],
      [
        '2024-07-19 12:04:00',
        'fill close',
        'short',
        'exit',
        '3004.00',
        '60040.00',
        '+3.331 / -0.16655',
        '-12.25',
        'negative',
      ],
      [
        '2024-07-19 12:03:00',
        'order close',
        'short',
        'exit',
        '3003.00',
        '60030.00',
        '—',
        '',
        'none',
      ],
      [
        '2024-07-19 12:02:00',
        'fill open',
        'short',
        'entry',
        '3002.00',
        '60020.00',
        '-3.331 / +0.16655',
        '',
        'none',
      ],
      [
        '2024-07-19 12:01:00',
        'order open',
        'short',
        'entry',
        '3001.00',
        '60010.00',
        '—',
        '',
        'none',
      ],
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(5);
  });
});
