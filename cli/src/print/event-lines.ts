// One readable line per event, as the older platform printed its live ticks:
//   BTCUSDT | 2024-12-16 10:30:16.234 | $43,250.50 | 0.125000
// Pure functions (no clock, no locale): the same event always gives the same line, which the
// tests pin down character for character. Times are UTC whatever the machine's zone.

import type { Alert, Candle, Interval, Trade, TradeGap } from '@tickstream/schema';

/** `2024-12-16 10:30:16.234`, UTC. */
export function utcMillis(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 23).replace('T', ' ');
}

/** A bar's start at the resolution its interval needs: seconds for 1s bars, else minutes. */
export function barTime(epochMs: number, interval: Interval): string {
  return new Date(epochMs)
    .toISOString()
    .slice(0, interval === '1s' ? 19 : 16)
    .replace('T', ' ');
}

/**
 * `value` with thousands separators and between `minDigits` and `maxDigits` decimals
 * (trailing zeros dropped down to `minDigits`). Done by hand rather than with Intl so the
 * output does not depend on the ICU data Node was built with.
 */
export function formatNumber(value: number, minDigits: number, maxDigits: number): string {
  if (!Number.isFinite(value)) return String(value);
  const fixed = Math.abs(value).toFixed(maxDigits);
  const [whole = '0', decimals = ''] = fixed.split('.');
  const fraction = decimals.replace(/0+$/, '').padEnd(minDigits, '0');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  // A value that rounds to zero prints without a sign: "-0.00" reads as a real number.
  const sign = value < 0 && /[1-9]/.test(fixed) ? '-' : '';
  return `${sign}${grouped}${fraction === '' ? '' : `.${fraction}`}`;
}

/**
 * Prices keep the old platform's two decimals and thousands separators, and up to eight
 * when the price has them: a $0.08123 coin must not print as $0.08.
 */
export const formatPrice = (price: number): string => formatNumber(price, 2, 8);

/** `BTCUSDT | 2024-12-16 10:30:16.234 | $43,250.50 | 0.125000` (trade time, 6-decimal qty). */
export function tradeLine(trade: Trade): string {
  return [
    trade.symbol,
    utcMillis(trade.tradeTime),
    `$${formatPrice(trade.price)}`,
    trade.qty.toFixed(6),
  ].join(' | ');
}

/** `BTCUSDT 1m 2024-12-16 10:30 O 43,250.50 H … L … C … V 12.345 n 321 final` (or `partial`). */
export function candleLine(candle: Candle): string {
  return [
    candle.symbol,
    candle.interval,
    barTime(candle.start, candle.interval),
    `O ${formatPrice(candle.open)}`,
    `H ${formatPrice(candle.high)}`,
    `L ${formatPrice(candle.low)}`,
    `C ${formatPrice(candle.close)}`,
    `V ${formatNumber(candle.volume, 3, 8)}`,
    `n ${candle.tradeCount}`,
    candle.final ? 'final' : 'partial',
  ].join(' ');
}

/**
 * `ETHUSDT/BTCUSDT 1m | 2024-12-16 10:31 | zscore-entry | value 2.345 threshold 2 | Z: 2.35 > 2`:
 * value and threshold as numbers besides the pair engine's message, which is free text.
 */
export function alertLine(alert: Alert): string {
  return [
    `${alert.pair} ${alert.interval}`,
    barTime(alert.time, alert.interval),
    alert.kind,
    `value ${formatNumber(alert.value, 0, 6)} threshold ${formatNumber(alert.threshold, 0, 6)}`,
    alert.message,
  ].join(' | ');
}

/** `BTCUSDT | 2024-12-16 10:30:16.234 | gap 1001-1005 (5 trades) | backfilled | reconnect`. */
export function gapLine(gap: TradeGap): string {
  const count = gap.toTradeId - gap.fromTradeId + 1;
  return [
    gap.symbol,
    utcMillis(gap.detectedAt),
    `gap ${gap.fromTradeId}-${gap.toTradeId} (${count} ${count === 1 ? 'trade' : 'trades'})`,
    gap.status,
    gap.reason,
  ].join(' | ');
}
