import { join } from 'node:path';
import { ROOT } from './processes';

// The project's own local broker script (scripts/kafka.js), one broker per test file, with
// its own data directory and a fixed port so that it can be stopped and started again as the
// same broker.

export interface KafkaBroker {
  readonly brokers: string;
  readonly pid: number;
  readonly dataDir: string;
  stop(): Promise<void>;
}

interface KafkaScript {
  startKafka(options: {
    readonly dataDir: string;
    readonly port?: number;
    readonly log?: (message: string) => void;
  }): Promise<KafkaBroker>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script without types
const script = require(join(ROOT, 'scripts', 'kafka.js')) as KafkaScript;

export class RestartableKafka {
  private current: KafkaBroker | undefined;
  private port: number | undefined;

  constructor(private readonly dataDir: string) {}

  get brokers(): string {
    if (this.current === undefined) throw new Error('the broker is not running');
    return this.current.brokers;
  }

  get pid(): number {
    if (this.current === undefined) throw new Error('the broker is not running');
    return this.current.pid;
  }

  async start(): Promise<void> {
    this.current = await script.startKafka({
      dataDir: this.dataDir,
      ...(this.port !== undefined ? { port: this.port } : {}),
      log: (m) => console.error(`[faults kafka] ${m}`),
    });
    this.port ??= Number(this.current.brokers.split(':')[1]);
  }

  async stop(): Promise<void> {
    const broker = this.current;
    this.current = undefined;
    await broker?.stop();
  }

  /** SIGSTOP / SIGCONT to the broker's process group (the JVM and anything it forked). */
  freeze(): void {
    signalGroup(this.pid, 'SIGSTOP');
  }

  thaw(): void {
    signalGroup(this.pid, 'SIGCONT');
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    process.kill(pid, signal);
  }
}
