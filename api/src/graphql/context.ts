import type { ApiSettings } from '../options';
import type { LiveHub } from '../live/live-feed';
import type { Operations } from '../operations';

/** What every resolver gets, over HTTP and over graphql-ws. */
export interface ApiContext {
  readonly ops: Operations;
  readonly hub: LiveHub;
  readonly settings: ApiSettings;
  /**
   * Set on WebSocket connections: closes the connection when a subscription that was told
   * SLOW_CONSUMER cannot even take that notice (its socket is not being read).
   */
  readonly onSlowConsumer?: () => void;
}
