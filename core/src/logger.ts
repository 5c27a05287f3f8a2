import pino from 'pino';

/** The structured logger every role takes as an option; pino satisfies it. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  readonly level?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Human-readable lines for terminals instead of JSON. */
  readonly pretty?: boolean;
  readonly name?: string;
  /**
   * Where the lines go (default stdout, pino's own default). Commands whose stdout carries
   * data (`tail`, `--print-trades`) log to stderr, so their output can be piped as is.
   */
  readonly destination?: 'stdout' | 'stderr';
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const base = { level: options.level ?? 'info', name: options.name ?? 'tickstream' };
  const fd = options.destination === 'stderr' ? 2 : 1;
  if (options.pretty) {
    return pino({
      ...base,
      transport: {
        target: 'pino-pretty',
        options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', destination: fd },
      },
    });
  }
  // Asynchronous like pino's own stdout default (pino flushes it on exit).
  return fd === 1 ? pino(base) : pino(base, pino.destination({ dest: fd, sync: false }));
}

/** For tests and library callers who want no output. */
export const silentLogger: Logger = pino({ level: 'silent' });
