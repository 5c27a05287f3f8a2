import { isAbsent, type Maybe } from '../../../../src/numerics';

/** The value of a Maybe, or a test failure that names the reason it is null. */
export function valueOf<T>(m: Maybe<T>, what: string): T {
  if (isAbsent(m)) throw new Error(`${what} is null: ${m.reason} (${m.detail})`);
  return m.value;
}
