import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

// Test projects: `unit` (plain Node: numerics, store, jobs, CLI, web server),
// `component` (Vue components in happy-dom), `e2e` (built renderer in Debian Chromium).
// unit and e2e build the plain-JavaScript CLI first (test/global-setup.ts): tests spawn `plrf`.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          globalSetup: ['test/global-setup.ts'],
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [vue()],
        test: {
          name: 'component',
          environment: 'happy-dom',
          include: ['test/component/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          globalSetup: ['test/global-setup.ts'],
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
