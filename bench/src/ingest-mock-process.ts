// A mock exchange in its own process for the ingest benchmark, so the exchange's sending
// does not compete with ingest for the same event loop. Controlled over IPC by
// ingest-bench.ts: {play} → {finished, stats}; {stop} → exits.

import {
  DEFAULT_TAPE,
  loadCapture,
  startMockExchange,
  type MockExchangeOptions,
} from '@tickstream/ingest';
import { benchTape } from './ingest-tape';

interface Command {
  readonly type: 'play' | 'stop' | 'stats';
}

async function main(): Promise<void> {
  const { trades, ...options } = JSON.parse(process.argv[2] ?? '{}') as MockExchangeOptions & {
    trades: number;
  };
  const tape = benchTape(await loadCapture(DEFAULT_TAPE), trades);
  const mock = await startMockExchange({
    ...options,
    tape: { kind: 'trades', trades: tape },
    autoplay: false,
  });
  const send = (message: unknown) => process.send?.(message);
  process.on('message', (command: Command) => {
    if (command.type === 'play') {
      const started = Date.now();
      mock.play();
      void mock.finished.then(() =>
        send({ type: 'finished', seconds: (Date.now() - started) / 1000, stats: mock.stats() }),
      );
    } else if (command.type === 'stats') {
      send({ type: 'stats', stats: mock.stats() });
    } else {
      void mock.stop().then(() => process.exit(0));
    }
  });
  send({ type: 'ready', url: mock.url, restUrl: mock.restUrl });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
