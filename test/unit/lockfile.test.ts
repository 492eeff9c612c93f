import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * `npm ci` (CI, the Action's install) installs exactly what package-lock.json lists, and fails when a package's
 * optional dependency for the machine's platform is missing from it. A lockfile written on one machine can leave
 * out the other platforms' binaries (biome's, esbuild's): every optional dependency of every locked package must be
 * locked too, so `npm ci` works on Linux, macOS and Windows, under npm 10 and 11.
 */

interface LockedPackage {
  version?: string;
  optionalDependencies?: Record<string, string>;
}

const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, LockedPackage>;
};

describe('package-lock.json', () => {
  it('is the format npm 10 and 11 both read', () => {
    expect(lock.lockfileVersion).toBe(3);
  });

  it('locks every optional dependency of every locked package, whatever the platform', () => {
    const missing: string[] = [];
    for (const [location, locked] of Object.entries(lock.packages)) {
      for (const name of Object.keys(locked.optionalDependencies ?? {})) {
        // Resolved as npm does: next to the package first, then up the node_modules tree.
        const parts = location ? location.split('node_modules/').slice(1) : [];
        const candidates = parts.map(
          (_, i) =>
            ['', ...parts.slice(0, parts.length - i)]
              .join('node_modules/')
              .replace(/\/?$/, '/node_modules/') + name,
        );
        candidates.push(`node_modules/${name}`);
        if (!candidates.some((candidate) => candidate.replace(/^\//, '') in lock.packages))
          missing.push(`${name} (wanted by ${location || 'the project'})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
