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
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const base = { level: options.level ?? 'info', name: options.name ?? 'tickstream' };
  if (options.pretty) {
    return pino({
      ...base,
      transport: {
        target: 'pino-pretty',
        options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' },
      },
    });
  }
  return pino(base);
}

/** For tests and library callers who want no output. */
export const silentLogger: Logger = pino({ level: 'silent' });
