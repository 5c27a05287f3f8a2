import { silentLogger } from '@tickstream/core';
import type { Trade, TradeGap } from '@tickstream/schema';
import { Sequencer } from '../../src/pipeline/sequencer';
import type { Backfiller, BackfillPage } from '../../src/types';
import { sleep } from '../../src/util/sleep';
import { testOrigin } from '../helpers/origin';
import { waitFor } from '../helpers/wait';

function trade(id: number, symbol = 'BTCUSDT'): Trade {
  return {
    type: 'trade',
    exchange: 'binance-futures',
    symbol,
    tradeId: id,
    price: 100,
    qty: 1,
    side: 'buy',
    tradeTime: id,
    eventTime: id,
    ingestTime: id,
  };
}

/** The exchange's history up to `last`, served page by page; `down` makes every page fail. */
function exchange(last: number, options: { down?: boolean; delayMs?: number } = {}) {
  const state = { down: options.down ?? false, calls: 0 };
  const backfiller: Backfiller = {
    async *fetch(symbol, fromId, toId, signal): AsyncGenerator<BackfillPage> {
      state.calls++;
      while (state.down && !signal.aborted) await sleep(5, signal);
      if (options.delayMs) await sleep(options.delayMs, signal);
      const trades: Trade[] = [];
      for (let id = fromId; id <= Math.min(toId, last); id++) trades.push(trade(id, symbol));
      yield { trades, rejected: [] };
    },
    latestTradeId: async () => last,
  };
  return { backfiller, state };
}

function setup() {
  const out: number[] = [];
  const gaps: TradeGap[] = [];
  let duplicates = 0;
  const sequencer = new Sequencer({
    logger: silentLogger,
    emitTrade: (t) => out.push(t.tradeId),
    emitGap: (g) => gaps.push(g),
    onDuplicate: () => duplicates++,
    gapGraceMs: 20,
  });
  return { sequencer, out, gaps, duplicates: () => duplicates };
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('the sequencer with the exchange newest id (trailing gaps)', () => {
  it('backfills the ids after the last one seen when no later trade arrives', async () => {
    const { sequencer, out, gaps } = setup();
    const { backfiller } = exchange(20);
    const first = testOrigin({ session: 1, backfiller });
    for (const id of range(1, 10)) sequencer.push(trade(id), first);
    const reconnect = testOrigin({ session: 2, cause: 'reconnect', backfiller });
    sequencer.expectUpTo('BTCUSDT', 20, reconnect, 'trailing gap after reconnect of test#1');
    expect(sequencer.missingNow()).toBe(0); // within the grace: not known to be missing yet
    await waitFor(() => out.length === 20, 'the tail backfilled');
    expect(out).toEqual(range(1, 20));
    await waitFor(() => gaps.length === 2, 'the gap settled');
    expect(gaps.map((g) => [g.status, g.fromTradeId, g.toTradeId, g.reason])).toEqual([
      ['detected', 11, 20, 'trailing gap after reconnect of test#1'],
      ['backfilled', 11, 20, 'trailing gap after reconnect of test#1; backfilled via REST'],
    ]);
    expect(sequencer.missingNow()).toBe(0);
  });

  it('opens no gap when the trades the exchange has arrive live within the grace', async () => {
    const { sequencer, out, gaps } = setup();
    const { backfiller, state } = exchange(15);
    const origin = testOrigin({ backfiller });
    for (const id of range(1, 10)) sequencer.push(trade(id), origin);
    sequencer.expectUpTo('BTCUSDT', 15, origin, 'trailing gap after reconnect of test#1');
    for (const id of range(11, 16)) sequencer.push(trade(id), origin);
    await sleep(80);
    expect(out).toEqual(range(1, 16));
    expect(gaps).toEqual([]);
    expect(state.calls).toBe(0);
  });

  it('writes live trades that fill a trailing gap once, even when the backfill brings them too', async () => {
    const { sequencer, out, duplicates } = setup();
    const { backfiller } = exchange(30, { delayMs: 60 });
    const origin = testOrigin({ backfiller });
    for (const id of range(1, 10)) sequencer.push(trade(id), origin);
    sequencer.expectUpTo('BTCUSDT', 30, origin, 'trailing gap after reconnect of test#1');
    await waitFor(() => sequencer.activeGaps() === 1, 'the gap declared');
    // Live trades arrive while the backfill runs: the first ones of the gap, then later ones.
    for (const id of [11, 12, 13, 31, 32]) sequencer.push(trade(id), origin);
    await waitFor(() => sequencer.activeGaps() === 0, 'the gap settled');
    expect(out).toEqual(range(1, 32));
    expect(duplicates()).toBe(0);
  });

  it('counts the ids of an open gap as missing while the exchange history is down, and none once filled', async () => {
    const { sequencer, out } = setup();
    const { backfiller, state } = exchange(40, { down: true });
    const origin = testOrigin({ backfiller });
    for (const id of range(1, 10)) sequencer.push(trade(id), origin);
    sequencer.expectUpTo('BTCUSDT', 40, origin, 'trailing gap after reconnect of test#1');
    await waitFor(() => sequencer.activeGaps() === 1, 'the gap declared');
    expect(sequencer.missingNow()).toBe(30);
    state.down = false;
    await waitFor(() => sequencer.activeGaps() === 0, 'the gap filled');
    expect(sequencer.missingNow()).toBe(0);
    expect(out).toEqual(range(1, 40));
  });

  it('continues after the log after a restart when the exchange has newer ids, with the restart as reason', async () => {
    const { sequencer, out, gaps } = setup();
    const { backfiller } = exchange(25);
    sequencer.resume([{ exchange: 'binance-futures', symbol: 'BTCUSDT', lastId: 20 }]);
    sequencer.expectUpTo(
      'BTCUSDT',
      25,
      testOrigin({ backfiller }),
      'trailing gap after new connection test#1',
    );
    await waitFor(() => gaps.length === 2, 'the gap settled');
    expect(out).toEqual(range(21, 25));
    expect(gaps[0]?.reason).toBe('ingest restart (ids after the last one in the log)');
  });

  it('ignores a newest id it has already seen', async () => {
    const { sequencer, gaps } = setup();
    const { backfiller } = exchange(10);
    const origin = testOrigin({ backfiller });
    for (const id of range(1, 10)) sequencer.push(trade(id), origin);
    sequencer.expectUpTo('BTCUSDT', 10, origin, 'trailing gap after reconnect of test#1');
    sequencer.expectUpTo('ETHUSDT', 99, origin, 'never seen: nothing to continue');
    await sleep(60);
    expect(gaps).toEqual([]);
    expect(sequencer.activeGaps()).toBe(0);
  });
});
