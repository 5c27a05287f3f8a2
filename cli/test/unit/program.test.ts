import { ConfigError } from '@tickstream/core';
import { pipelineSettings } from '../../src/node/process-role';
import { buildProgram } from '../../src/program';
import { loadConfig } from '../../src/settings';

describe('the tickstream command line', () => {
  it('offers every role and tool as a subcommand with its own help', () => {
    const program = buildProgram();
    const names = program.commands.map((c) => c.name());
    expect(names).toEqual(
      expect.arrayContaining([
        'start',
        'demo',
        'ingest',
        'process',
        'api',
        'replay',
        'backfill',
        'backtest',
        'migrate',
        'mock-exchange',
        'record',
        'topics',
        'config',
        'tail',
      ]),
    );
    for (const command of program.commands) {
      expect(command.description().length).toBeGreaterThan(10);
      expect(command.helpInformation()).toContain(`Usage: tickstream ${command.name()}`);
    }
    expect(program.helpInformation()).toContain('--kafka-brokers <value>');
  });

  it('offers --print-trades wherever ingest runs, and tail with its own options', () => {
    const program = buildProgram();
    const optionsOf = (name: string) =>
      program.commands.find((c) => c.name() === name)?.options.map((o) => o.long);
    for (const name of ['start', 'demo', 'ingest']) {
      expect(optionsOf(name)).toContain('--print-trades');
    }
    expect(optionsOf('tail')).toEqual(['--from', '--no-follow', '--json']);
    expect(program.commands.find((c) => c.name() === 'tail')?.helpInformation()).toContain(
      'Usage: tickstream tail [options] <topic>',
    );
  });

  it('turns the default configuration into processors for the old platform pair on 1m and 1s', () => {
    const settings = pipelineSettings(loadConfig({ env: {} }));
    expect(settings.intervals).toEqual(['1s', '1m', '5m']);
    expect(
      settings.pairs?.map((p) => [
        p.symbolY,
        p.symbolX,
        p.interval,
        p.olsWindow,
        p.zScoreWindow,
        p.corrWindow,
      ]),
    ).toEqual([
      ['ETHUSDT', 'BTCUSDT', '1m', 60, 20, 60],
      ['ETHUSDT', 'BTCUSDT', '1s', 60, 20, 60],
    ]);
    expect(settings.statsWindows).toEqual([
      { interval: '1s', bars: 60 },
      { interval: '1m', bars: 60 },
      { interval: '1m', bars: 1440 },
    ]);
  });

  it('refuses a pair on an interval that is not materialized, saying what is allowed', () => {
    const load = () => loadConfig({ env: { PAIRS: 'ETHUSDT/BTCUSDT@1h' } });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      'PAIRS entry "ETHUSDT/BTCUSDT@1h" must be Y/X@interval with two different symbols and an interval in CANDLE_INTERVALS (1s,1m,5m)',
    );
  });
});
