import { describe, it, expect } from 'vitest';
import { seedFromQuery } from '../../src/game/session.ts';

describe('?seed= in the page address', () => {
  it('takes a whole number from 0 to 4294967295', () => {
    expect(seedFromQuery('?seed=6')).toBe(6);
    expect(seedFromQuery('?scenario=x.yaml&seed=4294967295')).toBe(4294967295);
    expect(seedFromQuery('?seed=0')).toBe(0);
  });
  it('ignores anything else, so a bad link still starts a normal game', () => {
    for (const q of ['', '?seed=', '?seed=-1', '?seed=1.5', '?seed=abc', '?seed=4294967296', '?seed=1e3'])
      expect(seedFromQuery(q), q).toBeUndefined();
  });
});
