// electron-vite build of the desktop app: main process (src-main/electron + services),
// preload (sandboxed, so bundled to CommonJS: out/preload/index.cjs; exposes the typed API
// bridge only) and renderer (src-renderer, Vue 3) into out/renderer. The same renderer
// bundle is served by the web mode (`npm run web`), so it uses relative asset paths.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

const root = import.meta.dirname;
// PLRF_OUT_DIR: build somewhere else (the test of the built main bundle builds into a scratch folder)
const out = process.env.PLRF_OUT_DIR ? resolve(process.env.PLRF_OUT_DIR) : resolve(root, 'out');

export default defineConfig({
  main: {
    build: {
      outDir: resolve(out, 'main'),
      rolldownOptions: {
        // worker.js: the job worker entry, run in an Electron utilityProcess (utility-worker-host.ts);
        // unit-worker.js: a study-pool thread (src-main/study/pool.ts starts it next to the chunk
        // holding the pool, hence flat chunk names: every file in out/main)
        input: {
          index: resolve(root, 'src-main/electron/main.ts'),
          worker: resolve(root, 'src-main/worker/entry.ts'),
          'unit-worker': resolve(root, 'src-main/study/unit-worker.ts'),
        },
        output: { chunkFileNames: '[name]-[hash].js' },
        external: ['better-sqlite3'],
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(out, 'preload'),
      rolldownOptions: {
        input: { index: resolve(root, 'src-main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    base: './',
    plugins: [vue()],
    build: {
      outDir: resolve(out, 'renderer'),
      emptyOutDir: true,
      chunkSizeWarningLimit: 4000,
      minify: true,
      rolldownOptions: {
        input: { index: resolve(root, 'src-renderer/index.html') },
      },
    },
  },
});
