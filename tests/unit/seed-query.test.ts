import { describe, it, expect } from 'vitest';
import { addressProblems, seedFromQuery } from '../../src/game/session.ts';

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

describe('a bad ?seed= or ?timer= is said, not ignored silently (issue 23)', () => {
  it('names each value the game cannot use and what it does instead', () => {
    expect(addressProblems('?seed=6&timer=off')).toEqual([]);
    expect(addressProblems('?scenario=x.yaml')).toEqual([]);
    expect(addressProblems('?seed=abc&timer=fast')).toEqual([
      'seed="abc" is not a seed (a whole number from 0 to 4294967295): each game starts from a new random seed.',
      'timer="fast" is not a timer setting (normal, double or off): the player\'s own setting is used.',
    ]);
    expect(addressProblems('?seed=')).toHaveLength(1);
  });
});
