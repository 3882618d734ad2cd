import { describe, expect, it } from 'vitest';
import { LINK_TEXT_LIMIT, LinkError, makeFragment, readShared, unpackText } from '../../src/share/link.ts';
import { manyEndingsYaml, zeroBombFragment } from './inputs.ts';
import { MiB, peakGrowth } from './memory.ts';

describe('#s= decompression bombs (finding 2)', () => {
  it('refuses a 1.4 MB link of 1 GiB of zeros as too large, before decoding it', () => {
    const fragment = zeroBombFragment(1024 * MiB);
    expect(fragment.length).toBeGreaterThan(1_000_000);
    const m = peakGrowth(() => readShared(fragment));
    expect(m.error).toBeInstanceOf(LinkError);
    expect((m.error as LinkError).message).toMatch(/too large/);
    expect((m.error as LinkError).message).not.toMatch(/damaged/);
    expect(m.grewBy).toBeLessThan(64 * MiB);
  });

  it('stops inflating at the text limit, holding about that much memory, and says "too large"', () => {
    const payload = zeroBombFragment(1024 * MiB).slice(3);
    // No payload cap here: this is the inflater alone, fed a GiB bomb.
    const m = peakGrowth(() => unpackText(payload, LINK_TEXT_LIMIT, Number.POSITIVE_INFINITY));
    expect((m.error as LinkError).code).toBe('too-long-text');
    expect((m.error as LinkError).message).toMatch(/too large: it unpacks to more than 2 MiB/);
    expect(m.grewBy).toBeLessThan(96 * MiB);
  });

  it('still reads back a real link whose data spans many inflate steps', () => {
    const text = manyEndingsYaml(2000);
    const made = makeFragment('scenario', text, 'many.yaml');
    expect(made.ok && made.fragment.length > 8 * 1024).toBe(true);
    expect(readShared(made.ok ? made.fragment : '')[0]!.text).toBe(text);
  });
});
