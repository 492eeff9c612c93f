import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../src/diagnostics/did-you-mean.js';

describe('didYouMean', () => {
  const keys = ['content', 'languages', 'timeZone', 'defaultEnvironment', 'environments', 'sync'];

  it('finds typos, swapped letters, case slips and prefixes', () => {
    expect(didYouMean('contnt', keys)).toBe('content');
    expect(didYouMean('tiemZone', keys)).toBe('timeZone');
    expect(didYouMean('timezone', keys)).toBe('timeZone');
    expect(didYouMean('env', keys)).toBe('environments');
    expect(didYouMean('enviroments', keys)).toBe('environments');
  });

  it('suggests nothing rather than something unrelated', () => {
    expect(didYouMean('colour', keys)).toBeUndefined();
    expect(didYouMean('x', keys)).toBeUndefined();
    expect(didYouMean('anything', [])).toBeUndefined();
  });

  it('counts an adjacent swap as one edit', () => {
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
