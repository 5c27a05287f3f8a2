import { silentLogger } from '@tickstream/core';
import type { Trade, TradeGap } from '@tickstream/schema';
import type { Backfiller, BackfillPage, MessageOrigin } from '../../src/types';
import { Sequencer, type SequencerOptions } from '../../src/pipeline/sequencer';
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

/** A backfiller over a fixed history, with an optional delay per page and a page size. */
function historyBackfiller(
  have: (id: number) => boolean,
  options: { pageSize?: number; delayMs?: number; fail?: boolean } = {},
): Backfiller & { calls: [number, number][] } {
  const calls: [number, number][] = [];
  return {
    calls,
    async *fetch(symbol, fromId, toId, signal): AsyncGenerator<BackfillPage> {
      calls.push([fromId, toId]);
      if (options.fail) throw new Error('exchange unreachable');
      const size = options.pageSize ?? 1000;
      for (let from = fromId; from <= toId && !signal.aborted; from += size) {
        if (options.delayMs) await sleep(options.delayMs, signal);
        const trades: Trade[] = [];
        for (let id = from; id <= Math.min(toId, from + size - 1); id++)
          if (have(id)) trades.push(trade(id, symbol));
        yield { trades, rejected: [] };
      }
    },
  };
}

function setup(overrides: Partial<SequencerOptions> = {}) {
  const out: number[] = [];
  const gaps: TradeGap[] = [];
  let duplicates = 0;
  const sequencer = new Sequencer({
    logger: silentLogger,
    emitTrade: (t) => out.push(t.tradeId),
    emitGap: (g) => gaps.push(g),
    onDuplicate: () => duplicates++,
    gapGraceMs: 20,
    ...overrides,
  });
  return { sequencer, out, gaps, duplicates: () => duplicates };
}

function push(
  sequencer: Sequencer,
  ids: number[],
  origin: MessageOrigin,
  symbol = 'BTCUSDT',
): void {
  for (const id of ids) sequencer.push(trade(id, symbol), origin);
}

describe('the sequencer', () => {
  it('passes trades in sequence straight through', () => {
    const { sequencer, out, gaps } = setup();
    push(sequencer, [5, 6, 7, 8], testOrigin());
    expect(out).toEqual([5, 6, 7, 8]);
    expect(gaps).toEqual([]);
  });

  it('drops trades already written, as two overlapping connections deliver them', () => {
    const { sequencer, out, duplicates } = setup();
    const old = testOrigin({ session: 1 });
    const next = testOrigin({ session: 2, cause: 'rotation' });
    push(sequencer, [1, 2, 3], old);
    push(sequencer, [2, 3, 4], next);
    push(sequencer, [4, 5], old);
    push(sequencer, [5, 6], next);
    expect(out).toEqual([1, 2, 3, 4, 5, 6]);
    expect(duplicates()).toBe(4);
  });

  it('waits out the grace period for ids that arrive a little out of order, without calling it a gap', async () => {
    const { sequencer, out, gaps } = setup({ gapGraceMs: 200 });
    const a = testOrigin({ session: 1 });
    const b = testOrigin({ session: 2, cause: 'rotation' });
    push(sequencer, [1, 2], a);
    push(sequencer, [5, 6], b); // the new socket runs ahead
    push(sequencer, [3, 4], a);
    expect(out).toEqual([1, 2, 3, 4, 5, 6]);
    await new Promise((r) => setTimeout(r, 250));
    expect(gaps).toEqual([]);
  });

  it('backfills a gap and keeps per-symbol id order in the output', async () => {
    const backfiller = historyBackfiller(() => true, { pageSize: 3 });
    const { sequencer, out, gaps } = setup();
    push(sequencer, [1, 2], testOrigin({ session: 1, backfiller }));
    push(
      sequencer,
      [10, 11],
      testOrigin({ session: 2, cause: 'reconnect', connection: 'c#1', backfiller }),
    );
    await waitFor(() => out.length === 11, 'all trades');
    expect(out).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(backfiller.calls).toEqual([[3, 9]]);
    expect(gaps.map((g) => [g.status, g.fromTradeId, g.toTradeId])).toEqual([
      ['detected', 3, 9],
      ['backfilled', 3, 9],
    ]);
    expect(gaps[0]?.reason).toBe('reconnect of c#1');
  });

  it('records what the exchange no longer has as unrecoverable and moves on', async () => {
    const backfiller = historyBackfiller((id) => id !== 5 && id !== 6);
    const { sequencer, out, gaps } = setup();
    const origin = testOrigin({ backfiller });
    push(sequencer, [1, 2], origin);
    push(sequencer, [9, 10], origin);
    await waitFor(() => gaps.length === 2, 'settled gap');
    expect(out).toEqual([1, 2, 3, 4, 7, 8, 9, 10]);
    expect(gaps[1]).toMatchObject({ status: 'unrecoverable', fromTradeId: 5, toTradeId: 6 });
    expect(gaps[0]?.reason).toBe('ids skipped within one connection');
  });

  it('settles a gap as unrecoverable when no backfill exists for the source', async () => {
    const { sequencer, out, gaps } = setup();
    push(sequencer, [1, 4], testOrigin());
    await waitFor(() => gaps.length === 2, 'settled gap');
    expect(out).toEqual([1, 4]);
    expect(gaps.map((g) => g.status)).toEqual(['detected', 'unrecoverable']);
    expect(gaps[1]?.reason).toContain('no backfill');
  });

  it('settles a gap as unrecoverable when the backfill fails', async () => {
    const backfiller = historyBackfiller(() => true, { fail: true });
    const { sequencer, gaps } = setup();
    push(sequencer, [1, 4], testOrigin({ backfiller }));
    await waitFor(() => gaps.length === 2, 'settled gap');
    expect(gaps[1]).toMatchObject({ status: 'unrecoverable', fromTradeId: 2, toTradeId: 3 });
    expect(gaps[1]?.reason).toContain('exchange unreachable');
  });

  it('releases held trades when a backfill is slow, then writes the late fills exactly once', async () => {
    const backfiller = historyBackfiller(() => true, { pageSize: 2, delayMs: 60 });
    const { sequencer, out, gaps } = setup({ maxHoldMs: 30 });
    const origin = testOrigin({ backfiller });
    push(sequencer, [1], origin);
    push(sequencer, [7, 8], origin);
    await waitFor(() => out.includes(8), 'released trades');
    push(sequencer, [9, 3], origin); // a live duplicate of a hole id arrives late too
    await waitFor(() => gaps.length === 2, 'settled gap');
    expect(out.slice(0, 3)).toEqual([1, 7, 8]);
    expect([...out].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(gaps[1]?.status).toBe('backfilled');
  });

  it('keeps each symbol’s sequence apart', () => {
    const { sequencer, out } = setup();
    const origin = testOrigin();
    sequencer.push(trade(100, 'BTCUSDT'), origin);
    sequencer.push(trade(5, 'ETHUSDT'), origin);
    sequencer.push(trade(101, 'BTCUSDT'), origin);
    sequencer.push(trade(6, 'ETHUSDT'), origin);
    expect(out).toEqual([100, 5, 101, 6]);
  });

  it('writes every held trade at shutdown and records the holes as unrecoverable', async () => {
    const { sequencer, out, gaps } = setup({ gapGraceMs: 10_000 });
    push(sequencer, [1, 2, 5, 6], testOrigin());
    expect(out).toEqual([1, 2]);
    await sequencer.flush(1_000);
    expect(out).toEqual([1, 2, 5, 6]);
    expect(gaps.map((g) => [g.status, g.fromTradeId, g.toTradeId])).toEqual([
      ['detected', 3, 4],
      ['unrecoverable', 3, 4],
    ]);
  });

  it('gives backfills in flight until the deadline at shutdown', async () => {
    const backfiller = historyBackfiller(() => true, { delayMs: 10_000 });
    const { sequencer, out, gaps } = setup();
    push(sequencer, [1, 5], testOrigin({ backfiller }));
    await waitFor(() => gaps.length === 1, 'detected gap');
    const started = Date.now();
    await sequencer.flush(100);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(out).toEqual([1, 5]);
    expect(gaps[1]).toMatchObject({ status: 'unrecoverable', fromTradeId: 2, toTradeId: 4 });
  });
});

describe('Sequencer resumed from the log after a restart', () => {
  const resumeAt = (sequencer: Sequencer, lastId: number, symbol = 'BTCUSDT') =>
    sequencer.resume([{ exchange: 'binance-futures', symbol, lastId }]);

  it('continues seamlessly when the first live id follows the last one in the log', () => {
    const { sequencer, out, gaps } = setup();
    resumeAt(sequencer, 100);
    push(sequencer, [101, 102], testOrigin());
    expect(out).toEqual([101, 102]);
    expect(gaps).toEqual([]);
  });

  it('backfills the trades missed while ingest was down, as a restart gap', async () => {
    const backfiller = historyBackfiller(() => true);
    const { sequencer, out, gaps } = setup();
    resumeAt(sequencer, 100);
    push(sequencer, [105, 106], testOrigin({ backfiller }));
    await waitFor(() => out.length === 6, 'the backfill');
    expect(out).toEqual([101, 102, 103, 104, 105, 106]);
    expect(backfiller.calls).toEqual([[101, 104]]);
    expect(gaps.map((g) => [g.status, g.fromTradeId, g.toTradeId])).toEqual([
      ['detected', 101, 104],
      ['backfilled', 101, 104],
    ]);
    expect(gaps[0]?.reason).toBe('ingest restart (ids after the last one in the log)');
  });

  it('starts afresh when the source begins at or below the log (another session, e.g. a restarted mock)', () => {
    const { sequencer, out, gaps, duplicates } = setup();
    resumeAt(sequencer, 5_000);
    resumeAt(sequencer, 10, 'ETHUSDT');
    push(sequencer, [7, 8, 9], testOrigin());
    push(sequencer, [10, 11], testOrigin(), 'ETHUSDT');
    expect(out).toEqual([7, 8, 9, 10, 11]);
    expect(gaps).toEqual([]);
    expect(duplicates()).toBe(0);
  });
});
