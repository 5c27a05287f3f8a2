import { shallowRef, type ShallowRef } from 'vue';
import {
  AlertUpdatesDocument,
  RecentAlertsDocument,
  type AlertFieldsFragment,
} from '../generated/graphql';
import { addAlert, ALERT_LOG_SIZE } from '../data/alerts';
import { useQuery } from './use-query';
import { useSubscription } from './use-subscription';

/** The last 20 alerts of every pair: the newest stored ones, then each as it is raised. */
export function useAlerts(): { alerts: ShallowRef<AlertFieldsFragment[]> } {
  const alerts = shallowRef<AlertFieldsFragment[]>([]);
  useQuery(
    RecentAlertsDocument,
    () => ({ pair: null, last: ALERT_LOG_SIZE }),
    (data) => {
      let log = alerts.value;
      for (const edge of data.alerts.edges) log = addAlert(log, edge.node);
      alerts.value = log;
    },
  );
  useSubscription(
    AlertUpdatesDocument,
    () => ({ pair: null }),
    (data) => {
      alerts.value = addAlert(alerts.value, data.alerts);
    },
  );
  return { alerts };
}
