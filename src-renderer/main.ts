// Renderer entry: mounts the workbench. The API transport is chosen in api/client.ts
// (Electron preload's window.api, else HTTP to the web server).
import { createApp } from 'vue';
import App from './App.vue';
import './styles.css';
import { installGlobalListeners } from './state';

installGlobalListeners();
createApp(App).mount('#app');
