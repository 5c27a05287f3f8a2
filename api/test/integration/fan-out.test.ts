import { TOPICS } from '@tickstream/schema';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { ApiCloseCode } from '../../src/graphql/ws-server';
import { openApiHarness, type ApiHarness } from '../helpers/api-harness';
import { pairAnalyticsEvent } from '../helpers/events';
import { waitFor } from '../helpers/live-server';

const SUBSCRIBERS = 1_000;
const EVENTS = 150;
const SMALL = `subscription { pairAnalytics(symbolX: "BTCUSDT", symbolY: "ETHUSDT", interval: "1m") { time } }`;
const LARGE = `subscription { pairAnalytics(symbolX: "BTCUSDT", symbolY: "ETHUSDT", interval: "1m") { time nullReasons { figure reason } } }`;

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** A graphql-ws client that subscribes and then stops reading its socket altogether. */
async function stalledClient(
  url: string,
  subscriptions: number,
): Promise<{ socket: WebSocket; closed: Promise<number> }> {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { type: string };
      if (message.type !== 'connection_ack') return;
      for (let i = 0; i < subscriptions; i++) {
        socket.send(JSON.stringify({ id: `s${i}`, type: 'subscribe', payload: { query: LARGE } }));
      }
      resolve();
    });
  });
  return { socket, closed };
}

describe('fan-out to 1,000 concurrent subscribers', () => {
  let h: ApiHarness;
  let url: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    h = await openApiHarness({
      settings: { subscriberQueueSize: 32, slowConsumerGraceMs: 300, cacheTtlMs: 0 },
    });
    url = `${(await h.api.listen(0)).url.replace('http', 'ws')}/graphql`;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await h.cleanup();
  });

  it('delivers every update to every subscriber while a stalled one is dropped without delaying them', async () => {
    const received: number[][] = Array.from({ length: SUBSCRIBERS }, () => []);
    const latencies: number[] = [];
    const sentAt = new Map<number, number>();
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
      clients.push(client);
      client.subscribe<{ pairAnalytics: { time: number } }>(
        { query: SMALL },
        {
          next: (r) => {
            const time = r.data?.pairAnalytics.time;
            if (time === undefined) return;
            received[i]?.push(time);
            latencies.push(Date.now() - (sentAt.get(time) ?? NaN));
          },
          error: () => undefined,
          complete: () => undefined,
        },
      );
    }
    const stalled = await stalledClient(url, 5);
    await waitFor(
      () => h.api.hub.pairAnalytics.subscriberCount() === SUBSCRIBERS + 5,
      60_000,
      'all subscriptions',
    );
    stalled.socket.pause();

    const base = Date.UTC(2024, 6, 19);
    const padding = 50_000;
    for (let n = 0; n < EVENTS; n++) {
      const event = pairAnalyticsEvent(base + n * 60_000, padding);
      sentAt.set(event.time, Date.now());
      await h.log.log.produce(TOPICS.pairAnalytics.name, [
        { key: event.pair, value: JSON.stringify(event) },
      ]);
      await new Promise((r) => setTimeout(r, 10));
    }
    const expected = Array.from({ length: EVENTS }, (_, n) => base + n * 60_000);
    await waitFor(
      () => received.every((r) => r.length >= EVENTS),
      60_000,
      'every subscriber to receive every update',
    );
    for (const r of received) expect(r).toEqual(expected);

    // The stalled connection's five subscriptions fell behind and were dropped; its socket,
    // holding unsent data past the grace period, was closed.
    await waitFor(
      () => h.api.hub.pairAnalytics.subscriberCount() === SUBSCRIBERS,
      30_000,
      'the stalled subscriptions to be dropped',
    );
    const metrics = await (await h.fetch('/metrics')).text();
    expect(metrics).toMatch(/tickstream_api_slow_consumers_total\{role="api"\} 5/);
    stalled.socket.resume();
    expect([ApiCloseCode.SlowConsumer, 1006]).toContain(await stalled.closed);

    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(
      `fan-out: ${SUBSCRIBERS} subscribers x ${EVENTS} updates with a stalled subscriber present; latency ms p50 ${percentile(sorted, 50)} p90 ${percentile(sorted, 90)} p99 ${percentile(sorted, 99)} max ${sorted[sorted.length - 1]}`,
    );
  });
});
