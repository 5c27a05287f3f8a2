// Runs the EventLog benchmark (event-log-bench.ts, the same as for the embedded log) on the
// Kafka adapter against a real broker, once per compression codec, and prints markdown rows.
// Usage: npx tsc -b bench && KAFKA_BROKERS=host:port node bench/dist/event-log-kafka.js
//        [--compression gzip|none|both] [--records N] [--in-flight N] [--partitions N]
//        [--latency-seconds N] [--profile PREFIX] [--json]
// --profile writes PREFIX.<codec>.cpuprofile (V8 CPU profile of the whole run of that codec);
// summarize it with bench/scripts/cpuprofile_top.py.

import { parseArgs } from 'node:util';
import { createKafkaEventLog } from '@tickstream/core';
import { profiled } from './candles-bench';
import {
  benchEventLog,
  MARKDOWN_HEADER,
  markdownRow,
  type EventLogBenchResult,
} from './event-log-bench';

export interface KafkaEventLogBenchResult extends EventLogBenchResult {
  readonly compression: 'gzip' | 'none';
}

export const KAFKA_MARKDOWN_HEADER = MARKDOWN_HEADER.replace('| adapter |', '| adapter (codec) |');

export function kafkaMarkdownRow(r: KafkaEventLogBenchResult): string {
  return markdownRow(r).replace(/^\| kafka \|/, `| kafka (${r.compression}) |`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      brokers: { type: 'string', default: process.env['KAFKA_BROKERS'] ?? '' },
      compression: { type: 'string', default: 'both' },
      records: { type: 'string', default: '500000' },
      'in-flight': { type: 'string', default: '4' },
      partitions: { type: 'string', default: '6' },
      'latency-seconds': { type: 'string', default: '10' },
      profile: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const brokers = values.brokers.split(',').filter((b) => b !== '');
  if (brokers.length === 0) {
    throw new Error('no broker: set KAFKA_BROKERS or pass --brokers (node scripts/kafka.js start)');
  }
  const codecs: Array<'gzip' | 'none'> =
    values.compression === 'both'
      ? ['none', 'gzip']
      : values.compression === 'gzip'
        ? ['gzip']
        : ['none'];
  const results: KafkaEventLogBenchResult[] = [];
  for (const compression of codecs) {
    const log = await createKafkaEventLog({ brokers, compression });
    try {
      const profile = values.profile ? `${values.profile}.${compression}.cpuprofile` : undefined;
      const result = await profiled(profile, () =>
        benchEventLog(log, {
          records: Number(values.records),
          batchSize: 500,
          recordBytes: 200,
          maxInFlight: Number(values['in-flight']),
          partitions: Number(values.partitions),
          latencyDurationMs: Number(values['latency-seconds']) * 1000,
        }),
      );
      results.push({ ...result, compression });
    } finally {
      await log.close();
    }
  }
  console.log(
    values.json
      ? JSON.stringify(results)
      : [KAFKA_MARKDOWN_HEADER, ...results.map(kafkaMarkdownRow)].join('\n'),
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
