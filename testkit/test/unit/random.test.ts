import { mulberry32 } from '../../src';

describe('mulberry32', () => {
  it('gives the same sequence for a seed on every run, which the tests of every workspace rely on', () => {
    const next = mulberry32(42);
    expect([next(), next(), next()]).toEqual([
      0.6011037519201636, 0.44829055899754167, 0.8524657934904099,
    ]);
  });

  it('stays in [0, 1)', () => {
    const next = mulberry32(7);
    for (let i = 0; i < 10_000; i++) {
      const x = next();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
});
