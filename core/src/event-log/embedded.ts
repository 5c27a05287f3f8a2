// The embedded EventLog: a durable log on lmdb under a data directory, for running the whole
// pipeline in one process. Storage format: embedded-codec.ts; lmdb access and retention:
// embedded-store.ts; consumer groups: embedded-group.ts.
//
// One process owns a data directory. lmdb itself would let several processes share it, but
// consumer groups, wake-ups and offset assignment live in the owning process's memory, so a
// second process writing (or consuming) would break them. A pid lock file enforces it: opening
// a directory whose lock names a live process fails with EMBEDDED_LOG_LOCKED. A lock left by a
// killed process is taken over. Anything larger than one process runs on Kafka.

import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventLogError } from '../errors';
import { silentLogger, type Logger } from '../logger';
import { ConsumerGroup, EmbeddedConsumer, type GroupSettings } from './embedded-group';
import { EmbeddedStore } from './embedded-store';
import type { ConsumeOptions, Consumer, EventLog, ProduceRecord, TopicSpec } from './port';

export interface EmbeddedEventLogOptions {
  /** Directory of the lmdb environment; created if missing. One process owns it. */
  readonly dataDir: string;
  readonly logger?: Logger;
  /** How often retention deletes records past their topic's age or size limit (default 60 s). */
  readonly retentionCheckIntervalMs?: number;
  /** Longest an idle consumer waits without a wake-up before looking again (default 1 s). */
  readonly pollIntervalMs?: number;
  /** Longest Consumer.stop() and close() wait for a handler in flight (default 30 s). */
  readonly stopTimeoutMs?: number;
  /**
   * Commits are written to disk at most this long after the handler resolved (default
   * 20 ms), many in one write; a crash in between only means those batches are redelivered.
   */
  readonly commitSaveDelayMs?: number;
  /** The clock of append times and retention (epoch ms); tests move it. Default Date.now. */
  readonly clock?: () => number;
}

const LOCK_FILE = 'tickstream-owner.pid';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data directory's owner lock; returns the function that releases it. */
function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          if (readFileSync(path, 'utf8') === String(process.pid)) unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new EventLogError('EMBEDDED_LOG_OPEN_FAILED', `Cannot lock ${dataDir}`, {
          cause: error,
        });
      }
    }
    let owner = Number.NaN;
    try {
      owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
    } catch {
      continue; // Released between our attempts: try again.
    }
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
      const who = owner === process.pid ? 'this process (another open log)' : `process ${owner}`;
      throw new EventLogError(
        'EMBEDDED_LOG_LOCKED',
        `The embedded event log in ${dataDir} is already open by ${who}; one process owns a ` +
          `data directory (use Kafka to share a log between processes). If no such process ` +
          `uses it, delete ${path}.`,
      );
    }
    try {
      unlinkSync(path); // Left behind by a process that died.
    } catch {
      // Someone else removed it first; the next attempt decides.
    }
  }
  throw new EventLogError('EMBEDDED_LOG_LOCKED', `Could not take the lock ${path}`, {
    retriable: true,
  });
}

class EmbeddedEventLog implements EventLog {
  readonly kind = 'embedded' as const;
  private readonly groups = new Map<string, ConsumerGroup>();
  private readonly consumers = new Set<EmbeddedConsumer>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly retentionTimer: NodeJS.Timeout;
  private sweeping: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private readonly settings: GroupSettings;
  private readonly commitSaveDelayMs: number;
  private readonly clock: () => number;

  constructor(
    private readonly store: EmbeddedStore,
    private readonly releaseLock: () => void,
    private readonly logger: Logger,
    options: EmbeddedEventLogOptions,
  ) {
    this.settings = {
      logger,
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      stopTimeoutMs: options.stopTimeoutMs ?? 30_000,
    };
    this.commitSaveDelayMs = options.commitSaveDelayMs ?? 20;
    this.clock = options.clock ?? Date.now;
    this.retentionTimer = setInterval(
      () => this.sweep(),
      options.retentionCheckIntervalMs ?? 60_000,
    );
    this.retentionTimer.unref();
  }

  private ensureOpen(): void {
    if (this.closing) throw new EventLogError('EVENT_LOG_CLOSED', 'The event log is closed');
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    const done = () => this.pending.delete(promise);
    promise.then(done, done);
    return promise;
  }

  private sweep(): void {
    if (this.sweeping || this.closing) return;
    this.sweeping = this.store
      .enforceRetention(this.clock())
      .then((deleted) => {
        if (deleted > 0) this.logger.info({ deleted }, 'retention deleted old records');
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'retention sweep failed'))
      .finally(() => {
        this.sweeping = undefined;
      });
  }

  private group(groupId: string): ConsumerGroup {
    let group = this.groups.get(groupId);
    if (group === undefined) {
      group = new ConsumerGroup(groupId, this.store, this.logger, this.commitSaveDelayMs);
      this.groups.set(groupId, group);
    }
    return group;
  }

  async createTopics(specs: readonly TopicSpec[]): Promise<void> {
    this.ensureOpen();
    await this.track(this.store.createTopics(specs));
  }

  async listTopics(): Promise<readonly string[]> {
    this.ensureOpen();
    return this.store.topicNames();
  }

  async produce(topic: string, records: readonly ProduceRecord[]): Promise<void> {
    this.ensureOpen();
    const state = this.store.requireTopic(topic);
    await this.track(this.store.append(state, records));
    for (const consumer of this.consumers) if (consumer.subscribes(topic)) consumer.wake();
  }

  async consume(options: ConsumeOptions): Promise<Consumer> {
    this.ensureOpen();
    if (typeof options.groupId !== 'string' || options.groupId.length === 0) {
      throw new EventLogError('INVALID_CONSUME_OPTIONS', 'groupId must be a non-empty string');
    }
    if (options.topics.length === 0) {
      throw new EventLogError('INVALID_CONSUME_OPTIONS', 'topics must name at least one topic');
    }
    const topics = options.topics.map((name) => this.store.requireTopic(name));
    const group = this.group(options.groupId);
    const start = options.start ?? 'committed';
    if (start !== 'committed') {
      if (group.hasMembers()) {
        throw new EventLogError(
          'GROUP_NOT_EMPTY',
          `Group ${options.groupId} has live members; its offsets can only be reset when it is empty`,
          { retriable: true },
        );
      }
      await this.track(group.resetTo(start, topics));
      this.ensureOpen();
    }
    const consumer = new EmbeddedConsumer(
      group,
      this.store,
      options,
      topics,
      this.settings,
      (stopped) => this.consumers.delete(stopped),
    );
    this.consumers.add(consumer);
    group.join(consumer);
    consumer.start();
    return consumer;
  }

  async endOffsets(topic: string): Promise<ReadonlyMap<number, number>> {
    this.ensureOpen();
    const state = this.store.requireTopic(topic);
    return new Map(state.partitions.map((p, partition) => [partition, p.durableEnd]));
  }

  async committedOffsets(groupId: string, topic: string): Promise<ReadonlyMap<number, number>> {
    this.ensureOpen();
    return this.group(groupId).committedOffsets(this.store.requireTopic(topic));
  }

  async deleteGroup(groupId: string): Promise<void> {
    this.ensureOpen();
    const group = this.groups.get(groupId);
    if (group?.hasMembers()) {
      throw new EventLogError(
        'GROUP_NOT_EMPTY',
        `cannot delete group ${groupId} while it has members: stop them first`,
      );
    }
    group?.discard();
    this.groups.delete(groupId);
    await this.track(this.store.deleteCommits(groupId));
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.retentionTimer);
    await Promise.all([...this.consumers].map((c) => c.stop()));
    await Promise.all([...this.groups.values()].map((g) => g.saveCommits()));
    await Promise.allSettled([...this.pending]);
    await this.sweeping;
    try {
      await this.store.close();
    } finally {
      this.releaseLock();
    }
  }
}

/** Opens (creating if needed) the embedded event log in `options.dataDir`. */
export async function createEmbeddedEventLog(options: EmbeddedEventLogOptions): Promise<EventLog> {
  const logger = (options.logger ?? silentLogger).child({ component: 'embedded-event-log' });
  try {
    mkdirSync(options.dataDir, { recursive: true });
  } catch (error) {
    throw new EventLogError('EMBEDDED_LOG_OPEN_FAILED', `Cannot create ${options.dataDir}`, {
      cause: error,
    });
  }
  const releaseLock = lockDataDir(options.dataDir);
  let store: EmbeddedStore;
  try {
    store = await EmbeddedStore.open(options.dataDir, logger, options.clock ?? Date.now);
  } catch (error) {
    releaseLock();
    if (error instanceof EventLogError) throw error;
    throw new EventLogError('EMBEDDED_LOG_OPEN_FAILED', `Cannot open ${options.dataDir}`, {
      cause: error,
    });
  }
  logger.debug({ dataDir: options.dataDir }, 'embedded event log open');
  return new EmbeddedEventLog(store, releaseLock, logger, options);
}
