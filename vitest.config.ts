import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The examples import the package by name, as a user's code does; in a checkout that is src/.
  resolve: { alias: { palestra: fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    include: ['tests/**/*.test.ts', 'src/**/*.test.ts', 'envs/**/*.test.ts', 'agents/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: run files in parallel processes, tests within a file in order.
    pool: 'forks',
  },
});
