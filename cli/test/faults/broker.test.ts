import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RestartableKafka } from './helpers/kafka';
import { sleep } from './helpers/processes';
import { runScenario, verdicts, type ScenarioResult } from './helpers/scenario';

// The broker itself fails: stopped for 20 s and started again on the same port and data, or
// frozen with SIGSTOP for 20 s. ingest, process and api run as processes of the CLI; the tape
// plays with drops and malformed frames as in every scenario.

const SCENARIO_TIMEOUT = 480_000;
let kafka: RestartableKafka;
let kafkaDir: string;

beforeAll(async () => {
  kafkaDir = mkdtempSync(join(tmpdir(), 'tickstream-faults-broker-'));
  kafka = new RestartableKafka(kafkaDir);
  await kafka.start();
}, 180_000);

afterAll(async () => {
  await kafka?.stop();
  rmSync(kafkaDir, { recursive: true, force: true });
});

const ALL_OK = { candles: 'ok', trades: 'ok', gaps: 'ok', roles: 'ok' };

/** Each role's way out after SIGTERM, with the time it took when over the 10 s bound. */
function sigtermOutcomes(result: ScenarioResult): Record<string, string> {
  return Object.fromEntries(
    Object.entries(result.sigterm).map(([name, t]) => [
      name,
      t.status === 'exited before'
        ? 'had exited before SIGTERM'
        : t.timedOut || t.ms > 10_000
          ? `exited after ${t.ms} ms (killed: ${t.timedOut})`
          : 'within 10 s',
    ]),
  );
}

describe('a broker that goes away', () => {
  let stopped: ScenarioResult | undefined;

  it(
    'loses nothing when the broker is stopped for 20 s and restarted (current trade times)',
    async () => {
      stopped = await runScenario({
        name: 'broker-restart',
        topology: 'kafka',
        timestamps: 'live',
        kafka,
        api: true,
        faults: async (ctx) => {
          await ctx.atPlayTime(ctx.playMs * 0.3);
          await kafka.stop();
          ctx.log('broker stopped for 20 s');
          await sleep(20_000);
          await kafka.start();
          ctx.log('broker restarted on the same port and data directory');
        },
      });
      expect(verdicts(stopped)).toEqual(ALL_OK);
    },
    SCENARIO_TIMEOUT,
  );

  it('lets SIGTERM end every role within 10 s after a broker restart', () => {
    if (stopped === undefined)
      throw new Error('the broker-restart scenario did not run to its end');
    const outcomes = sigtermOutcomes(stopped);
    expect(Object.keys(outcomes).sort()).toEqual(['api#1', 'ingest#1', 'process#1']);
    expect(outcomes).toEqual({
      'api#1': 'within 10 s',
      'ingest#1': 'within 10 s',
      'process#1': 'within 10 s',
    });
  });

  it('says 503 with the reason on /health of process while the broker is down', () => {
    if (stopped === undefined)
      throw new Error('the broker-restart scenario did not run to its end');
    // Reasons of components neither running nor stopped: the 503s of the final SIGTERM
    // (every stage 'stopped') do not count.
    const reasons = (stopped.health['process']?.unhealthy() ?? []).flatMap((sample) => {
      const body = JSON.parse(sample.body) as {
        components?: Record<string, { state?: string; reason?: string }>;
      };
      return Object.entries(body.components ?? {})
        .filter(([, c]) => c.state !== 'running' && c.state !== 'stopped')
        .map(([name, c]) => `${name} ${c.state}: ${c.reason ?? '(no reason)'}`);
    });
    expect(reasons).toEqual(
      expect.arrayContaining([expect.stringMatching(/: (?!\(no reason\)).+/)]),
    );
  });

  it(
    'loses nothing when the broker is frozen with SIGSTOP for 20 s (2024 trade times)',
    async () => {
      const result = await runScenario({
        name: 'broker-freeze',
        topology: 'kafka',
        timestamps: 'recorded',
        kafka,
        faults: async (ctx) => {
          await ctx.atPlayTime(ctx.playMs * 0.3);
          kafka.freeze();
          ctx.log('broker frozen (SIGSTOP) for 20 s');
          try {
            await sleep(20_000);
          } finally {
            kafka.thaw();
          }
          ctx.log('broker resumed (SIGCONT)');
        },
      });
      expect(verdicts(result)).toEqual(ALL_OK);
    },
    SCENARIO_TIMEOUT,
  );
});
