import { TOPICS, type PairAnalytics } from '@tickstream/schema';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { ApiCloseCode } from '../../src/graphql/ws-server';
import { openApiHarness, type ApiHarness } from '../helpers/api-harness';
import { pairAnalyticsEvent } from '../helpers/events';
import { waitFor } from '../helpers/live-server';

const KEY_A = 'group-key-aaaaaaaa';
const KEY_B = 'group-key-bbbbbbbb';
const TIMES = `subscription { pairAnalytics(symbolX: "BTCUSDT", symbolY: "ETHUSDT", interval: "1m") { time } }`;
const LARGE = `subscription { pairAnalytics(symbolX: "BTCUSDT", symbolY: "ETHUSDT", interval: "1m") { time nullReasons { figure reason } } }`;
const BY_PAIR = `subscription($x: String!, $y: String!) { pairAnalytics(symbolX: $x, symbolY: $y, interval: "1m") { pair time } }`;
const BASE = Date.UTC(2024, 6, 19);

interface Raw {
  readonly socket: WebSocket;
  /** Every message text after connection_ack, in order. */
  readonly messages: string[];
  readonly closed: Promise<number>;
}

/** A graphql-transport-ws client written by hand, to see the exact bytes the server sends. */
async function rawClient(
  url: string,
  apiKey: string,
  subscriptions: readonly { id: string; query: string }[],
): Promise<Raw> {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  const messages: string[] = [];
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () =>
      socket.send(JSON.stringify({ type: 'connection_init', payload: { apiKey } })),
    );
    socket.on('message', (data: Buffer) => {
      const text = data.toString();
      if ((JSON.parse(text) as { type: string }).type === 'connection_ack') {
        for (const { id, query } of subscriptions)
          socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query } }));
        resolve();
        return;
      }
      messages.push(text);
    });
  });
  return { socket, messages, closed };
}

async function produce(h: ApiHarness, events: readonly PairAnalytics[]): Promise<void> {
  await h.log.log.produce(
    TOPICS.pairAnalytics.name,
    events.map((e) => ({ key: e.pair, value: JSON.stringify(e) })),
  );
}

describe('one execution per group of identical graphql-ws subscriptions', () => {
  let h: ApiHarness;
  let url: string;
  let clients: Client[] = [];
  let raws: Raw[] = [];
  const client = (apiKey = KEY_A) => {
    const c = createClient({
      url,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined,
      connectionParams: { apiKey },
    });
    clients.push(c);
    return c;
  };
  /** Subscribes and collects each update's `time` (and `pair`), and errors by code. */
  const collect = (
    c: Client,
    query: string,
    variables?: Record<string, unknown>,
  ): { times: number[]; pairs: string[]; codes: string[]; stop: () => void } => {
    const out = { times: [] as number[], pairs: [] as string[], codes: [] as string[] };
    const stop = c.subscribe<{ pairAnalytics: { time: number; pair?: string } }>(
      { query, ...(variables ? { variables } : {}) },
      {
        next: (r) => {
          for (const e of r.errors ?? []) out.codes.push(String(e.extensions?.['code']));
          const update = r.data?.pairAnalytics;
          if (!update) return;
          out.times.push(update.time);
          if (update.pair !== undefined) out.pairs.push(update.pair);
        },
        error: () => out.codes.push('ERROR'),
        complete: () => undefined,
      },
    );
    return { ...out, stop };
  };
  const metric = async (name: string): Promise<number> => {
    const text = await (await h.fetch('/metrics', { headers: { 'x-api-key': KEY_A } })).text();
    const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
    return Number(match?.[1]);
  };
  const count = () => h.api.hub.pairAnalytics.subscriberCount();

  beforeAll(async () => {
    h = await openApiHarness({
      settings: {
        apiKeys: [KEY_A, KEY_B],
        subscriberQueueSize: 16,
        slowConsumerGraceMs: 300,
        cacheTtlMs: 0,
      },
    });
    url = `${(await h.api.listen(0)).url.replace('http', 'ws')}/graphql`;
  });
  afterEach(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    for (const raw of raws) raw.socket.terminate();
    clients = [];
    raws = [];
    await waitFor(() => count() === 0, 30_000, 'every subscription to end');
  });
  afterAll(async () => {
    await h.cleanup();
  });

  it('sends every update, in order, to 1,000 subscribers from one execution, the same bytes to each but the id', async () => {
    const SUBSCRIBERS = 1_000;
    const EVENTS = 100;
    const outs = Array.from({ length: SUBSCRIBERS }, () => collect(client(), TIMES));
    raws.push(
      await rawClient(url, KEY_A, [
        { id: 'first', query: TIMES },
        { id: 'second-of-one-socket', query: TIMES },
      ]),
    );
    await waitFor(() => count() === SUBSCRIBERS + 2, 60_000, 'all subscriptions');
    expect(await metric('tickstream_api_subscription_groups')).toBe(1);
    expect(await metric('tickstream_api_subscribers')).toBe(SUBSCRIBERS + 2);

    const expected = Array.from({ length: EVENTS }, (_, n) => BASE + n * 60_000);
    for (const time of expected) {
      await produce(h, [pairAnalyticsEvent(time)]);
      await new Promise((r) => setTimeout(r, 5));
    }
    await waitFor(
      () => outs.every((o) => o.times.length >= EVENTS),
      60_000,
      'every subscriber to receive every update',
    );
    for (const o of outs) expect(o.times).toEqual(expected);
    const raw = raws[0] as Raw;
    await waitFor(() => raw.messages.length >= 2 * EVENTS, 10_000, 'the raw subscriptions');
    const bytes = (id: string, time: number) =>
      `{"id":"${id}","type":"next","payload":{"data":{"pairAnalytics":{"time":${time}}}}}`;
    expect(raw.messages.filter((m) => m.startsWith('{"id":"first"'))).toEqual(
      expected.map((t) => bytes('first', t)),
    );
    expect(raw.messages.filter((m) => m.startsWith('{"id":"second-of-one-socket"'))).toEqual(
      expected.map((t) => bytes('second-of-one-socket', t)),
    );
  });

  it('drops a member that stopped reading with SLOW_CONSUMER while the rest of its group gets every update', async () => {
    const FAST = 20;
    const EVENTS = 150;
    const dropsBefore = await metric('tickstream_api_slow_consumers_total');
    const outs = Array.from({ length: FAST }, () => collect(client(), LARGE));
    const stalled = await rawClient(url, KEY_A, [{ id: 'stalled', query: LARGE }]);
    raws.push(stalled);
    await waitFor(() => count() === FAST + 1, 30_000, 'all subscriptions');
    expect(await metric('tickstream_api_subscription_groups')).toBe(1);
    stalled.socket.pause();

    // 50 kB updates: the stalled socket's kernel buffers fill, then its queue of 16.
    const expected = Array.from({ length: EVENTS }, (_, n) => BASE + n * 60_000);
    for (const time of expected) {
      await produce(h, [pairAnalyticsEvent(time, 50_000)]);
      await new Promise((r) => setTimeout(r, 5));
    }
    await waitFor(
      () => outs.every((o) => o.times.length >= EVENTS),
      60_000,
      'the fast members to receive every update',
    );
    for (const o of outs) {
      expect(o.times).toEqual(expected);
      expect(o.codes).toEqual([]);
    }
    await waitFor(() => count() === FAST, 30_000, 'the stalled member to be dropped');
    expect(await metric('tickstream_api_slow_consumers_total')).toBe(dropsBefore + 1);
    // The group lives on for the others.
    expect(await metric('tickstream_api_subscription_groups')).toBe(1);
    stalled.socket.resume();
    expect([ApiCloseCode.SlowConsumer, 1006]).toContain(await stalled.closed);
    // Whatever reached the stalled client is a gap-free, in-order start of the stream.
    const got = stalled.messages
      .map(
        (m) =>
          JSON.parse(m) as {
            type: string;
            payload?: { data?: { pairAnalytics?: { time: number } } };
          },
      )
      .filter((m) => m.type === 'next' && m.payload?.data?.pairAnalytics)
      .map((m) => m.payload?.data?.pairAnalytics?.time);
    expect(got).toEqual(expected.slice(0, got.length));
    expect(got.length).toBeLessThan(EVENTS);
  });

  it('keeps subscribers with different variables or different keys in separate groups, each seeing only its own results', async () => {
    const btcEth = { x: 'BTCUSDT', y: 'ETHUSDT' };
    const solEth = { x: 'SOLUSDT', y: 'ETHUSDT' };
    const a = collect(client(KEY_A), BY_PAIR, btcEth);
    const a2 = collect(client(KEY_A), BY_PAIR, { y: 'ETHUSDT', x: 'BTCUSDT' });
    const b = collect(client(KEY_A), BY_PAIR, solEth);
    const c = collect(client(KEY_B), BY_PAIR, btcEth);
    await waitFor(() => count() === 4, 10_000, 'subscriptions');
    // a and a2 share (the same variables in another order); b differs by variables, c by key.
    expect(await metric('tickstream_api_subscription_groups')).toBe(3);

    const btc = [0, 2, 4].map((n) => pairAnalyticsEvent(BASE + n * 60_000, 0, btcEth));
    const sol = [1, 3, 5].map((n) => pairAnalyticsEvent(BASE + n * 60_000, 0, solEth));
    await produce(h, [btc[0], sol[0], btc[1], sol[1], btc[2], sol[2]] as PairAnalytics[]);
    await waitFor(
      () => [a, a2, b, c].every((o) => o.times.length >= 3),
      10_000,
      'each group its updates',
    );
    await new Promise((r) => setTimeout(r, 200));
    for (const o of [a, a2, c]) {
      expect(o.pairs).toEqual(['ETHUSDT/BTCUSDT', 'ETHUSDT/BTCUSDT', 'ETHUSDT/BTCUSDT']);
      expect(o.times).toEqual(btc.map((e) => e.time));
    }
    expect(b.pairs).toEqual(['ETHUSDT/SOLUSDT', 'ETHUSDT/SOLUSDT', 'ETHUSDT/SOLUSDT']);
    expect(b.times).toEqual(sol.map((e) => e.time));
  });

  it('stops the execution and closes its source when the last member of a group unsubscribes', async () => {
    const channel = 'ETHUSDT/BTCUSDT:1m';
    const outs = [0, 1, 2].map(() => collect(client(), TIMES));
    await waitFor(() => count() === 3, 10_000, 'subscriptions');
    expect(await metric('tickstream_api_subscription_groups')).toBe(1);
    outs[0]?.stop();
    outs[1]?.stop();
    await waitFor(() => count() === 1, 10_000, 'two to leave');
    expect(await metric('tickstream_api_subscription_groups')).toBe(1);
    await produce(h, [pairAnalyticsEvent(BASE)]);
    await waitFor(() => (outs[2]?.times.length ?? 0) === 1, 10_000, 'the last member an update');
    expect(outs[0]?.times).toEqual([]);

    outs[2]?.stop();
    // The group's one queue has left the fan-out: its source is closed, nothing executes.
    await waitFor(() => h.api.hub.pairAnalytics.subscriberCount(channel) === 0, 10_000, 'close');
    expect(await metric('tickstream_api_subscription_groups')).toBe(0);
    expect(await metric('tickstream_api_subscribers')).toBe(0);
  });
});

describe('a dropped member of a group whose socket still reads', () => {
  it('gets the SLOW_CONSUMER notice as a next message, then complete, as graphql-ws sends them', async () => {
    // A long grace: the socket is not closed while the client catches up.
    const h = await openApiHarness({
      settings: {
        apiKeys: [KEY_A],
        subscriberQueueSize: 4,
        slowConsumerGraceMs: 60_000,
        cacheTtlMs: 0,
      },
    });
    try {
      const url = `${(await h.api.listen(0)).url.replace('http', 'ws')}/graphql`;
      const slow = await rawClient(
        url,
        KEY_A,
        Array.from({ length: 4 }, (_, i) => ({ id: `m${i}`, query: LARGE })),
      );
      await waitFor(() => h.api.hub.pairAnalytics.subscriberCount() === 4, 10_000, 'members');
      slow.socket.pause();
      for (let n = 0; n < 300; n++) {
        await produce(h, [pairAnalyticsEvent(BASE + n * 60_000, 50_000)]);
        if (h.api.hub.pairAnalytics.subscriberCount() === 0) break;
      }
      await waitFor(() => h.api.hub.pairAnalytics.subscriberCount() === 0, 30_000, 'the drops');
      slow.socket.resume();
      for (const id of ['m0', 'm1', 'm2', 'm3']) {
        const complete = JSON.stringify({ id, type: 'complete' });
        await waitFor(() => slow.messages.includes(complete), 30_000, `complete of ${id}`);
        const mine = slow.messages.filter((m) => m.startsWith(`{"id":"${id}",`));
        expect(mine.slice(-2)).toEqual([
          JSON.stringify({
            id,
            type: 'next',
            payload: {
              data: null,
              errors: [
                {
                  message: 'subscriber fell 4 updates behind and was dropped; resubscribe',
                  extensions: { code: 'SLOW_CONSUMER' },
                },
              ],
            },
          }),
          complete,
        ]);
        // Before it: a gap-free, in-order start of the stream.
        const times = mine
          .slice(0, -2)
          .map((m) => JSON.parse(m) as { payload: { data: { pairAnalytics: { time: number } } } })
          .map((m) => m.payload.data.pairAnalytics.time);
        expect(times).toEqual(times.map((_, n) => BASE + n * 60_000));
      }
      slow.socket.terminate();
    } finally {
      await h.cleanup();
    }
  });
});
