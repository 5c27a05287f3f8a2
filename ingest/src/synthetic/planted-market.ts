import { DEFAULT_SYNTHETIC_SYMBOLS, type SyntheticSymbol } from './generator';

// A synthetic market with a known answer, for the pair screener: 30 symbols, of which ten are
// each cointegrated with one of the other twenty (a known hedge ratio, half-life and spread
// size), and the rest independent random walks. A screener over it must find exactly the ten
// planted pairs, and their half-lives; everything else is noise.

/** One planted pair: y = hedgeRatio · x + intercept + an OU spread of this half-life. */
export interface PlantedPair {
  readonly y: string;
  readonly x: string;
  readonly hedgeRatio: number;
  readonly halfLifeSeconds: number;
  readonly spreadStd: number;
}

const INDEPENDENT = 20;
const PLANTED = 10;

/** Deterministic per-symbol variety without a random generator: the same market every time. */
function independentSymbol(i: number): SyntheticSymbol {
  const startPrice = [0.35, 2.4, 18, 95, 640, 4_200, 27_000][i % 7] ?? 10;
  const priceDecimals = Math.max(0, 4 - Math.floor(Math.log10(startPrice)));
  return {
    symbol: `IND${String(i).padStart(2, '0')}USDT`,
    startPrice: startPrice * (1 + (i % 5) / 10),
    annualVolatility: 0.4 + (i % 6) * 0.1,
    tradesPerSecond: 2 + (i % 4),
    priceDecimals,
    qtyDecimals: 2,
    meanQty: 5,
    firstTradeId: 1_000_000 * (i + 1),
  };
}

function plantedPair(i: number): PlantedPair {
  const x = independentSymbol(i * 2);
  return {
    y: `PLT${String(i).padStart(2, '0')}USDT`,
    x: x.symbol,
    // Hedge ratios of several magnitudes, and half-lives of 2 to 6.5 s: a window of 600 1 s
    // bars holds a hundred of them or more, so Engle–Granger rejects at τ ≈ −6 or beyond
    // (p ~ 1e-5) and sets each planted pair apart from the 425 independent ones.
    hedgeRatio: [0.5, 1.2, 2, 0.08, 3.5][i % 5] ?? 1,
    halfLifeSeconds: 2 + i * 0.5,
    // A spread of 0.02 % of y's price: several ticks wide, and small beside the legs' own
    // moves over a window (0.1–0.4 % in 10 minutes), so two planted symbols on different
    // legs are not cointegrated with each other.
    spreadStd: x.startPrice * 0.0002 * ([0.5, 1.2, 2, 0.08, 3.5][i % 5] ?? 1),
  };
}

/** The ten planted pairs of the market. */
export const PLANTED_PAIRS: readonly PlantedPair[] = Array.from({ length: PLANTED }, (_, i) =>
  plantedPair(i),
);

/** The 30 symbols of the planted market: 20 independent, 10 each cointegrated with one of them. */
export const PLANTED_MARKET_SYMBOLS: readonly SyntheticSymbol[] = [
  ...Array.from({ length: INDEPENDENT }, (_, i) => independentSymbol(i)),
  ...PLANTED_PAIRS.map((pair, i): SyntheticSymbol => {
    const x = independentSymbol(i * 2);
    const priceDecimals = Math.max(
      0,
      4 - Math.floor(Math.log10(Math.max(pair.hedgeRatio * x.startPrice, 1e-3))),
    );
    return {
      symbol: pair.y,
      startPrice: pair.hedgeRatio * x.startPrice,
      annualVolatility: x.annualVolatility,
      tradesPerSecond: 3,
      priceDecimals,
      qtyDecimals: 2,
      meanQty: 5,
      firstTradeId: 500_000_000 + 1_000_000 * i,
      cointegration: {
        with: pair.x,
        hedgeRatio: pair.hedgeRatio,
        halfLifeSeconds: pair.halfLifeSeconds,
        spreadStd: pair.spreadStd,
      },
    };
  }),
];

/** The synthetic source's presets: `default` (BTC, ETH, SOL) and the planted `market`. */
export const SYNTHETIC_PRESETS = ['default', 'market'] as const;
export type SyntheticPreset = (typeof SYNTHETIC_PRESETS)[number];

/** The symbols a preset names. */
export function syntheticSymbols(preset: SyntheticPreset): readonly SyntheticSymbol[] {
  return preset === 'market' ? PLANTED_MARKET_SYMBOLS : DEFAULT_SYNTHETIC_SYMBOLS;
}
