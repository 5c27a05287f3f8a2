import type { ViewState } from './url-state';

// Whether the stream processors analyse the pair on screen continuously, and what starting
// that asks of the API. The pairs query lists, per pair, the settings of each interval
// analysed now (`analysed`); `intervals` also names intervals that only have stored rows, so
// only `analysed` tells whether anything is running.

/** How the pair stage analyses a pair on one interval (PairSettings, the fields the page reads). */
export interface PairSettingsInput {
  readonly interval: string;
  readonly olsWindow: number;
  readonly zScoreWindow: number;
  readonly corrWindow: number;
  readonly zScoreEntry: number;
  readonly zScoreExit: number;
}

/** A pair of the pairs query (PairInfo). */
export interface PairInfoInput {
  readonly symbolX: string;
  readonly symbolY: string;
  readonly analysed: readonly PairSettingsInput[];
}

/** The fields of the API's PairInput the view decides; the rest keep the API's defaults. */
export interface PairInputFields extends PairSettingsInput {
  readonly symbolX: string;
  readonly symbolY: string;
}

/** The settings `pair` is analysed with on `interval` now, or null when it is not analysed. */
export function analysedSettings(
  pairs: readonly PairInfoInput[],
  pair: Pick<ViewState, 'x' | 'y'>,
  interval: string,
): PairSettingsInput | null {
  // By legs, not by name: y/x and x/y are two pairs, each regressed its own way.
  const info = pairs.find((p) => p.symbolX === pair.x && p.symbolY === pair.y);
  return info?.analysed.find((s) => s.interval === interval) ?? null;
}

/**
 * What addPair is asked for: the pair and interval on screen, with the windows and bands the
 * view draws, so the stored rows and alerts match the charts. The view's one window drives
 * both the regression and the correlation (pairAnalysis gets it for both), so it does here too.
 */
export function pairInputFromView(
  state: Pick<ViewState, 'x' | 'y' | 'window' | 'zWindow' | 'entry' | 'exit'>,
  interval: string,
): PairInputFields {
  return {
    symbolX: state.x,
    symbolY: state.y,
    interval,
    olsWindow: state.window,
    zScoreWindow: state.zWindow,
    corrWindow: state.window,
    zScoreEntry: state.entry,
    zScoreExit: state.exit,
  };
}

export interface LiveAnalysisStatus {
  readonly analysed: boolean;
  readonly text: string;
  /** The settings in words, or null when nothing runs. */
  readonly detail: string | null;
  /** The button's label. */
  readonly action: 'Stop' | 'Analyse live';
}

/** The status line and the action offered for the pair on screen. */
export function liveAnalysisStatus(settings: PairSettingsInput | null): LiveAnalysisStatus {
  if (settings === null) {
    return {
      analysed: false,
      text: 'Not analysed continuously',
      detail: null,
      action: 'Analyse live',
    };
  }
  return {
    analysed: true,
    text: `Analysed live (window ${settings.olsWindow})`,
    detail: `z window ${settings.zScoreWindow}, correlation ${settings.corrWindow}, entry |z| ${settings.zScoreEntry}, exit |z| ${settings.zScoreExit}`,
    action: 'Stop',
  };
}

/** An API problem as the page tells it: by its code, which says what the person can do. */
export interface ProblemInput {
  readonly code: string;
  readonly message: string;
}

// API messages are clauses without a final stop; some may carry one.
const clause = (message: string) => message.trim().replace(/\.+$/, '');

/** Why starting or stopping the analysis failed, in plain words. */
export function liveAnalysisProblemText(
  problem: ProblemInput,
  pair: string,
  interval: string,
): string {
  switch (problem.code) {
    case 'UNKNOWN_SYMBOL':
      // The API's message names the leg that has no bars.
      return `${pair} cannot be analysed at ${interval} yet: ${clause(problem.message)}.`;
    case 'INTERVAL_NOT_LIVE':
      return `The processors do not build ${interval} bars, so no pair is analysed live at ${interval}. Pick another interval.`;
    case 'UNAUTHENTICATED':
    case 'HTTP_401':
      return 'The API accepts this change only with an API key, and the page has none.';
    case 'BAD_USER_INPUT':
      return `The API refused these settings: ${clause(problem.message)}.`;
    case 'API_UNREACHABLE':
      return 'The API cannot be reached. Try again once it is back.';
    default:
      return `The API answered: ${clause(problem.message)}.`;
  }
}
