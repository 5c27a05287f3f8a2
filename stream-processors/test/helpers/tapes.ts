import { TOPICS, type Trade } from '@tickstream/schema';
import type { EventLog } from '@tickstream/core';
import { mulberry32 } from '@tickstream/testkit';

/** A seeded PRNG so every tape is the same on every run. */
export const seededRandom = mulberry32;

export interface TapeOptions {
  readonly symbols: readonly string[];
  readonly trades: number;
  readonly startMs: number;
  readonly seed: number;
  /** Share of trades delivered late (out of order), by up to `maxDelayMs`. */
  readonly lateShare?: number;
  readonly maxDelayMs?: number;
  /** Share of trades delivered twice. */
  readonly duplicateShare?: number;
}

/**
 * A synthetic trade tape in delivery order: random-walk prices with 8-decimal quantities,
 * same-millisecond sweeps, some trades on exact minute marks, late and duplicate delivery.
 */
export function syntheticTape(options: TapeOptions): Trade[] {
  const rand = seededRandom(options.seed);
  const prices = new Map(options.symbols.map((s, i) => [s, 100 * (i + 1) + 1000 * rand()]));
  const ids = new Map(options.symbols.map((s) => [s, 1_000_000]));
  const made: Trade[] = [];
  let time = options.startMs;
  for (let n = 0; n < options.trades; n++) {
    const r = rand();
    if (r < 0.02)
      time = Math.ceil((time + 1) / 60_000) * 60_000; // exactly on a minute mark
    else if (r > 0.3) time += Math.floor(rand() * 40);
    const symbol = options.symbols[Math.floor(rand() * options.symbols.length)] ?? 'BTCUSDT';
    const price = Math.max(0.01, (prices.get(symbol) ?? 100) * (1 + (rand() - 0.5) * 0.002));
    prices.set(symbol, price);
    const id = (ids.get(symbol) ?? 0) + 1;
    ids.set(symbol, id);
    made.push({
      type: 'trade',
      exchange: 'binance-futures',
      symbol,
      tradeId: id,
      price: Math.round(price * 100) / 100,
      qty: Math.round((0.001 + rand() * 3) * 1e8) / 1e8,
      side: rand() < 0.5 ? 'buy' : 'sell',
      tradeTime: time,
      eventTime: time + 3,
      ingestTime: time + 40,
    });
  }
  const delivered: Array<{ at: number; trade: Trade }> = made.map((trade) => {
    const late = rand() < (options.lateShare ?? 0);
    return {
      at: trade.tradeTime + (late ? Math.floor(rand() * (options.maxDelayMs ?? 0)) : 0),
      trade,
    };
  });
  for (const entry of [...delivered]) {
    if (rand() < (options.duplicateShare ?? 0))
      delivered.push({ at: entry.at + Math.floor(rand() * 500), trade: entry.trade });
  }
  // Stable sort keeps each symbol's on-time trades in id order.
  return delivered.sort((a, b) => a.at - b.at).map((d) => d.trade);
}

export async function produceTrades(
  log: EventLog,
  trades: readonly Trade[],
  batchSize = 2_000,
): Promise<void> {
  for (let i = 0; i < trades.length; i += batchSize) {
    await log.produce(
      TOPICS.trades.name,
      trades.slice(i, i + batchSize).map((t) => ({
        key: TOPICS.trades.keyOf(t),
        value: JSON.stringify(t),
      })),
    );
  }
}

export async function waitFor(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 60_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface PairTapeOptions {
  readonly startMs: number;
  readonly seconds: number;
  readonly seed: number;
  /** Trades per symbol per second. */
  readonly tradesPerSecond?: number;
}

/**
 * Three symbols over `seconds` one-second bars: BTCUSDT a geometric random walk; ETHUSDT
 * cointegrated with it (y = 2.5 + 0.05·x + OU noise, as the reference's generator); SOLUSDT an
 * independent random walk. Trades are sprinkled through each second around the level.
 */
export function pairTape(options: PairTapeOptions): Trade[] {
  const rand = seededRandom(options.seed);
  const normal = () => Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
  const perSecond = options.tradesPerSecond ?? 3;
  let btc = 60_000;
  let sol = 150;
  let ou = 0;
  const ids: Record<string, number> = { BTCUSDT: 1, ETHUSDT: 1, SOLUSDT: 1 };
  const trades: Trade[] = [];
  for (let s = 0; s < options.seconds; s++) {
    btc *= Math.exp(normal() * 0.0008);
    sol *= Math.exp(normal() * 0.001);
    ou += -0.15 * ou + normal() * 1.5;
    const levels: Record<string, number> = {
      BTCUSDT: btc,
      ETHUSDT: 2.5 + 0.05 * btc + ou,
      SOLUSDT: sol,
    };
    for (let k = 0; k < perSecond; k++) {
      const time = options.startMs + s * 1000 + Math.floor(((k + rand()) / perSecond) * 999);
      for (const symbol of ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']) {
        const id = ids[symbol] ?? 1;
        ids[symbol] = id + 1;
        const level = levels[symbol] ?? 1;
        trades.push({
          type: 'trade',
          exchange: 'binance-futures',
          symbol,
          tradeId: id,
          price: Math.round(level * (1 + normal() * 0.00002) * 100) / 100,
          qty: Math.round((0.01 + rand()) * 1e6) / 1e6,
          side: rand() < 0.5 ? 'buy' : 'sell',
          tradeTime: time,
          eventTime: time,
          ingestTime: time,
        });
      }
    }
  }
  return trades.sort((a, b) => a.tradeTime - b.tradeTime);
}
