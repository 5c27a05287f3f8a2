import type { Trade } from '@tickstream/schema';
import { trade } from './live-server';

/**
 * A deterministic two-symbol tape: BTC a random walk, ETH tied to it (cointegrated), a few
 * trades per second each, from `start` for `seconds`, then one trade per symbol a minute
 * later so every bar of the tape is final.
 */
export function pairTape(start: number, seconds: number): Trade[] {
  let a = 12345;
  const rand = () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
  let btc = 64_000;
  let noise = 0;
  const out: Trade[] = [];
  for (let s = 0; s < seconds; s++) {
    for (let k = 0; k < 3; k++) {
      btc *= 1 + (rand() - 0.5) * 0.001;
      noise = 0.7 * noise + (rand() - 0.5) * 2;
      const t = start + s * 1_000 + k * 300 + Math.floor(rand() * 100);
      out.push(
        trade('BTCUSDT', t, Math.round(btc * 100) / 100, Math.round((0.001 + rand()) * 1e6) / 1e6),
      );
      out.push(
        trade(
          'ETHUSDT',
          t + 5,
          Math.round((0.053 * btc + 10 + noise) * 100) / 100,
          Math.round((0.01 + rand()) * 1e6) / 1e6,
        ),
      );
    }
  }
  const end = start + (seconds + 61) * 1_000;
  out.push(
    trade('BTCUSDT', end, Math.round(btc * 100) / 100),
    trade('ETHUSDT', end + 5, Math.round((0.053 * btc + 10) * 100) / 100),
  );
  return out;
}

/** CSV text into rows of strings (fields without quotes, as the API writes numbers). */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const lines = text.trim().split('\n');
  const split = (l: string) => l.split(',');
  return { header: split(lines[0] ?? ''), rows: lines.slice(1).map(split) };
}
