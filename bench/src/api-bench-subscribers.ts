// Worker thread of api-bench: N graphql-ws subscribers of one candle stream, on their own
// thread so the server's thread only serves. Reports, per received update, the bar start (the
// update's id) and the receive time as epoch ms with sub-millisecond precision.

import { parentPort, workerData } from 'node:worker_threads';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

interface Input {
  readonly url: string;
  readonly subscribers: number;
  readonly expected: number;
}

const { url, subscribers, expected } = workerData as Input;
const starts = new Float64Array(subscribers * expected);
const receivedAt = new Float64Array(subscribers * expected);
let n = 0;
const clients: Client[] = [];
const now = () => performance.timeOrigin + performance.now();

for (let i = 0; i < subscribers; i++) {
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
  });
  clients.push(client);
  client.subscribe<{ candles: { start: number } }>(
    { query: 'subscription { candles(symbol: "ETHUSDT", interval: "1s") { start close final } }' },
    {
      next: (r) => {
        const start = r.data?.candles.start;
        if (start === undefined || n >= starts.length) return;
        starts[n] = start;
        receivedAt[n] = now();
        n += 1;
        if (n === starts.length) finish();
      },
      error: () => undefined,
      complete: () => undefined,
    },
  );
}

function finish(): void {
  parentPort?.postMessage({
    done: true,
    count: n,
    starts: starts.slice(0, n),
    receivedAt: receivedAt.slice(0, n),
  });
  void Promise.all(clients.map((c) => c.dispose())).then(() => process.exit(0));
}

parentPort?.on('message', (message: { stop?: boolean }) => {
  if (message.stop) finish();
});
