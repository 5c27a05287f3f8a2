// Runs the EventLog benchmark (event-log-bench.ts, the same as for the embedded log) on the
// Kafka adapter against a real broker, per client library and compression codec, in
// interleaved rounds, beside the embedded log measured in the same run (the baseline), and
// prints markdown rows with each figure's ratio to that baseline.
// Usage: npx tsc -b bench && KAFKA_BROKERS=host:port node bench/dist/event-log-kafka.js
//        [--client kafkajs|platformatic|both] [--compression gzip|none|both] [--rounds N]
//        [--records N] [--in-flight N] [--partitions N] [--latency-seconds N]
//        [--no-baseline] [--profile PREFIX] [--json]
// --profile writes PREFIX.<client>.<codec>.<round>.cpuprofile (V8 CPU profile of that
// measurement); summarize it with bench/scripts/cpuprofile_top.py.

import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEmbeddedEventLog, createKafkaEventLog, type KafkaClient } from '@tickstream/core';
import { profiled } from './candles-bench';
import {
  benchEventLog,
  MARKDOWN_HEADER,
  markdownRow,
  type EventLogBenchOptions,
  type EventLogBenchResult,
} from './event-log-bench';

export interface KafkaEventLogBenchResult extends EventLogBenchResult {
  /** 'embedded' for the baseline rows. */
  readonly client: KafkaClient | 'embedded';
  readonly compression: 'gzip' | 'none' | '-';
  readonly round: number;
  /** The 1-minute load average when the measurement ended. */
  readonly load: number;
  /**
   * This process's CPU time (user + system) per record over the whole measurement, latency
   * run included: on a machine shared with other work, less noisy than records per second.
   */
  readonly cpuMicrosPerRecord: number;
}

export const KAFKA_MARKDOWN_HEADER =
  MARKDOWN_HEADER.replace('| adapter |', '| round | adapter (client, codec) |').replace(
    /\|\n\|/,
    '| × embedded | CPU µs/record | load |\n|---|',
  ) + '---|---|---|';

export function kafkaMarkdownRow(
  r: KafkaEventLogBenchResult,
  baseline: KafkaEventLogBenchResult | undefined,
): string {
  const label = r.client === 'embedded' ? 'embedded' : `kafka (${r.client}, ${r.compression})`;
  const ratio =
    baseline && r.client !== 'embedded'
      ? (r.endToEndRecordsPerSec / baseline.endToEndRecordsPerSec).toFixed(3)
      : '1';
  return `| ${r.round} ${markdownRow(r).replace(/^\| (kafka|embedded) \|/, `| ${label} |`)} ${ratio} | ${r.cpuMicrosPerRecord.toFixed(1)} | ${r.load.toFixed(2)} |`;
}

function choices<T extends string>(value: string, all: readonly T[], what: string): T[] {
  if (value === 'both') return [...all];
  if (!(all as readonly string[]).includes(value)) {
    throw new Error(`--${what} ${value} is not one of ${all.join(', ')}, both`);
  }
  return [value as T];
}

/** Runs `work`, adding this process's CPU time per record it handled. */
async function withCpu<T extends EventLogBenchResult>(
  options: EventLogBenchOptions,
  work: () => Promise<T>,
): Promise<T & { cpuMicrosPerRecord: number }> {
  const before = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(before);
  const latencyRecords =
    ((options.latencyRatePerSec ?? 5000) * (options.latencyDurationMs ?? 10_000)) / 1000;
  const records = result.records + latencyRecords;
  return { ...result, cpuMicrosPerRecord: (used.user + used.system) / records };
}

async function embeddedRound(options: EventLogBenchOptions): Promise<EventLogBenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tickstream-bench-embedded-'));
  const log = await createEmbeddedEventLog({ dataDir });
  try {
    return await benchEventLog(log, options);
  } finally {
    await log.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      brokers: { type: 'string', default: process.env['KAFKA_BROKERS'] ?? '' },
      client: { type: 'string', default: 'both' },
      compression: { type: 'string', default: 'both' },
      rounds: { type: 'string', default: '1' },
      records: { type: 'string', default: '500000' },
      'in-flight': { type: 'string', default: '4' },
      partitions: { type: 'string', default: '6' },
      'latency-seconds': { type: 'string', default: '10' },
      'no-baseline': { type: 'boolean', default: false },
      profile: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const brokers = values.brokers.split(',').filter((b) => b !== '');
  if (brokers.length === 0) {
    throw new Error('no broker: set KAFKA_BROKERS or pass --brokers (node scripts/kafka.js start)');
  }
  const clients = choices<KafkaClient>(values.client, ['kafkajs', 'platformatic'], 'client');
  const codecs = choices<'none' | 'gzip'>(values.compression, ['none', 'gzip'], 'compression');
  const options: EventLogBenchOptions = {
    records: Number(values.records),
    batchSize: 500,
    recordBytes: 200,
    maxInFlight: Number(values['in-flight']),
    partitions: Number(values.partitions),
    latencyDurationMs: Number(values['latency-seconds']) * 1000,
  };
  const results: KafkaEventLogBenchResult[] = [];
  const lines: string[] = [KAFKA_MARKDOWN_HEADER];
  const report = (r: KafkaEventLogBenchResult, baseline: KafkaEventLogBenchResult | undefined) => {
    results.push(r);
    lines.push(kafkaMarkdownRow(r, baseline));
    if (!values.json) console.error(kafkaMarkdownRow(r, baseline));
  };
  // Interleaved: each round measures the baseline and every client once, in turn (the order
  // rotates per round), so a change of load on the shared machine touches all of them alike.
  for (let round = 1; round <= Number(values.rounds); round++) {
    let baseline: KafkaEventLogBenchResult | undefined;
    if (!values['no-baseline']) {
      const result = await withCpu(options, () => embeddedRound(options));
      baseline = {
        ...result,
        client: 'embedded',
        compression: '-',
        round,
        load: loadavg()[0] ?? 0,
      };
      report(baseline, undefined);
    }
    const order = round % 2 === 0 ? [...clients].reverse() : clients;
    for (const client of order) {
      for (const compression of codecs) {
        const log = await createKafkaEventLog({ client, brokers, compression });
        try {
          const profile = values.profile
            ? `${values.profile}.${client}.${compression}.${round}.cpuprofile`
            : undefined;
          const result = await withCpu(options, () =>
            profiled(profile, () => benchEventLog(log, options)),
          );
          report({ ...result, client, compression, round, load: loadavg()[0] ?? 0 }, baseline);
        } finally {
          await log.close();
        }
      }
    }
  }
  console.log(values.json ? JSON.stringify(results) : lines.join('\n'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
