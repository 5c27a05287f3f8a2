import { SubscriberQueue, type LiveItem } from '../../src/live/subscriber-queue';
import { Fanout } from '../../src/live/fanout';
import { createRefresher } from '../../src/live/ticker';

const values = <T>(items: LiveItem<T>[]) =>
  items.map((i) => (i.kind === 'event' ? i.value : i.code));

async function drain<T>(q: SubscriberQueue<T>, n: number): Promise<LiveItem<T>[]> {
  const out: LiveItem<T>[] = [];
  for (let i = 0; i < n; i++) {
    const r = await q.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

describe('a subscriber queue', () => {
  it('hands updates to a waiting reader in order', async () => {
    const q = new SubscriberQueue<number>({ capacity: 10 });
    const pending = q.next();
    q.offer(1);
    q.offer(2);
    expect(await pending).toEqual({ value: { kind: 'event', value: 1 }, done: false });
    expect(values(await drain(q, 1))).toEqual([2]);
  });

  it('replaces a queued update that has the same coalescing key, keeping its place', async () => {
    const q = new SubscriberQueue<{ k: string; v: number }>({
      capacity: 10,
      coalesceKey: (x) => x.k,
    });
    q.offer({ k: 'a', v: 1 });
    q.offer({ k: 'b', v: 1 });
    q.offer({ k: 'a', v: 2 });
    expect(values(await drain(q, 2))).toEqual([
      { k: 'a', v: 2 },
      { k: 'b', v: 1 },
    ]);
  });

  it('drops a reader that falls capacity behind, tells it SLOW_CONSUMER, then ends', async () => {
    let overflowed = 0;
    let closed = 0;
    const q = new SubscriberQueue<number>({
      capacity: 3,
      onOverflow: () => (overflowed += 1),
      onClose: () => (closed += 1),
    });
    for (let i = 0; i < 3; i++) expect(q.offer(i)).toBe(true);
    expect(q.offer(3)).toBe(false);
    expect(q.offer(4)).toBe(false);
    expect(overflowed).toBe(1);
    expect(closed).toBe(1);
    const items = await drain(q, 5);
    expect(values(items)).toEqual(['SLOW_CONSUMER']);
    expect((await q.next()).done).toBe(true);
  });

  it('samples: at most one update per key per interval, the newest one', async () => {
    const q = new SubscriberQueue<{ k: string; v: number }>({
      capacity: 10,
      coalesceKey: (x) => x.k,
      minIntervalMs: 100,
    });
    q.offer({ k: 'a', v: 1 });
    const first = await q.next();
    const started = Date.now();
    for (let v = 2; v <= 5; v++) q.offer({ k: 'a', v });
    const second = await q.next();
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(
      values([
        first.value as LiveItem<{ k: string; v: number }>,
        second.value as LiveItem<{ k: string; v: number }>,
      ]),
    ).toEqual([
      { k: 'a', v: 1 },
      { k: 'a', v: 5 },
    ]);
    await q.return();
  });

  it('ends a pending read and stops taking updates when returned', async () => {
    let closed = 0;
    const q = new SubscriberQueue<number>({ capacity: 3, onClose: () => (closed += 1) });
    const pending = q.next();
    await q.return();
    await q.return();
    expect((await pending).done).toBe(true);
    expect(q.offer(1)).toBe(false);
    expect(closed).toBe(1);
  });
});

describe('the fan-out', () => {
  it('delivers to every subscriber of a channel and forgets one that unsubscribed', async () => {
    const fanout = new Fanout<number>();
    const a = fanout.subscribe('x', { capacity: 5 });
    const b = fanout.subscribe(['x', 'y'], { capacity: 5 });
    fanout.publish('x', 1);
    fanout.publish('y', 2);
    expect(values(await drain(a, 1))).toEqual([1]);
    expect(values(await drain(b, 2))).toEqual([1, 2]);
    await a.return();
    expect(fanout.subscriberCount('x')).toBe(1);
    await b.return();
    expect(fanout.subscriberCount()).toBe(0);
  });

  it('never lets a full subscriber hold up the others', async () => {
    const fanout = new Fanout<number>();
    const stalled = fanout.subscribe('x', { capacity: 2 });
    const live = fanout.subscribe('x', { capacity: 1_000 });
    for (let i = 0; i < 100; i++) fanout.publish('x', i);
    expect((await drain(live, 100)).length).toBe(100);
    expect(values(await drain(stalled, 10))).toEqual(['SLOW_CONSUMER']);
    expect(fanout.subscriberCount('x')).toBe(1);
  });

  it('filters per subscriber', async () => {
    const fanout = new Fanout<number>();
    const even = fanout.subscribe('x', { capacity: 5 }, (n) => n % 2 === 0);
    for (let i = 0; i < 5; i++) fanout.publish('x', i);
    expect(values(await drain(even, 3))).toEqual([0, 2, 4]);
  });
});

describe('a refresher (the pairScreen subscription)', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('runs at once, then once per burst of triggers, no sooner than everyMs after the last run', async () => {
    const triggers = new SubscriberQueue<number>({ capacity: 10, coalesceKey: () => 'any' });
    let runs = 0;
    const refresher = createRefresher(triggers, 200, async () => ++runs);
    const started = Date.now();
    expect(await refresher.next()).toEqual({ value: { kind: 'event', value: 1 }, done: false });
    expect(Date.now() - started).toBeLessThan(100);

    const second = refresher.next();
    triggers.offer(1);
    await sleep(20);
    triggers.offer(2);
    triggers.offer(3);
    expect(await second).toEqual({ value: { kind: 'event', value: 2 }, done: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
    // The triggers that came while it waited were answered by that run: none is left over.
    expect(triggers.length).toBe(0);

    let third: IteratorResult<unknown> | undefined;
    void refresher.next().then((r) => (third = r));
    await sleep(300);
    expect(third).toBeUndefined();
    await refresher.return?.();
    await sleep(10);
    expect(third).toEqual({ value: undefined, done: true });
    expect(triggers.isOpen).toBe(false);
    expect(runs).toBe(2);
  });

  it('passes a dropped trigger queue’s notice on', async () => {
    const triggers = new SubscriberQueue<number>({ capacity: 1 });
    const refresher = createRefresher(triggers, 250, async () => 'ranking');
    await refresher.next();
    triggers.offer(1);
    triggers.offer(2);
    expect((await refresher.next()).value).toMatchObject({
      kind: 'dropped',
      code: 'SLOW_CONSUMER',
    });
  });
});
