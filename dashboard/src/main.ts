import { createApp, ref } from 'vue';
import App from './App.vue';
import { apiUrlsFor, createApiClient } from './apollo/create-api-client';
import { API_CONTEXT } from './apollo/injection';
import type { SocketState } from './data/connection-status';
import './styles/theme.css';

const socket = ref<SocketState>('connecting');
const resync = ref(0);
const client = createApiClient({
  ...apiUrlsFor(window.location),
  onSocketState: (state) => (socket.value = state),
  onReconnected: () => resync.value++,
});

const app = createApp(App);
app.provide(API_CONTEXT, { apollo: client.apollo, socket, resync });
app.mount('#app');
window.addEventListener('pagehide', () => void client.dispose());
