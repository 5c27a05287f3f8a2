import {
  DEFAULT_TAPE,
  loadCapture,
  MALFORMED_KINDS,
  startMockExchange,
  type MockExchange,
  type TapeTrade,
} from '@tickstream/ingest';
import type { Rng } from './prng';

// The mock exchange playing a prefix of a real capture, with chaos: every client
// connection dropped every 7–22 s and ~1 % of frames malformed, on a seeded schedule.

export type TradeTimes = 'recorded' | 'live';

export interface TapeSpec {
  /** Seconds of the capture to play from its start (FAULTS_TAPE_SECONDS, default 240). */
  readonly seconds: number;
  /** Pace, N× the recorded one (FAULTS_SPEED, default 5). */
  readonly speed: number;
}

export function tapeSpecFromEnv(): TapeSpec {
  const seconds = Number(process.env['FAULTS_TAPE_SECONDS'] ?? 240);
  const speed = Number(process.env['FAULTS_SPEED'] ?? 5);
  if (!(seconds > 0) || !(speed > 0))
    throw new Error('FAULTS_TAPE_SECONDS and FAULTS_SPEED must be positive numbers');
  return { seconds, speed };
}

export async function tapePrefix(seconds: number): Promise<TapeTrade[]> {
  const trades = await loadCapture(DEFAULT_TAPE);
  const first = trades[0]?.time ?? 0;
  return trades.filter((t) => t.time < first + seconds * 1000);
}

export interface ChaosLog {
  drops: number;
  /** Connections cut over all drops. */
  connectionsCut: number;
  malformed: number;
  readonly malformedKinds: Record<string, number>;
  silencedAt?: number;
  silencedTrades?: number;
}

export interface ChaosExchange {
  readonly mock: MockExchange;
  readonly log: ChaosLog;
  /** How long the tape takes to play at this pace (ms of wall clock). */
  readonly playMs: number;
  /** Trades of the tape, in play order. */
  readonly trades: readonly TapeTrade[];
  /** Stops the timers; the mock keeps serving REST and sockets. */
  stopChaos(): void;
  /**
   * Drops every connection and keeps every remaining trade of the tape off the sockets (the
   * REST history still gets them): the exchange is silent after the drop to the end.
   */
  dropThenSilence(): void;
  stop(): Promise<void>;
}

export async function startChaosExchange(options: {
  readonly rng: Rng;
  readonly tape: TapeSpec;
  readonly timestamps: TradeTimes;
  readonly log: (line: string) => void;
}): Promise<ChaosExchange> {
  const { rng } = options;
  const trades = await tapePrefix(options.tape.seconds);
  const span = (trades[trades.length - 1]?.time ?? 0) - (trades[0]?.time ?? 0);
  const mock = await startMockExchange({
    tape: { kind: 'trades', trades },
    speed: options.tape.speed,
    timestamps: options.timestamps,
    autoplay: false,
  });
  const log: ChaosLog = { drops: 0, connectionsCut: 0, malformed: 0, malformedKinds: {} };
  let stopped = false;
  let dropTimer: NodeJS.Timeout | undefined;
  const scheduleDrop = () => {
    const delay = rng.int(7_000, 22_000);
    dropTimer = setTimeout(() => {
      if (stopped) return;
      const cut = mock.dropConnections();
      log.drops++;
      log.connectionsCut += cut;
      options.log(`chaos: dropped ${cut} connection(s) after ${delay} ms`);
      scheduleDrop();
    }, delay);
  };
  // ~1 % of frames: for every 100 trades sent since the last tick, one malformed frame (the
  // fraction carried over), each of a kind drawn from every kind the mock knows.
  let lastEmitted = 0;
  let owed = 0;
  const malformedTimer = setInterval(() => {
    if (stopped) return;
    const emitted = mock.stats().tradesEmitted;
    owed += (emitted - lastEmitted) / 100;
    lastEmitted = emitted;
    while (owed >= 1) {
      owed -= 1;
      const kind = rng.pick(MALFORMED_KINDS);
      mock.sendMalformed(kind);
      log.malformed++;
      log.malformedKinds[kind] = (log.malformedKinds[kind] ?? 0) + 1;
    }
  }, 100);
  const stopChaos = () => {
    stopped = true;
    clearTimeout(dropTimer);
    clearInterval(malformedTimer);
  };
  const play = mock.play.bind(mock);
  const chaos: ChaosExchange = {
    mock: {
      ...mock,
      play: () => {
        play();
        if (dropTimer === undefined && !stopped) scheduleDrop();
      },
    },
    log,
    playMs: span / options.tape.speed,
    trades,
    stopChaos,
    dropThenSilence: () => {
      stopChaos();
      const remaining = trades.length - mock.stats().tradesEmitted;
      // Keep them off the sockets first, so no trade slips out between the two calls.
      mock.skipTrades(remaining, { history: true });
      const cut = mock.dropConnections();
      log.drops++;
      log.connectionsCut += cut;
      log.silencedAt = mock.stats().tradesEmitted;
      log.silencedTrades = remaining;
      options.log(
        `chaos: dropped ${cut} connection(s), then silence: ${remaining} remaining trades only in the REST history`,
      );
    },
    stop: async () => {
      stopChaos();
      await mock.stop();
    },
  };
  return chaos;
}
