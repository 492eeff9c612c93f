import { defineConfig } from 'vitest/config';

/**
 * The Action's install from the npm registry (`.ci/check-install`, called by `.ci/run`; never `npm test`): a real
 * `npm ci` of a checkout of oc-sync under npm 10 and npm 11, about a minute each. `OC_SYNC_NPM_MAJORS` picks the
 * versions (`10,11` by default).
 */
export default defineConfig({
  test: {
    include: ['test/install/**/*.install.ts'],
    testTimeout: 15 * 60_000,
    hookTimeout: 5 * 60_000,
    fileParallelism: false,
  },
});
