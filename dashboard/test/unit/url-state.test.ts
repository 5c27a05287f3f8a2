import {
  DEFAULT_VIEW_STATE,
  pairName,
  parseViewState,
  serializeViewState,
  type ViewState,
} from '../../src/data/url-state';

const parse = (query: string) => parseViewState(new URLSearchParams(query));

describe('the view kept in the URL', () => {
  it('is the default view when the URL has no query', () => {
    expect(parse('')).toEqual({ state: DEFAULT_VIEW_STATE, problems: [] });
    expect(serializeViewState(DEFAULT_VIEW_STATE).toString()).toBe('');
  });

  it('survives a round trip through the query string with every choice changed', () => {
    const state: ViewState = {
      view: 'pair',
      symbol: 'SOLUSDT',
      x: 'ETHUSDT',
      y: 'SOLUSDT',
      interval: '1s',
      window: 120,
      zWindow: 30,
      entry: 2.5,
      exit: 0.25,
      regression: 'kalman',
      range: 'custom',
      bars: 2_000,
      from: Date.UTC(2024, 6, 19, 0, 0),
      to: Date.UTC(2024, 6, 19, 1, 30),
      correlation: 'returns',
      heatmap: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
      screen: {
        orderBy: 'CORRELATION',
        descending: false,
        top: 250,
        minCorrelation: 0.8,
        maxPValue: 0.05,
        minHalfLife: 2,
        maxHalfLife: 40,
        minAbsZ: 1.5,
        metric: 'pvalue',
      },
    };
    const query = serializeViewState(state).toString();
    expect(query).toContain('from=2024-07-19T00%3A00%3A00Z');
    expect(parse(query)).toEqual({ state, problems: [] });
  });

  it('reads symbols case-insensitively and names the pair y/x as the API does', () => {
    const { state } = parse('symbol=btcusdt&x=ethusdt&y=solusdt');
    expect(state.symbol).toBe('BTCUSDT');
    expect(pairName(state)).toBe('SOLUSDT/ETHUSDT');
  });

  it('keeps the default and reports each parameter it cannot use', () => {
    const { state, problems } = parse('interval=7m&window=abc&entry=99&view=nope&symbol=BTC-USD');
    expect(state.interval).toBe('1m');
    expect(state.window).toBe(60);
    expect(state.entry).toBe(2);
    expect(state.view).toBe('price');
    expect(state.symbol).toBe('BTCUSDT');
    expect(problems).toEqual([
      'ignored view=nope',
      'ignored symbol=BTC-USD',
      'ignored interval=7m',
      'ignored window=abc',
      'ignored entry=99',
    ]);
  });

  it('refuses a pair of a symbol with itself and an exit band outside the entry band', () => {
    const { state, problems } = parse('x=BTCUSDT&y=BTCUSDT&entry=1&exit=1.5');
    expect([state.x, state.y]).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(state.exit).toBeLessThan(state.entry);
    expect(problems).toHaveLength(2);
  });

  it('falls back to live when a custom range has no start, and drops an end before the start', () => {
    expect(parse('range=custom').state.range).toBe('live');
    const { state } = parse('range=custom&from=2024-07-19T01:00:00Z&to=2024-07-19T00:00:00Z');
    expect(state.range).toBe('custom');
    expect(state.to).toBeNull();
  });

  it('ignores from and to unless the range is custom', () => {
    const { state } = parse('range=1h&from=2024-07-19T00:00:00Z');
    expect(state.from).toBeNull();
    expect(serializeViewState(state).toString()).toBe('range=1h');
  });
});
