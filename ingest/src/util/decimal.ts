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
