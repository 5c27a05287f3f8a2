// Runs the EventLog benchmark on the embedded adapter in a temporary data directory and
// prints a markdown row. Usage: node bench/dist/event-log-embedded.js [--records N]
// [--in-flight N] [--partitions N] [--latency-seconds N]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEmbeddedEventLog } from '@tickstream/core';
import { benchEventLog, MARKDOWN_HEADER, markdownRow } from './event-log-bench';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '1000000' },
      'in-flight': { type: 'string', default: '4' },
      partitions: { type: 'string', default: '6' },
      'latency-seconds': { type: 'string', default: '10' },
      json: { type: 'boolean', default: false },
    },
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'tickstream-bench-embedded-'));
  const log = await createEmbeddedEventLog({ dataDir });
  try {
    const result = await benchEventLog(log, {
      records: Number(values.records),
      batchSize: 500,
      recordBytes: 200,
      maxInFlight: Number(values['in-flight']),
      partitions: Number(values.partitions),
      latencyDurationMs: Number(values['latency-seconds']) * 1000,
    });
    console.log(
      values.json ? JSON.stringify(result) : `${MARKDOWN_HEADER}\n${markdownRow(result)}`,
    );
  } finally {
    await log.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
