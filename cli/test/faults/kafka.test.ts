import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RestartableKafka } from './helpers/kafka';
import { sleep, waitForOutput } from './helpers/processes';
import { runScenario, verdicts } from './helpers/scenario';

// ingest + process as processes of the CLI over a broker of this file's own and ClickHouse as
// its own process; the tape plays with every connection dropped every 7–22 s and ~1 %
// malformed frames. Every scenario ends with every candle equal to ClickHouse's GROUP BY over
// the tape, every trade id stored exactly once, and no gap left unreported.

const SCENARIO_TIMEOUT = 420_000;
let kafka: RestartableKafka;
let kafkaDir: string;

beforeAll(async () => {
  kafkaDir = mkdtempSync(join(tmpdir(), 'tickstream-faults-kafka-'));
  kafka = new RestartableKafka(kafkaDir);
  await kafka.start();
}, 180_000);

afterAll(async () => {
  await kafka?.stop();
  rmSync(kafkaDir, { recursive: true, force: true });
});

const ALL_OK = { candles: 'ok', trades: 'ok', gaps: 'ok', roles: 'ok' };

describe('ingest and process on Kafka, with drops and malformed frames', () => {
  it(
    'backfill over REST the trades between a drop and the end of the tape when the exchange stays silent (2024 trade times)',
    async () => {
      const result = await runScenario({
        name: 'silence-kafka-recorded',
        topology: 'kafka',
        timestamps: 'recorded',
        kafka,
        silenceAt: 0.8,
      });
      expect(verdicts(result)).toEqual(ALL_OK);
    },
    SCENARIO_TIMEOUT,
  );

  it(
    'backfill over REST the trades between a drop and the end of the tape when the exchange stays silent (current trade times)',
    async () => {
      const result = await runScenario({
        name: 'silence-kafka-live',
        topology: 'kafka',
        timestamps: 'live',
        kafka,
        silenceAt: 0.8,
      });
      expect(verdicts(result)).toEqual(ALL_OK);
    },
    SCENARIO_TIMEOUT,
  );

  it(
    'lose nothing when process is killed with SIGKILL three times at random moments (2024 trade times)',
    async () => {
      const result = await runScenario({
        name: 'kill-process',
        topology: 'kafka',
        timestamps: 'recorded',
        kafka,
        faults: async (ctx) => {
          const moments = [0, 1, 2]
            .map(() => ctx.playMs * (0.1 + 0.8 * ctx.rng.next()))
            .sort((a, b) => a - b);
          for (const at of moments) {
            await ctx.atPlayTime(at);
            await ctx.killAndRestart('process');
          }
        },
      });
      expect(verdicts(result)).toEqual(ALL_OK);
    },
    SCENARIO_TIMEOUT,
  );

  it(
    'lose nothing when ingest is killed with SIGKILL and restarted 5 s later (2024 trade times)',
    async () => {
      const result = await runScenario({
        name: 'kill-ingest',
        topology: 'kafka',
        timestamps: 'recorded',
        kafka,
        faults: async (ctx) => {
          await ctx.atPlayTime(ctx.playMs * (0.3 + 0.3 * ctx.rng.next()));
          await ctx.killAndRestart('ingest', 5_000);
        },
      });
      expect(verdicts(result)).toEqual(ALL_OK);
    },
    SCENARIO_TIMEOUT,
  );

  it(
    'lose nothing when ClickHouse is unavailable for 20 s (current trade times)',
    async () => {
      const result = await runScenario({
        name: 'clickhouse-outage',
        topology: 'kafka',
        timestamps: 'live',
        kafka,
        faults: async (ctx) => {
          const clickhouse = ctx.clickhouse;
          if (clickhouse === undefined) throw new Error('no ClickHouse process');
          await ctx.atPlayTime(ctx.playMs * 0.3);
          const from = clickhouse.output.length;
          clickhouse.child.kill('SIGUSR1');
          await waitForOutput(clickhouse, /PAUSED/, 30_000, from);
          ctx.log('ClickHouse paused (connections refused) for 20 s');
          await sleep(20_000);
          clickhouse.child.kill('SIGUSR2');
          await waitForOutput(clickhouse, /RESUMED/, 30_000, from);
          ctx.log('ClickHouse resumed');
        },
      });
      expect(verdicts(result)).toEqual(ALL_OK);
    },
    SCENARIO_TIMEOUT,
  );
});
