import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { mulberry32 } from '@tickstream/testkit';
import type { AlignedBar } from '../../../src/pairs/leg-aligner';

const TAPE_DIR = '/work/shared/data/binance';
export const SPOT_TAPE = join(TAPE_DIR, 'spot_trade_btcusdt_ethusdt_20240808-09.jsonl.gz');
export const USDM_TAPE = join(TAPE_DIR, 'usdm_trade_btcusdt_ethusdt_20240718-19.jsonl.gz');

/**
 * Bars of the shared tape: each symbol's last trade price per bar (trade time T), then the two
 * legs as-of joined on the union of bar times from the first bar where both have traded, as
 * the LegAligner does. x = BTCUSDT, y = ETHUSDT.
 */
export function tapeBars(file: string, barMs: number): AlignedBar[] {
  const closes = { BTCUSDT: new Map<number, number>(), ETHUSDT: new Map<number, number>() };
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
  for (const line of lines) {
    if (line === '') continue;
    const { data } = JSON.parse(line) as { data: { s: string; p: string; T: number } };
    const leg =
      data.s === 'BTCUSDT' ? closes.BTCUSDT : data.s === 'ETHUSDT' ? closes.ETHUSDT : null;
    if (leg === null) continue;
    // Trades are in receive order; the bar's close is the trade latest in exchange time.
    const start = Math.floor(data.T / barMs) * barMs;
    leg.set(start, Number(data.p));
  }
  const times = [...new Set([...closes.BTCUSDT.keys(), ...closes.ETHUSDT.keys()])].sort(
    (a, b) => a - b,
  );
  const bars: AlignedBar[] = [];
  let x: number | undefined;
  let y: number | undefined;
  for (const time of times) {
    x = closes.BTCUSDT.get(time) ?? x;
    y = closes.ETHUSDT.get(time) ?? y;
    if (x !== undefined && y !== undefined) bars.push({ time, x, y });
  }
  return bars;
}

/**
 * A cointegrated pair, seeded: x a geometric random walk around 1000, y = 100 + 2x + e with e
 * an AR(1) (φ = 0.95), so the spread reverts and crosses any sensible entry many times.
 */
export function syntheticBars(n: number, seed: number, barMs = 60_000): AlignedBar[] {
  const rand = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const bars: AlignedBar[] = [];
  let x = 1000;
  let e = 0;
  for (let i = 0; i < n; i++) {
    x *= Math.exp(0.001 * normal());
    e = 0.95 * e + 1.5 * normal();
    bars.push({ time: 1_700_000_000_000 + i * barMs, x, y: 100 + 2 * x + e });
  }
  return bars;
}
