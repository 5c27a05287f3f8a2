import { BoundedQueue } from '../../src/util/bounded-queue';

describe('the bounded queue', () => {
  it('hands items to the reader in order', async () => {
    const queue = new BoundedQueue<number>(4);
    for (let i = 0; i < 3; i++) expect(queue.write(i)).toBeUndefined();
    queue.end();
    const read: number[] = [];
    for await (const item of queue) read.push(item);
    expect(read).toEqual([0, 1, 2]);
  });

  it('keeps every item written when full, and makes the writer wait until the reader catches up', async () => {
    const queue = new BoundedQueue<number>(2);
    queue.write(1);
    queue.write(2);
    let released = false;
    const waiting = queue.write(3);
    expect(waiting).toBeInstanceOf(Promise);
    void waiting?.then(() => {
      released = true;
    });
    await Promise.resolve();
    expect(released).toBe(false);
    expect(queue.length).toBe(3);
    expect((await queue.next()).value).toBe(1);
    expect((await queue.next()).value).toBe(2);
    await waiting;
    expect(released).toBe(true);
    expect((await queue.next()).value).toBe(3);
  });

  it('never drops: a fast writer and a slow reader see the same 10,000 items', async () => {
    const queue = new BoundedQueue<number>(16);
    const writer = (async () => {
      for (let i = 0; i < 10_000; i++) {
        const wait = queue.write(i);
        if (wait) await wait;
      }
      queue.end();
    })();
    let expected = 0;
    for await (const item of queue) {
      expect(item).toBe(expected++);
      if (item % 1000 === 0) await new Promise((r) => setImmediate(r));
    }
    await writer;
    expect(expected).toBe(10_000);
  });

  it('wakes a waiting reader when an item arrives', async () => {
    const queue = new BoundedQueue<string>(1);
    const pending = queue.next();
    queue.write('a');
    await expect(pending).resolves.toEqual({ value: 'a', done: false });
  });

  it('delivers buffered items before an error the writer reported', async () => {
    const queue = new BoundedQueue<number>(4);
    queue.write(1);
    queue.fail(new Error('file vanished'));
    await expect(queue.next()).resolves.toEqual({ value: 1, done: false });
    await expect(queue.next()).rejects.toThrow('file vanished');
  });

  it('closes its source once when the reader returns early, however often return() is called', async () => {
    let closes = 0;
    const queue = new BoundedQueue<number>(4, () => {
      closes++;
    });
    queue.write(1);
    for await (const _item of queue) break;
    await queue.return();
    expect(closes).toBe(1);
    await expect(queue.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('releases writers waiting on a full queue when the reader returns', async () => {
    const queue = new BoundedQueue<number>(1);
    queue.write(1);
    const waiting = queue.write(2);
    await queue.return();
    await expect(waiting).resolves.toBeUndefined();
  });
});
