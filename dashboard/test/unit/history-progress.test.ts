import { backfillingOf } from '../../src/data/history-progress';

describe('the history progress the dashboard shows', () => {
  it('says backfilling with the percent and what is being fetched while history runs', () => {
    expect(
      backfillingOf({
        state: 'running',
        percent: 37.46,
        series: [
          { symbol: 'BTCUSDT', series: '1m', percent: 100, state: 'done' },
          { symbol: 'BTCUSDT', series: 'trades', percent: 62.9, state: 'fetching' },
          { symbol: 'ETHUSDT', series: '5m', percent: 0, state: 'pending' },
        ],
      }),
    ).toEqual({
      percent: 37,
      label: 'backfilling, 37 %',
      detail: 'fetching BTCUSDT trades 62 %',
    });
    expect(
      backfillingOf({
        state: 'pending',
        percent: 0,
        series: [{ symbol: 'ETHUSDT', series: '5m', percent: 12.5, state: 'fetching' }],
      })?.detail,
    ).toBe('fetching ETHUSDT 5m bars 12 %');
  });

  it('says nothing once history is done or failed, or when there is none', () => {
    expect(backfillingOf({ state: 'done', percent: 100, series: [] })).toBeUndefined();
    expect(backfillingOf({ state: 'failed', percent: 40, series: [] })).toBeUndefined();
    expect(backfillingOf(null)).toBeUndefined();
    expect(backfillingOf(undefined)).toBeUndefined();
  });
});
