import type { TapeTrade } from '@tickstream/ingest';

/** The real capture repeated with shifted ids and times until it holds `count` trades. */
export function benchTape(capture: readonly TapeTrade[], count: number): TapeTrade[] {
  const out: TapeTrade[] = [];
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  for (const t of capture) {
    if (!first.has(t.symbol)) first.set(t.symbol, t.id);
    last.set(t.symbol, t.id);
  }
  const period = (capture.at(-1)?.time ?? 0) - (capture[0]?.time ?? 0) + 1000;
  for (let pass = 0; out.length < count; pass++) {
    for (const t of capture) {
      if (out.length >= count) break;
      const width = (last.get(t.symbol) ?? 0) - (first.get(t.symbol) ?? 0) + 1;
      out.push({
        symbol: t.symbol,
        id: t.id + pass * width,
        price: t.price,
        qty: t.qty,
        time: t.time + pass * period,
        eventTime: t.eventTime + pass * period,
        isBuyerMaker: t.isBuyerMaker,
      });
    }
  }
  return out;
}
