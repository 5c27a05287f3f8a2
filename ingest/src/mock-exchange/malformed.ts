/** Kinds of bad input the mock exchange can send on demand, each a case ingest must survive. */
export const MALFORMED_KINDS = [
  'invalid-json',
  'not-an-object',
  'unknown-event',
  'wrong-types',
  'zero-price',
  'negative-qty',
  'unknown-symbol',
  'missing-fields',
  'stream-mismatch',
  'binary',
] as const;
export type MalformedKind = (typeof MALFORMED_KINDS)[number];

/** The frame for one kind; `symbol` is a symbol the client subscribed (lower-case stream name built here). */
export function malformedFrame(kind: MalformedKind, symbol: string, now: number): string {
  const s = symbol.toUpperCase();
  const stream = `${symbol.toLowerCase()}@trade`;
  const trade = (fields: string) =>
    `{"stream":"${stream}","data":{"e":"trade","E":${now},"T":${now},"s":"${s}",${fields},"X":"MARKET","m":true}}`;
  switch (kind) {
    case 'invalid-json':
      return `{"stream":"${stream}","data":{"e":"trade","E":${now},`;
    case 'not-an-object':
      return '[1,2,3]';
    case 'unknown-event':
      return `{"stream":"${symbol.toLowerCase()}@markPrice","data":{"e":"markPriceUpdate","E":${now},"s":"${s}","p":"64000.10","i":"64001.00","r":"0.0001","T":${now}}}`;
    case 'wrong-types':
      return trade('"t":"12345","p":64000.1,"q":"0.010"');
    case 'zero-price':
      return trade('"t":12345,"p":"0","q":"0.010"');
    case 'negative-qty':
      return trade('"t":12345,"p":"64000.10","q":"-1.5"');
    case 'unknown-symbol':
      return `{"stream":"zzzusdt@trade","data":{"e":"trade","E":${now},"T":${now},"s":"ZZZUSDT","t":1,"p":"1.00","q":"1","X":"MARKET","m":false}}`;
    case 'missing-fields':
      return `{"stream":"${stream}","data":{"e":"trade","s":"${s}"}}`;
    case 'stream-mismatch':
      return `{"stream":"nothere@trade","data":{"e":"trade","E":${now},"T":${now},"s":"${s}","t":12345,"p":"64000.10","q":"0.010","X":"MARKET","m":true}}`;
    case 'binary':
      return '\u0000\u0001binary';
  }
}
