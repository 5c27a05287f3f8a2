import type { PairDefaults } from '@tickstream/schema';
import type { Config } from './config';

/** The settings of configured pairs (and of added ones where a request leaves them out). */
export function pairDefaultsFromConfig(config: Config): PairDefaults {
  return {
    olsWindow: config.pairOlsWindow,
    zScoreWindow: config.pairZScoreWindow,
    corrWindow: config.pairCorrWindow,
    testEvery: config.pairTestEvery,
    zScoreEntry: config.zScoreEntry,
    zScoreExit: config.zScoreExit,
    correlationBreak: config.correlationBreak,
    adfPValueLevel: config.adfPValueLevel,
  };
}
