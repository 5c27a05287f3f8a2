import {
  PAIR_DEFAULTS,
  validatePairConfig,
  type PairConfig,
  type PairSpec,
} from '@tickstream/schema';
import { pairConfigOf, sameSpec, specOfConfig } from '../../src/pairs/pair-registry';

const spec: PairSpec = {
  ...PAIR_DEFAULTS,
  symbolX: 'BTCUSDT',
  symbolY: 'ETHUSDT',
  interval: '1m',
  adfPValueExit: 0.2,
  adfDwellBars: 7,
  correlationRestore: 0.8,
  correlationDwellBars: 3,
};

describe('pair config records and the alert hysteresis settings', () => {
  it('carry each pair’s levels and dwells through md.pair-config.v1 unchanged', () => {
    const config = validatePairConfig.assert(pairConfigOf(spec, true, 1_700_000_000_000, 'api'));
    expect(config).toMatchObject({
      adfPValueExit: 0.2,
      adfDwellBars: 7,
      correlationRestore: 0.8,
      correlationDwellBars: 3,
    });
    expect(specOfConfig(config)).toEqual(spec);
  });

  it('read a record written before these settings existed, with the defaults', () => {
    const {
      adfPValueExit: _exit,
      adfDwellBars: _adfDwell,
      correlationRestore: _restore,
      correlationDwellBars: _corrDwell,
      ...old
    } = pairConfigOf(spec, true, 1_700_000_000_000, 'api');
    const config: PairConfig = validatePairConfig.assert(old);
    const read = specOfConfig(config);
    expect(read).toMatchObject({
      adfPValueExit: PAIR_DEFAULTS.adfPValueExit,
      adfDwellBars: PAIR_DEFAULTS.adfDwellBars,
      correlationRestore: PAIR_DEFAULTS.correlationRestore,
      correlationDwellBars: PAIR_DEFAULTS.correlationDwellBars,
    });
    expect(sameSpec(read, spec)).toBe(false);
    // An old record's enter level above today's default leave level: the leave level is
    // raised to it, so the band is never inverted.
    const high = specOfConfig(
      validatePairConfig.assert({ ...old, adfPValueLevel: 0.3, correlationBreak: 0.9 }),
    );
    expect(high).toMatchObject({ adfPValueExit: 0.3, correlationRestore: 0.9 });
  });

  it('refuse a dwell below one bar or a level out of range', () => {
    const config = pairConfigOf(spec, true, 1_700_000_000_000, 'api');
    expect(validatePairConfig.is({ ...config, adfDwellBars: 0 })).toBe(false);
    expect(validatePairConfig.is({ ...config, correlationDwellBars: 2.5 })).toBe(false);
    expect(validatePairConfig.is({ ...config, adfPValueExit: 1.5 })).toBe(false);
    expect(validatePairConfig.is({ ...config, correlationRestore: -2 })).toBe(false);
  });
});
