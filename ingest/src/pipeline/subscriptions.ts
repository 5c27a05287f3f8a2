import { TickstreamError } from '@tickstream/core';
import type { IngestSource } from '../types';
import type { TailChecker } from './tail-checker';

export interface Subscriptions {
  subscribe(symbols: readonly string[]): Promise<void>;
  unsubscribe(symbols: readonly string[]): Promise<void>;
}

/** Symbols added or removed while running, for sources that can (live ones). */
export function subscriptions(source: IngestSource, tails: TailChecker): Subscriptions {
  const change = async (verb: 'subscribe' | 'unsubscribe', symbols: readonly string[]) => {
    const method = source[verb];
    if (method === undefined)
      throw new TickstreamError(
        'UNSUPPORTED',
        `the ${source.name} source cannot ${verb} at run time`,
      );
    await method.call(source, symbols);
  };
  return {
    subscribe: (symbols) => change('subscribe', symbols),
    unsubscribe: async (symbols) => {
      await change('unsubscribe', symbols);
      tails.forget(symbols);
    },
  };
}
