import { IngestStatusUpdatesDocument } from '../generated/graphql';
import { useSubscription } from './use-subscription';

/** The ingest role's status every two seconds: exchange connections and per-symbol trade rates. */
export function useIngestStatus() {
  return useSubscription(IngestStatusUpdatesDocument, () => ({ everyMs: 2_000 }));
}
