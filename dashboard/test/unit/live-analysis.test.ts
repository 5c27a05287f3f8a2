import {
  analysedSettings,
  liveAnalysisProblemText,
  liveAnalysisStatus,
  pairInputFromView,
  type PairInfoInput,
  type PairSettingsInput,
} from '../../src/data/live-analysis';
import type { CatalogQuery, PairInput } from '../../src/generated/graphql';
import { DEFAULT_VIEW_STATE } from '../../src/data/url-state';

const settings = (interval: string, olsWindow: number): PairSettingsInput => ({
  interval,
  olsWindow,
  zScoreWindow: 20,
  corrWindow: olsWindow,
  zScoreEntry: 2,
  zScoreExit: 0.5,
});

// The pairs query's answer: a configured pair on 1s, the same legs with stored 1m rows only
// (in `intervals` but not `analysed`), and the reverse pair analysed on 1m.
const catalogPairs: CatalogQuery['pairs'] = [
  {
    pair: 'ETHUSDT/BTCUSDT',
    symbolX: 'BTCUSDT',
    symbolY: 'ETHUSDT',
    intervals: ['1m', '1s'],
    analysed: [settings('1s', 60)],
  },
  {
    pair: 'BTCUSDT/ETHUSDT',
    symbolX: 'ETHUSDT',
    symbolY: 'BTCUSDT',
    intervals: ['1m'],
    analysed: [settings('1m', 120)],
  },
];
// The generated query result is what the pure functions take, without a cast.
const pairs: readonly PairInfoInput[] = catalogPairs;

describe('whether the pair on screen is analysed continuously', () => {
  it('finds the settings of the interval the processors analyse the pair on now', () => {
    expect(analysedSettings(pairs, { x: 'BTCUSDT', y: 'ETHUSDT' }, '1s')).toEqual({
      interval: '1s',
      olsWindow: 60,
      zScoreWindow: 20,
      corrWindow: 60,
      zScoreEntry: 2,
      zScoreExit: 0.5,
    });
  });

  it('says not analysed for an interval with stored rows only', () => {
    expect(analysedSettings(pairs, { x: 'BTCUSDT', y: 'ETHUSDT' }, '1m')).toBeNull();
  });

  it('tells the two directions of a pair apart (y is regressed on x)', () => {
    expect(analysedSettings(pairs, { x: 'ETHUSDT', y: 'BTCUSDT' }, '1m')?.olsWindow).toBe(120);
    expect(analysedSettings(pairs, { x: 'ETHUSDT', y: 'BTCUSDT' }, '1s')).toBeNull();
  });

  it('says not analysed for a pair the API does not list, or an empty list', () => {
    expect(analysedSettings(pairs, { x: 'BTCUSDT', y: 'SOLUSDT' }, '1s')).toBeNull();
    expect(analysedSettings([], { x: 'BTCUSDT', y: 'ETHUSDT' }, '1s')).toBeNull();
  });

  it('words the status and the action', () => {
    expect(liveAnalysisStatus(settings('1s', 60))).toEqual({
      analysed: true,
      text: 'Analysed live (window 60)',
      detail: 'z window 20, correlation 60, entry |z| 2, exit |z| 0.5',
      action: 'Stop',
    });
    expect(liveAnalysisStatus(null)).toEqual({
      analysed: false,
      text: 'Not analysed continuously',
      detail: null,
      action: 'Analyse live',
    });
  });
});

describe('what "Analyse live" asks addPair for', () => {
  it("takes the pair, the interval and the view's windows and bands", () => {
    const state = { ...DEFAULT_VIEW_STATE, x: 'ETHUSDT', y: 'SOLUSDT', window: 120, zWindow: 30 };
    const input: PairInput = pairInputFromView({ ...state, entry: 2.5, exit: 0.25 }, '1m');
    expect(input).toEqual({
      symbolX: 'ETHUSDT',
      symbolY: 'SOLUSDT',
      interval: '1m',
      olsWindow: 120,
      zScoreWindow: 30,
      corrWindow: 120,
      zScoreEntry: 2.5,
      zScoreExit: 0.25,
    });
  });

  it('leaves the settings the view does not have to the API (its defaults or current ones)', () => {
    const input = pairInputFromView(DEFAULT_VIEW_STATE, '1s');
    expect(Object.keys(input).sort()).toEqual([
      'corrWindow',
      'interval',
      'olsWindow',
      'symbolX',
      'symbolY',
      'zScoreEntry',
      'zScoreExit',
      'zScoreWindow',
    ]);
    expect(input).toMatchObject({
      olsWindow: 60,
      zScoreWindow: 20,
      zScoreEntry: 2,
      zScoreExit: 0.5,
    });
  });
});

describe('why starting or stopping failed, in plain words', () => {
  const text = (code: string, message = 'x') =>
    liveAnalysisProblemText({ code, message }, 'ETHUSDT/BTCUSDT', '5m');

  it('names the interval the processors do not build', () => {
    expect(text('INTERVAL_NOT_LIVE')).toBe(
      'The processors do not build 5m bars, so no pair is analysed live at 5m. Pick another interval.',
    );
  });

  it("passes on the API's reason for a leg without bars, as one sentence", () => {
    expect(text('UNKNOWN_SYMBOL', 'no 5m bars stored for SOLUSDT: ingest it first.')).toBe(
      'ETHUSDT/BTCUSDT cannot be analysed at 5m yet: no 5m bars stored for SOLUSDT: ingest it first.',
    );
  });

  it('explains a missing API key whether GraphQL or HTTP reported it', () => {
    const expected = 'The API accepts this change only with an API key, and the page has none.';
    expect(text('UNAUTHENTICATED')).toBe(expected);
    expect(text('HTTP_401')).toBe(expected);
  });

  it('says what to do when the API is down, and quotes anything else', () => {
    expect(text('API_UNREACHABLE')).toBe('The API cannot be reached. Try again once it is back.');
    expect(text('BAD_USER_INPUT', 'zScoreExit (3) must be below zScoreEntry (2)')).toBe(
      'The API refused these settings: zScoreExit (3) must be below zScoreEntry (2).',
    );
    expect(text('STORAGE_UNAVAILABLE', 'the change was not read back')).toBe(
      'The API answered: the change was not read back.',
    );
  });
});
