import { createHash } from 'node:crypto';
import { print, type DocumentNode, type ExecutionResult } from 'graphql';
import { Writable } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Audience } from '../live/fanout';

/**
 * What identifies a group: subscriptions with the same document, operation, variables and
 * authorization scope get the same results, so one execution serves them all.
 */
export function groupKey(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>> | null | undefined,
  scope: string,
): string {
  return createHash('sha256')
    .update(
      JSON.stringify([print(document), operationName ?? null, canonical(variables ?? {}), scope]),
    )
    .digest('hex');
}

/** Variables with object keys sorted, so `{a, b}` and `{b, a}` make the same group. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort())
      out[key] = canonical((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** The `payload` of a graphql-ws `next` message, built as graphql-ws builds it (errors last). */
function payloadOf(result: ExecutionResult): object {
  const { errors, ...rest } = result;
  return errors ? { ...rest, errors: errors.map((e) => e.toJSON()) } : rest;
}

/**
 * One connection's writes. A subscription writes straight to the socket while the socket holds
 * no unsent data, and queues otherwise; the socket's write callbacks drain the queues. This is
 * the pace graphql-ws keeps (one message in flight per subscription), without a promise per
 * message.
 *
 * The messages written in one pass of the event loop leave in one system call: the TCP socket
 * is corked until the loop's check phase (one `setImmediate` for all sockets). The write call
 * is most of the cost of a delivery, and the busier the server, the more updates a pass
 * holds: they then cost one write per socket, not one each. An idle loop reaches its check
 * phase at once, so a quiet server adds no delay.
 */
export class SocketWriter {
  private readonly waiting = new Set<GroupMember>();
  private readonly written = () => this.drain();
  /** ws's TCP socket: ws offers no way to write several messages in one call. */
  private readonly tcp: Writable | undefined;
  /** Whether the socket was idle when this turn's writes began (they are held while corked). */
  private corkedIdle: boolean | undefined;
  constructor(
    private readonly socket: WebSocket,
    private readonly corks: CorkedSockets,
  ) {
    const tcp = (socket as unknown as { _socket?: unknown })._socket;
    this.tcp = tcp instanceof Writable ? tcp : undefined;
  }

  idle(): boolean {
    return this.corkedIdle ?? this.socket.bufferedAmount === 0;
  }

  write(text: string): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.corkedIdle === undefined && this.tcp) {
      this.corkedIdle = this.socket.bufferedAmount === 0;
      this.tcp.cork();
      this.corks.add(this);
    }
    this.socket.send(text, this.written);
  }

  uncork(): void {
    this.corkedIdle = undefined;
    this.tcp?.uncork();
  }

  wait(member: GroupMember): void {
    this.waiting.add(member);
  }

  forget(member: GroupMember): void {
    this.waiting.delete(member);
  }

  private drain(): void {
    for (const member of this.waiting) {
      if (!this.idle()) return;
      this.waiting.delete(member);
      member.flush();
    }
  }
}

/** The sockets corked in this pass of the event loop, uncorked together in its check phase. */
export class CorkedSockets {
  private corked: SocketWriter[] = [];
  private readonly flush = () => {
    const corked = this.corked;
    this.corked = [];
    for (const writer of corked) writer.uncork();
  };

  add(writer: SocketWriter): void {
    if (this.corked.length === 0) setImmediate(this.flush);
    this.corked.push(writer);
  }
}

export interface MemberOptions {
  readonly writer: SocketWriter;
  /** The subscription's id, as the client sent it. */
  readonly id: string;
  readonly capacity: number;
  /** The SLOW_CONSUMER result this subscriber gets when it falls `capacity` behind. */
  readonly notice: () => ExecutionResult;
  /** Told once when the subscriber was dropped (metrics, closing a socket that is not read). */
  readonly onDropped: () => void;
}

type Ending =
  | { readonly kind: 'done' }
  | { readonly kind: 'dropped'; readonly notice: ExecutionResult }
  | { readonly kind: 'failed'; readonly error: unknown };

/**
 * One graphql-ws subscription of a group, as the async generator graphql-ws iterates. Updates
 * do not pass through it: the group hands each member the serialized tail of the `next`
 * message, and the member writes `{"id":…` + tail to its socket or queues it (bounded). What it
 * yields to graphql-ws is only how it ends: nothing (graphql-ws then sends `complete`), the
 * SLOW_CONSUMER result (a `next`, then `complete`), or the group's error (an `error` message).
 */
export class GroupMember implements AsyncIterableIterator<ExecutionResult> {
  private readonly prefix: string;
  private queue: string[] = [];
  private head = 0;
  private state: 'open' | 'ending' | 'ended' = 'open';
  private ending: Ending | undefined;
  private waiter: ((result: IteratorResult<ExecutionResult>) => void) | undefined;
  private failWaiter: ((error: unknown) => void) | undefined;
  /** Set by the group while this member is in it. */
  leave: (() => void) | undefined;

  constructor(private readonly options: MemberOptions) {
    this.prefix = `{"id":${JSON.stringify(options.id)}`;
  }

  private get length(): number {
    return this.queue.length - this.head;
  }

  /** One update: the `next` message minus its opening `{"id":"…"`, the same for every member. */
  push(tail: string): void {
    if (this.state !== 'open') return;
    const { writer } = this.options;
    if (this.length === 0 && writer.idle()) {
      writer.write(this.prefix + tail);
      return;
    }
    if (this.length >= this.options.capacity) {
      this.drop();
      return;
    }
    this.queue.push(tail);
    writer.wait(this);
  }

  /** Writes queued updates while the socket takes them; ends the member once they are out. */
  flush(): void {
    const { writer } = this.options;
    while (this.length > 0 && writer.idle()) {
      writer.write(this.prefix + (this.queue[this.head] as string));
      this.head += 1;
    }
    if (this.length > 0) {
      writer.wait(this);
      return;
    }
    this.queue = [];
    this.head = 0;
    if (this.state === 'ending') this.settle();
  }

  /** The group ended (its source completed or failed): after the queued updates, end too. */
  end(error?: unknown): void {
    if (this.state !== 'open') return;
    this.leave = undefined;
    this.state = 'ending';
    this.ending = error === undefined ? { kind: 'done' } : { kind: 'failed', error };
    this.flush();
  }

  private drop(): void {
    this.state = 'ending';
    this.queue = [];
    this.head = 0;
    this.options.writer.forget(this);
    this.leaveGroup();
    this.ending = { kind: 'dropped', notice: this.options.notice() };
    this.options.onDropped();
    this.settle();
  }

  private leaveGroup(): void {
    const leave = this.leave;
    this.leave = undefined;
    leave?.();
  }

  /** Hands graphql-ws how this member ended, once it asks. */
  private settle(): void {
    if (!this.waiter || !this.ending) return;
    const resolve = this.waiter;
    const reject = this.failWaiter;
    this.waiter = undefined;
    this.failWaiter = undefined;
    const ending = this.ending;
    if (ending.kind === 'dropped') {
      // Yielded once; the next read finds the member ended.
      this.ending = { kind: 'done' };
      resolve({ value: ending.notice, done: false });
      return;
    }
    this.state = 'ended';
    if (ending.kind === 'failed') reject?.(ending.error);
    else resolve({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.state === 'ended') return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiter = resolve;
      this.failWaiter = reject;
      if (this.state === 'ending' && this.length === 0) this.settle();
    });
  }

  /** The client completed the subscription or went away; idempotent. */
  async return(): Promise<IteratorResult<ExecutionResult>> {
    if (this.state !== 'ended') {
      this.state = 'ended';
      this.queue = [];
      this.head = 0;
      this.options.writer.forget(this);
      this.leaveGroup();
      const resolve = this.waiter;
      this.waiter = undefined;
      this.failWaiter = undefined;
      resolve?.({ value: undefined, done: true });
    }
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** What starting a group's operation gives: its stream of results, or the result that refused it. */
export type Started = AsyncIterable<ExecutionResult> | ExecutionResult;

class Group {
  readonly members = new Set<GroupMember>();
  readonly audience: Audience;
  /** undefined once streaming; the refusal when the operation did not start. */
  ready: Promise<ExecutionResult | undefined>;
  private iterator: AsyncIterator<ExecutionResult> | undefined;
  private closed = false;

  constructor(
    private readonly onEmpty: () => void,
    start: (audience: Audience) => Promise<Started>,
  ) {
    const { members } = this;
    this.audience = {
      get size() {
        return members.size;
      },
      onResize: undefined,
    };
    this.ready = start(this.audience).then(
      (started) => {
        if (!isAsyncIterable(started)) {
          this.close();
          return started;
        }
        this.iterator = started[Symbol.asyncIterator]();
        if (this.closed) void this.iterator.return?.();
        else void this.run(this.iterator);
        return undefined;
      },
      (error: unknown) => {
        this.close();
        throw error;
      },
    );
  }

  add(member: GroupMember): void {
    this.members.add(member);
    member.leave = () => this.remove(member);
    this.audience.onResize?.(1);
  }

  remove(member: GroupMember): void {
    if (!this.members.delete(member)) return;
    this.audience.onResize?.(-1);
    if (this.members.size === 0) this.close();
  }

  /** Stops the execution: the group's source is closed (its queue leaves the fanout). */
  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onEmpty();
    void this.iterator?.return?.();
  }

  private async run(iterator: AsyncIterator<ExecutionResult>): Promise<void> {
    let failure: unknown;
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done || this.closed) break;
        // One serialization per update; each member prepends only its id.
        const tail = `,"type":"next","payload":${JSON.stringify(payloadOf(next.value))}}`;
        for (const member of this.members) member.push(tail);
      }
    } catch (error) {
      failure = error;
    }
    this.close();
    const members = [...this.members];
    this.members.clear();
    // The members left without being told one by one: the fanout's count follows the queue.
    for (const member of members) member.end(failure ?? undefined);
  }
}

function isAsyncIterable(value: Started): value is AsyncIterable<ExecutionResult> {
  return typeof (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function';
}

/**
 * The live groups of identical graphql-ws subscriptions. The first subscriber of a key starts
 * the operation (one source, one execution and one serialization per update); later ones join
 * it; the group stops its execution when its last member leaves.
 */
export class SubscriptionGroups {
  private readonly groups = new Map<string, Group>();

  /** `onCount` is told as groups start (+1) and end (-1). */
  constructor(private readonly onCount: (delta: number) => void = () => undefined) {}

  /** Number of live groups (each one execution). */
  get size(): number {
    return this.groups.size;
  }

  /**
   * Adds `member` to the group of `key`, starting it with `start` if there is none. Resolves
   * to the member, or to the result that refused the operation (argument errors and the like,
   * which graphql-ws sends as it sends any such result).
   */
  async join(
    key: string,
    member: GroupMember,
    start: (audience: Audience) => Promise<Started>,
  ): Promise<GroupMember | ExecutionResult> {
    let group = this.groups.get(key);
    if (!group) {
      const created: Group = new Group(() => {
        if (this.groups.get(key) !== created) return;
        this.groups.delete(key);
        this.onCount(-1);
      }, start);
      group = created;
      this.groups.set(key, group);
      this.onCount(1);
    }
    group.add(member);
    let refused: ExecutionResult | undefined;
    try {
      refused = await group.ready;
    } catch (error) {
      group.remove(member);
      throw error;
    }
    if (refused) {
      group.remove(member);
      return refused;
    }
    return member;
  }
}
