import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../logger';
import type { EventLog } from './port';

/**
 * A consumer group id no other process uses, for readers that need every record for
 * themselves (live feeds, registries, one-off reads): `tickstream.<purpose>.<host>.<pid>.<random>`.
 */
export function ownGroupId(purpose: string): string {
  const host = hostname().replace(/[^A-Za-z0-9-]/g, '-');
  return `tickstream.${purpose}.${host}.${process.pid}.${randomBytes(4).toString('hex')}`;
}

/**
 * Deletes a group made with `ownGroupId` once its reader stopped: nothing reads it again, and
 * on Kafka it would otherwise stay until the offsets retention expires it. Never throws.
 */
export async function dropOwnGroup(
  eventLog: EventLog,
  groupId: string,
  logger: Logger,
): Promise<void> {
  await eventLog
    .deleteGroup(groupId)
    .catch((error: unknown) => logger.warn({ err: error, groupId }, 'could not delete a group'));
}
