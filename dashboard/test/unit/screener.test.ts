import {
  DEFAULT_SCREEN_STATE,
  nextSort,
  parseFilter,
  parseScreenState,
  pValueColor,
  screenFilters,
  serializeScreenState,
  sparkline,
  universeMatrix,
} from '../../src/data/screener';

const parse = (query: string) => {
  const problems: string[] = [];
  const state = parseScreenState(new URLSearchParams(query), problems);
  return { state, problems };
};
const serialize = (state: typeof DEFAULT_SCREEN_STATE) => {
  const query = new URLSearchParams();
  serializeScreenState(state, query);
  return query.toString();
};

describe('the screener state in the URL', () => {
  it('is the default without parameters, and writes nothing for it', () => {
    expect(parse('')).toEqual({ state: DEFAULT_SCREEN_STATE, problems: [] });
    expect(serialize(DEFAULT_SCREEN_STATE)).toBe('');
  });

  it('takes each order in its natural direction unless desc= says otherwise', () => {
    expect(parse('sort=correlation').state).toMatchObject({
      orderBy: 'CORRELATION',
      descending: true,
    });
    expect(parse('sort=half_life').state).toMatchObject({
      orderBy: 'HALF_LIFE',
      descending: false,
    });
    expect(parse('sort=correlation&desc=0').state.descending).toBe(false);
    expect(serialize({ ...DEFAULT_SCREEN_STATE, orderBy: 'CORRELATION', descending: true })).toBe(
      'sort=correlation',
    );
  });

  it('reports what it cannot use and keeps the default', () => {
    const { state, problems } = parse('sort=volume&top=0&maxp=2&mincorr=abc&shm=hurst&desc=yes');
    expect(state).toEqual(DEFAULT_SCREEN_STATE);
    expect(problems).toEqual([
      'ignored sort=volume',
      'ignored desc=yes',
      'ignored top=0',
      'ignored mincorr=abc',
      'ignored maxp=2',
      'ignored shm=hurst',
    ]);
  });
});

describe('the screener filters and sort', () => {
  it('sends only the filters that are set, under the API’s names', () => {
    expect(screenFilters(DEFAULT_SCREEN_STATE)).toBeNull();
    expect(
      screenFilters({ ...DEFAULT_SCREEN_STATE, minCorrelation: 0.5, minAbsZ: 2, maxHalfLife: 30 }),
    ).toEqual({ minCorrelation: 0.5, minAbsZScore: 2, maxHalfLife: 30 });
  });

  it('parses a typed filter: empty is none, out of range or not a number is refused', () => {
    expect(parseFilter('maxPValue', ' ')).toBeNull();
    expect(parseFilter('maxPValue', '0.05')).toBe(0.05);
    expect(parseFilter('maxPValue', '1.5')).toBeUndefined();
    expect(parseFilter('minCorrelation', '-0.5')).toBe(-0.5);
    expect(parseFilter('minAbsZ', '2x')).toBeUndefined();
  });

  it('flips the direction on the same header and starts another in its own', () => {
    const state = { orderBy: 'P_VALUE' as const, descending: false };
    expect(nextSort(state, 'P_VALUE')).toEqual({ orderBy: 'P_VALUE', descending: true });
    expect(nextSort(state, 'ABS_Z_SCORE')).toEqual({ orderBy: 'ABS_Z_SCORE', descending: true });
    expect(nextSort(state, 'HURST')).toEqual({ orderBy: 'HURST', descending: false });
  });
});

describe('the z-score sparkline', () => {
  it('draws one vertex per non-null point across the width, with 0 in range', () => {
    const line = sparkline([{ zScore: 1 }, { zScore: null }, { zScore: 3 }, { zScore: 2 }], 90, 22);
    expect(line.count).toBe(3);
    expect(line.points).toBe('0.0,14.3 60.0,1.0 90.0,7.7');
    // 0 is the bottom of an all-positive history (1 px padding).
    expect(line.zeroY).toBe(21);
  });

  it('is empty for no history', () => {
    expect(sparkline([], 90, 22)).toMatchObject({ points: '', count: 0 });
  });
});

describe('the universe matrix', () => {
  const rows = [
    { symbolX: 'AAA', symbolY: 'BBB', correlation: 0.9, pValue: 0.01 },
    { symbolX: 'AAA', symbolY: 'CCC', correlation: -0.2, pValue: null },
  ];

  it('is symmetric, sorted by symbol, NaN without a figure and on the diagonal', () => {
    const m = universeMatrix(['CCC', 'BBB', 'AAA'], rows, 'correlation');
    expect(m.symbols).toEqual(['AAA', 'BBB', 'CCC']);
    expect([...m.values]).toEqual([NaN, 0.9, -0.2, 0.9, NaN, NaN, -0.2, NaN, NaN]);
    const p = universeMatrix(['AAA', 'BBB', 'CCC'], rows, 'pvalue');
    expect([...p.values]).toEqual([NaN, 0.01, NaN, 0.01, NaN, NaN, NaN, NaN, NaN]);
  });

  it('colours smaller p-values more strongly', () => {
    expect(pValueColor(1e-4)).toBe('rgba(40, 170, 110, 0.96)');
    expect(pValueColor(1)).toBe('rgba(40, 170, 110, 0.06)');
    expect(pValueColor(NaN)).toBe('rgba(128, 128, 128, 0.25)');
  });
});
