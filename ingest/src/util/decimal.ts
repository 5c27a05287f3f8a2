// Exact decimal arithmetic on Binance's decimal strings: summing quantities as floats would
// print 0.30000000000000004 where the exchange prints 0.3.

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

export function isDecimalString(value: string): boolean {
  return DECIMAL.test(value);
}

function scaled(value: string, decimals: number): bigint {
  const match = DECIMAL.exec(value);
  if (match === null) throw new RangeError(`not a decimal: ${value}`);
  const fraction = (match[2] ?? '').padEnd(decimals, '0');
  return BigInt(`${match[1] ?? '0'}${fraction}`);
}

function decimalsOf(value: string): number {
  const dot = value.indexOf('.');
  return dot < 0 ? 0 : value.length - dot - 1;
}

/** a + b, keeping the larger number of decimals of the two. */
export function addDecimals(a: string, b: string): string {
  const decimals = Math.max(decimalsOf(a), decimalsOf(b));
  const sum = (scaled(a, decimals) + scaled(b, decimals)).toString().padStart(decimals + 1, '0');
  if (decimals === 0) return sum;
  return `${sum.slice(0, sum.length - decimals)}.${sum.slice(sum.length - decimals)}`;
}

/** a × b as a decimal string with `decimals` places, rounded half up. */
export function multiplyDecimals(a: string, b: string, decimals: number): string {
  const da = decimalsOf(a);
  const db = decimalsOf(b);
  const product = scaled(a, da) * scaled(b, db);
  const shift = da + db - decimals;
  let result: bigint;
  if (shift > 0) {
    const divisor = 10n ** BigInt(shift);
    result = (product + divisor / 2n) / divisor;
  } else {
    result = product * 10n ** BigInt(-shift);
  }
  const digits = result.toString().padStart(decimals + 1, '0');
  if (decimals === 0) return digits;
  return `${digits.slice(0, digits.length - decimals)}.${digits.slice(digits.length - decimals)}`;
}

/** A number printed with exactly `decimals` places, as Binance prints prices and sizes. */
export function formatDecimal(value: number, decimals: number): string {
  return value.toFixed(decimals);
}

/** A decimal string as an integer and its number of decimals ("12.30" → 1230, 2). */
export interface ScaledDecimal {
  readonly int: number | bigint;
  readonly decimals: number;
}

/** Parses a decimal string; the integer stays a double while it is exact (15 digits or fewer). */
export function scaleDecimal(value: string): ScaledDecimal {
  const dot = value.indexOf('.');
  const digits = dot < 0 ? value : value.slice(0, dot) + value.slice(dot + 1);
  if (!/^\d+$/.test(digits)) throw new RangeError(`not a decimal: ${value}`);
  return {
    int: digits.length <= 15 ? Number(digits) : BigInt(digits),
    decimals: dot < 0 ? 0 : value.length - dot - 1,
  };
}

/** a × b, exactly. */
export function multiplyScaled(a: ScaledDecimal, b: ScaledDecimal): ScaledDecimal {
  const decimals = a.decimals + b.decimals;
  if (typeof a.int === 'number' && typeof b.int === 'number') {
    // A double product of integers is exact as long as it stays within 2^53.
    const product = a.int * b.int;
    if (product <= Number.MAX_SAFE_INTEGER) return { int: product, decimals };
  }
  return { int: BigInt(a.int) * BigInt(b.int), decimals };
}

function pow10(n: number): number {
  return 10 ** n;
}

/**
 * A running exact sum of non-negative decimals. Summing a bar's volumes as doubles would
 * print 0.30000000000000004; summing them as bigints costs twice the time of doubles, and a
 * mock exchange sums hundreds of thousands of trades at start. So the sum is a scaled
 * integer in a double while it stays below 2^53 (every bar of a real tape), and moves to a
 * bigint only past that.
 */
export class DecimalSum {
  private decimals = 0;
  private small = 0;
  private big = 0n;

  add(value: ScaledDecimal): void {
    if (value.decimals > this.decimals) this.rescale(value.decimals);
    const shift = this.decimals - value.decimals;
    if (typeof value.int === 'number') {
      const term = shift === 0 ? value.int : value.int * pow10(shift);
      const sum = this.small + term;
      if (term <= Number.MAX_SAFE_INTEGER && sum <= Number.MAX_SAFE_INTEGER) {
        this.small = sum;
        return;
      }
    }
    this.big += BigInt(value.int) * 10n ** BigInt(shift);
  }

  addSum(other: DecimalSum): void {
    this.add({ int: other.small, decimals: other.decimals });
    if (other.big !== 0n) this.add({ int: other.big, decimals: other.decimals });
  }

  private rescale(decimals: number): void {
    const factor = decimals - this.decimals;
    this.big *= 10n ** BigInt(factor);
    const scaled = this.small * pow10(factor);
    if (scaled <= Number.MAX_SAFE_INTEGER) this.small = scaled;
    else {
      this.big += BigInt(this.small) * 10n ** BigInt(factor);
      this.small = 0;
    }
    this.decimals = decimals;
  }

  /** Decimals of the widest term added so far. */
  get scale(): number {
    return this.decimals;
  }

  /** The sum, with at least `minDecimals` places (an empty sum at a bar's scale is "0.000"). */
  toString(minDecimals = 0): string {
    const decimals = Math.max(this.decimals, minDecimals);
    const total = (this.big + BigInt(this.small)) * 10n ** BigInt(decimals - this.decimals);
    const digits = total.toString().padStart(decimals + 1, '0');
    if (decimals === 0) return digits;
    return `${digits.slice(0, digits.length - decimals)}.${digits.slice(digits.length - decimals)}`;
  }
}
