import type { ApiSettings } from '../options';
import type { Audience } from '../live/fanout';
import type { LiveHub } from '../live/live-feed';
import type { Operations } from '../operations';

/** What every resolver gets, over HTTP and over graphql-ws. */
export interface ApiContext {
  readonly ops: Operations;
  readonly hub: LiveHub;
  readonly settings: ApiSettings;
  /**
   * Set when one execution serves a group of identical graphql-ws subscriptions: the queue
   * the subscription resolver makes is counted as that many subscribers.
   */
  readonly audience?: Audience;
}
