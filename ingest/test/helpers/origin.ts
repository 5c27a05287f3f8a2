import type { Backfiller, MessageOrigin } from '../../src';

export function testOrigin(
  overrides: Partial<MessageOrigin> & { symbols?: readonly string[]; backfiller?: Backfiller } = {},
): MessageOrigin {
  const known = overrides.symbols === undefined ? undefined : new Set(overrides.symbols);
  return {
    session: overrides.session ?? 1,
    cause: overrides.cause ?? 'initial',
    connection: overrides.connection ?? 'test#1',
    exchange: overrides.exchange ?? 'binance-futures',
    deadLetterSource: overrides.deadLetterSource ?? 'ingest/test',
    isKnownSymbol: known === undefined ? () => true : (s) => known.has(s),
    ...(overrides.backfiller ? { backfiller: overrides.backfiller } : {}),
  };
}
