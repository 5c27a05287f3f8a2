export interface StatsInput {
  readonly window: string;
  readonly bars: number;
  readonly lastPrice: number;
  readonly change: number;
  readonly changePct: number;
  readonly volume: number;
  readonly vwap: number;
  readonly tradeCount: number;
}

export interface AdfInput {
  readonly statistic: number;
  readonly pValue: number;
  readonly isStationary: boolean;
}

export interface CardInputs {
  readonly symbol: string;
  readonly stats: StatsInput | null;
  /** The live candle's close, newer than the stats' last final bar. */
  readonly livePrice: number | null;
  /** Trades per second from the ingest status; null when ingest has no figure for the symbol. */
  readonly tradeRate: number | null;
  /** Whether this API process has ingest's status at all (false: ingest runs elsewhere). */
  readonly ingestAvailable: boolean;
  readonly adf: AdfInput | null;
  /** Why the ADF figure is missing, as the API words it. */
  readonly adfReason: string | null;
  /** Half-life of the spread in bars, from the pair processor's stored analytics. */
  readonly halfLife: number | null;
  readonly halfLifeReason: string | null;
  readonly pair: string;
  readonly interval: string;
}

export type CardTone = 'neutral' | 'up' | 'down' | 'good' | 'bad';

export interface Card {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly detail: string;
  readonly tone: CardTone;
}

const DASH = '–';

/** Price-like figures keep their significant decimals whatever their size. */
export function formatPrice(value: number): string {
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 2 : abs >= 1 ? 4 : 6;
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits > 2 ? 2 : digits,
    maximumFractionDigits: digits,
  });
}

export function formatCompact(value: number): string {
  return value.toLocaleString('en-US', { notation: 'compact', maximumFractionDigits: 2 });
}

function signed(value: number, digits: number): string {
  const fixed = value.toFixed(digits);
  // A change that rounds to zero is shown as zero, not as "-0.00".
  if (Number(fixed) === 0) return (0).toFixed(digits);
  return `${value > 0 ? '+' : ''}${fixed}`;
}

/** The statistics cards, each with a value, a short explanation and a tone for its colour. */
export function buildCards(i: CardInputs): Card[] {
  const s = i.stats;
  const window = s ? `over ${s.window}` : `${i.symbol}: no final bar yet`;
  const price = i.livePrice ?? s?.lastPrice ?? null;
  const cards: Card[] = [
    {
      id: 'last-price',
      label: 'Last price',
      value: price === null ? DASH : formatPrice(price),
      detail: i.livePrice !== null ? `${i.symbol}, live` : i.symbol,
      tone: 'neutral',
    },
    {
      id: 'change',
      label: 'Change',
      value: s ? `${signed(s.changePct, 2)} %` : DASH,
      detail: s ? `${signed(s.change, 2)} ${window}` : window,
      tone: !s || Number(s.changePct.toFixed(2)) === 0 ? 'neutral' : s.change > 0 ? 'up' : 'down',
    },
    {
      id: 'vwap',
      label: 'VWAP',
      value: s ? formatPrice(s.vwap) : DASH,
      detail: window,
      tone: 'neutral',
    },
    {
      id: 'volume',
      label: 'Volume',
      value: s ? formatCompact(s.volume) : DASH,
      detail: s ? `${formatCompact(s.tradeCount)} trades ${window}` : window,
      tone: 'neutral',
    },
    {
      id: 'trade-rate',
      label: 'Trade rate',
      value: i.tradeRate === null ? DASH : `${i.tradeRate.toFixed(1)}/s`,
      detail:
        i.tradeRate !== null
          ? `${i.symbol}, from ingest`
          : i.ingestAvailable
            ? `ingest does not read ${i.symbol}`
            : 'ingest runs in another process',
      tone: 'neutral',
    },
    {
      id: 'adf',
      label: 'ADF (spread)',
      value: i.adf ? `${i.adf.statistic.toFixed(3)}` : DASH,
      detail: i.adf
        ? `p = ${i.adf.pValue.toFixed(4)} · ${i.adf.isStationary ? 'stationary' : 'not stationary'}`
        : (i.adfReason ?? `${i.pair} ${i.interval}: not computed yet`),
      tone: i.adf ? (i.adf.isStationary ? 'good' : 'bad') : 'neutral',
    },
    {
      id: 'half-life',
      label: 'Half-life',
      value: i.halfLife === null ? DASH : `${i.halfLife.toFixed(1)} bars`,
      detail:
        i.halfLife === null
          ? (i.halfLifeReason ?? 'not computed yet')
          : `${i.pair} ${i.interval}, mean reversion`,
      tone: 'neutral',
    },
  ];
  return cards;
}
