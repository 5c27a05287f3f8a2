import {
  defaultsOf,
  MARKET_SECTION,
  MARKET_SETTINGS,
  marketSettings,
  PAIR_DEFAULTS,
  parsePairSpec,
} from '../../src';

const defaults = defaultsOf(MARKET_SETTINGS);

describe('the alert hysteresis settings', () => {
  it('default to the levels and dwells measured on the 1s tape (analytics alert-hysteresis-tape test)', () => {
    expect(PAIR_DEFAULTS).toMatchObject({
      adfPValueLevel: 0.05,
      adfPValueExit: 0.1,
      adfDwellBars: 20,
      correlationBreak: 0.5,
      correlationRestore: 0.6,
      correlationDwellBars: 20,
    });
  });

  it('reach every configured pair, and a pair parsed with other defaults takes those', () => {
    const market = marketSettings({ ...defaults, adfDwellBars: 5, correlationRestore: 0.7 });
    expect(market.pairs.length).toBeGreaterThan(0);
    for (const pair of market.pairs) {
      expect(pair).toMatchObject({ adfPValueExit: 0.1, adfDwellBars: 5, correlationRestore: 0.7 });
    }
    expect(
      parsePairSpec('ETHUSDT/BTCUSDT@1m', { ...PAIR_DEFAULTS, adfDwellBars: 3 }),
    ).toMatchObject({ adfDwellBars: 3, correlationDwellBars: 20 });
  });

  it('refuse a leave level inside the enter band, and allow the two equal', () => {
    expect(MARKET_SECTION.check?.({ ...defaults, adfPValueExit: 0.04 })).toEqual([
      'ADF_PVALUE_EXIT = 0.04 must be at least ADF_PVALUE_LEVEL = 0.05',
    ]);
    expect(MARKET_SECTION.check?.({ ...defaults, correlationRestore: 0.4 })).toEqual([
      'CORRELATION_RESTORE = 0.4 must be at least CORRELATION_BREAK = 0.5',
    ]);
    expect(
      MARKET_SECTION.check?.({ ...defaults, adfPValueExit: 0.05, correlationRestore: 0.5 }),
    ).toEqual([]);
  });
});
