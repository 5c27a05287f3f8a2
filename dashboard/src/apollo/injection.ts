import { inject, type InjectionKey, type Ref } from 'vue';
import type { ApolloClient } from '@apollo/client';
import type { SocketState } from '../data/connection-status';

/** What the app provides to every composable: the client and the socket's state. */
export interface ApiContext {
  readonly apollo: ApolloClient;
  readonly socket: Readonly<Ref<SocketState>>;
  /** Increases each time the socket comes back after a loss: views refetch what they show. */
  readonly resync: Readonly<Ref<number>>;
}

export const API_CONTEXT: InjectionKey<ApiContext> = Symbol('tickstream-api');

export function useApi(): ApiContext {
  const context = inject(API_CONTEXT);
  if (!context) throw new Error('useApi() needs the API context that main.ts provides');
  return context;
}
