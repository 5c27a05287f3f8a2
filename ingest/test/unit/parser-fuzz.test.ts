import { validateDeadLetter, validateTrade } from '@tickstream/schema';
import { DEFAULT_TAPE, loadCapture, mapBinanceMessage, type MapResult } from '../../src';
import { Prng } from '../../src/util/prng';
import { testOrigin } from '../helpers/origin';

const origin = testOrigin({ symbols: ['BTCUSDT', 'ETHUSDT'] });
const KEYS = [
  'e',
  'E',
  'T',
  's',
  't',
  'p',
  'q',
  'X',
  'm',
  'a',
  'f',
  'l',
  'st',
  'nq',
  'stream',
  'data',
  'result',
  'id',
];

function randomString(rng: Prng, max = 20): string {
  const alphabet =
    'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-+e{}[]":,\\ \u0000é€😀';
  let out = '';
  const length = rng.int(max);
  for (let i = 0; i < length; i++) out += alphabet[rng.int(alphabet.length)] ?? '';
  return out;
}

function randomValue(rng: Prng, depth = 0): unknown {
  switch (rng.int(depth > 2 ? 8 : 10)) {
    case 0:
      return null;
    case 1:
      return rng.uniform() < 0.5;
    case 2:
      return rng.int(2 ** 31) - 2 ** 30;
    case 3:
      return [0, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.5, -1][rng.int(7)];
    case 4:
      return randomString(rng);
    case 5:
      return String(rng.uniform() * 10 ** rng.int(12));
    case 6:
      return ['trade', 'aggTrade', 'TRADE', 'markPriceUpdate', ''][rng.int(5)];
    case 7:
      return ['BTCUSDT', 'btcusdt', 'ETHUSDT', 'DOGEUSDT', 'B', 'BTC-USDT'][rng.int(6)];
    case 8:
      return Array.from({ length: rng.int(4) }, () => randomValue(rng, depth + 1));
    default: {
      const obj: Record<string, unknown> = {};
      for (let i = rng.int(8); i > 0; i--)
        obj[KEYS[rng.int(KEYS.length)] ?? 'x'] = randomValue(rng, depth + 1);
      return obj;
    }
  }
}

function mutate(rng: Prng, line: string): string {
  const parsed = JSON.parse(line) as { stream: string; data: Record<string, unknown> };
  switch (rng.int(9)) {
    case 0: {
      // one byte changed
      const i = rng.int(line.length);
      return line.slice(0, i) + String.fromCharCode(rng.int(128)) + line.slice(i + 1);
    }
    case 1:
      return line.slice(0, rng.int(line.length)); // truncated
    case 2: {
      // a field replaced by a value of any type
      const key = KEYS[rng.int(KEYS.length)] ?? 'p';
      parsed.data[key] = randomValue(rng);
      return JSON.stringify(parsed);
    }
    case 3: {
      // a field removed
      const keys = Object.keys(parsed.data);
      delete parsed.data[keys[rng.int(keys.length)] ?? 'p'];
      return JSON.stringify(parsed);
    }
    case 4:
      return JSON.stringify({ ...parsed, data: randomValue(rng) });
    case 5:
      return JSON.stringify({ ...parsed, stream: randomValue(rng) });
    case 6: {
      // unknown extra keys, as newer frames carry
      parsed.data[randomString(rng, 5) || 'zz'] = randomValue(rng);
      return JSON.stringify(parsed);
    }
    case 7:
      return line.replace(/"(\d)/, `"${'-0.'[rng.int(3)] ?? '-'}$1`);
    default:
      return JSON.stringify(randomValue(rng));
  }
}

/** Why a result breaks the promise (a valid Trade or a valid DeadLetter), or undefined. */
function problem(input: string, result: MapResult): string | undefined {
  if (result.kind === 'trade') return validateTrade.is(result.trade) ? undefined : 'invalid trade';
  if (result.kind === 'reject') {
    const letter = {
      type: 'dead-letter',
      source: 'ingest/fuzz',
      code: result.code,
      reason: result.reason,
      raw: input,
      time: 1,
    };
    return validateDeadLetter.is(letter) && result.reason.length > 0
      ? undefined
      : 'invalid dead letter';
  }
  // Only JSON-RPC answers may pass without becoming a trade or a dead letter.
  const parsed = JSON.parse(input) as Record<string, unknown>;
  const data = (parsed['data'] ?? {}) as Record<string, unknown>;
  return 'result' in parsed || 'error' in parsed || 'result' in data || 'error' in data
    ? undefined
    : 'ignored a non-answer';
}

describe('the parser under fuzzing', () => {
  it('turns thousands of random inputs into trades or dead letters and never throws', () => {
    const rng = new Prng(20240719);
    const outcomes = { trade: 0, reject: 0, ignore: 0 };
    const failures: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const input = rng.uniform() < 0.3 ? randomString(rng, 200) : JSON.stringify(randomValue(rng));
      const result = mapBinanceMessage(input, 1_700_000_000_000, origin);
      const bad = problem(input, result);
      if (bad !== undefined) failures.push(`${bad}: ${input}`);
      outcomes[result.kind]++;
    }
    expect(failures).toEqual([]);
    expect(outcomes.reject).toBeGreaterThan(9_000);
  });

  it('turns thousands of mutated real frames into trades or dead letters and never throws', async () => {
    const tape = (await loadCapture(DEFAULT_TAPE)).slice(0, 2_000);
    const rng = new Prng(7);
    const outcomes = { trade: 0, reject: 0, ignore: 0 };
    const failures: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const line = tape[rng.int(tape.length)]?.raw ?? '';
      const input = mutate(rng, line);
      const result = mapBinanceMessage(input, 1_700_000_000_000, origin);
      const bad = problem(input, result);
      if (bad !== undefined) failures.push(`${bad}: ${input}`);
      outcomes[result.kind]++;
    }
    expect(failures).toEqual([]);
    // Mutations that leave a frame valid (an extra key, an untouched field) still map to trades.
    expect(outcomes.trade).toBeGreaterThan(1_000);
    expect(outcomes.reject).toBeGreaterThan(10_000);
  });
});
