import { runScenario, verdicts } from './helpers/scenario';

// `tickstream start`: the embedded runtime, one process with its own data directory (lmdb
// event log, chDB in process). Its tables are read after it stops, by the ClickHouse fixture
// on the same chDB directory. The tape plays with drops and malformed frames.

const SCENARIO_TIMEOUT = 420_000;
const ALL_OK = { candles: 'ok', trades: 'ok', gaps: 'ok', roles: 'ok' };

describe('the embedded runtime, with drops and malformed frames', () => {
  it(
    'backfills over REST the trades between a drop and the end of the tape when the exchange stays silent (2024 trade times)',
    async () => {
      const result = await runScenario({
        name: 'silence-embedded-recorded',
        topology: 'embedded',
        timestamps: 'recorded',
        silenceAt: 0.8,
      });
      expect(verdicts(result)).toEqual(ALL_OK);
    },
    SCENARIO_TIMEOUT,
  );

  it(
    'backfills over REST the trades between a drop and the end of the tape when the exchange stays silent (current trade times)',
    async () => {
      const result = await runScenario({
        name: 'silence-embedded-live',
        topology: 'embedded',
        timestamps: 'live',
        silenceAt: 0.8,
      });
      expect(verdicts(result)).toEqual(ALL_OK);
    },
    SCENARIO_TIMEOUT,
  );

  it(
    'loses nothing when start is killed with SIGKILL twice and restarted (2024 trade times)',
    async () => {
      const result = await runScenario({
        name: 'kill-start',
        topology: 'embedded',
        timestamps: 'recorded',
        faults: async (ctx) => {
          const moments = [0, 1]
            .map(() => ctx.playMs * (0.15 + 0.7 * ctx.rng.next()))
            .sort((a, b) => a - b);
          for (const at of moments) {
            await ctx.atPlayTime(at);
            await ctx.killAndRestart('start');
          }
        },
      });
      expect(verdicts(result)).toEqual(ALL_OK);
    },
    SCENARIO_TIMEOUT,
  );
});
