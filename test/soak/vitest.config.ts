import { defineConfig } from 'vitest/config';

/**
 * The opt-in soak (`npm run soak`), never part of `npm test`: the 10,000-document apply under 5% injected failures
 * (`OC_SYNC_SOAK_DOCS` to change the size) and the SIGKILL test with many seeds (`OC_SYNC_SOAK_SEEDS`, 20 by default
 * here). Figures land in `test/soak/results/`.
 */
export default defineConfig({
  test: {
    include: ['test/soak/**/*.soak.ts', 'test/e2e/kill.test.ts'],
    testTimeout: 60 * 60_000,
    hookTimeout: 60_000,
  },
});
