/**
 * Why a figure is absent. Figures are never NaN or ±Infinity: an undefined value is `null`
 * together with one of these codes (see README.md, "Null reasons").
 */
export type NullReason =
  | 'window-not-full'
  | 'zero-variance'
  | 'too-few-observations'
  | 'lag-too-large'
  | 'non-finite-input'
  | 'non-positive-price'
  | 'no-mean-reversion'
  | 'perfect-fit'
  | 'singular-design'
  | 'not-tabulated'
  | 'disabled';

export interface Present<T> {
  readonly value: T;
  readonly reason?: undefined;
}

export interface Absent {
  readonly value: null;
  readonly reason: NullReason;
  /** Human-readable context (which series, which size); not meant to be parsed. */
  readonly detail: string;
}

/** A value, or `null` with the reason it cannot be computed. Narrow with `r.value !== null`. */
export type Maybe<T> = Present<T> | Absent;

export function present<T>(value: T): Present<T> {
  return { value };
}

export function absent(reason: NullReason, detail: string): Absent {
  return { value: null, reason, detail };
}

/** Narrows a Maybe even when T itself could be null-like to the compiler. */
export function isAbsent<T>(m: Maybe<T>): m is Absent {
  return m.reason !== undefined;
}

/**
 * Result objects whose individual fields may be null carry one of these: the reason for
 * every field that is null, and no entry for the fields that have a value.
 */
export type Reasons<K extends string> = Readonly<Partial<Record<K, NullReason>>>;
