// Store format migrations of the embedded log, run once when a data directory is opened.
//
// Format 2 (this version): a record's timestamp is the time the store appended it. Format 1
// stored the producer's timestamp, which was the event time (a trade's time): a replay or a
// backfill of 2024 trades was deleted by a 7-day retention at the next sweep. The original
// append times of format 1 records are not known, so they get the migration time: retention
// counts from the upgrade, never deleting early, and look-ups by time see them as older than
// anything appended after.

import type { Database, RootDatabase } from 'lmdb';
import type { Logger } from '../logger';
import { batchFormat, FORMAT_V1, restampV1Batch } from './embedded-codec';

export const STORE_FORMAT_KEY = '#format';
export const STORE_FORMAT = 2;

/** Batches rewritten per transaction, and the bytes they may hold, to bound memory. */
const BATCHES_PER_TXN = 2_000;
const BYTES_PER_TXN = 64 * 1024 * 1024;

export interface MigrationDbs {
  readonly root: RootDatabase;
  readonly records: Database<Buffer, Buffer>;
  readonly topicsDb: Database<unknown, string>;
}

/** The store's format: stored, else 2 for an empty store and 1 for one written before. */
export function storeFormat(dbs: MigrationDbs): number {
  const stored = dbs.topicsDb.get(STORE_FORMAT_KEY);
  if (typeof stored === 'number') return stored;
  for (const key of dbs.topicsDb.getKeys({ limit: 2 })) {
    if (key !== STORE_FORMAT_KEY && !key.startsWith('#')) return 1;
  }
  let hasRecords = false;
  for (const key of dbs.records.getKeys({ limit: 1 })) hasRecords = key !== undefined;
  return hasRecords ? 1 : STORE_FORMAT;
}

/** Partition prefix of a record key: topicId|partition (8 bytes). */
const partitionOf = (key: Buffer): string => key.subarray(0, 8).toString('hex');

/**
 * Brings the store to STORE_FORMAT. Rewrites only version 1 batches, so a migration cut short
 * by a crash resumes where it stopped. Returns how many batches were rewritten.
 */
export async function migrateStore(
  dbs: MigrationDbs,
  now: number,
  logger: Logger,
): Promise<number> {
  const format = storeFormat(dbs);
  if (format === STORE_FORMAT) {
    if (dbs.topicsDb.get(STORE_FORMAT_KEY) === undefined) {
      await dbs.topicsDb.put(STORE_FORMAT_KEY, STORE_FORMAT);
    }
    return 0;
  }
  logger.warn(
    { from: format, to: STORE_FORMAT },
    'migrating the embedded event log: record times become append times (old records get this time)',
  );
  let rewritten = 0;
  let partition = '';
  let maxBefore = -Infinity;
  let start: Buffer | undefined;
  for (;;) {
    const writes: Array<[Buffer, Buffer]> = [];
    let bytes = 0;
    let last: Buffer | undefined;
    for (const { key, value } of dbs.records.getRange(start ? { start } : {})) {
      if (start && Buffer.compare(key, start) === 0) continue;
      last = key;
      const p = partitionOf(key);
      if (p !== partition) {
        partition = p;
        maxBefore = -Infinity;
      }
      if (batchFormat(value) === FORMAT_V1) {
        const migrated = restampV1Batch(value, now, maxBefore);
        maxBefore = migrated.readDoubleLE(24);
        writes.push([Buffer.from(key), migrated]);
        bytes += migrated.length;
      } else {
        maxBefore = value.readDoubleLE(24);
      }
      if (writes.length >= BATCHES_PER_TXN || bytes >= BYTES_PER_TXN) break;
    }
    if (writes.length > 0) {
      await dbs.records.transaction(() => {
        for (const [key, value] of writes) void dbs.records.put(key, value);
      });
      rewritten += writes.length;
    }
    if (last === undefined || (writes.length < BATCHES_PER_TXN && bytes < BYTES_PER_TXN)) break;
    start = Buffer.from(last);
  }
  await dbs.topicsDb.put(STORE_FORMAT_KEY, STORE_FORMAT);
  await dbs.root.flushed;
  logger.warn({ batches: rewritten }, 'embedded event log migrated');
  return rewritten;
}
