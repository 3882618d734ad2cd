import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'fflate';
import {
  LINK_FRAGMENT_LIMIT,
  LinkError,
  clearSharedParams,
  fromBase64Url,
  makeFragment,
  makeLink,
  makeLinkOf,
  readShared,
  packText,
  readFragment,
  toBase64Url,
  unpackText,
} from '../../src/share/link.ts';

const template = readFileSync(new URL('../../scenarios/examples/template.yaml', import.meta.url), 'utf8');

describe('base64url', () => {
  it('round-trips any bytes and matches Node base64url', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const enc = toBase64Url(bytes);
        expect(enc).toBe(Buffer.from(bytes).toString('base64url'));
        expect([...fromBase64Url(enc)]).toEqual([...bytes]);
      }),
    );
  });
  it('refuses characters outside the alphabet and impossible lengths, naming the problem', () => {
    expect(() => fromBase64Url('abc+')).toThrow(/character 4 .*"\+"/);
    expect(() => fromBase64Url('abcde')).toThrow(/impossible length/);
    expect(() => fromBase64Url('ab cd')).toThrow(LinkError);
  });
});

describe('scenario links', () => {
  it('round-trips the template, with its file name', () => {
    const made = makeFragment('scenario', template, 'scenarios/examples/template.yaml');
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    expect(made.fragment.startsWith('#s=')).toBe(true);
    expect(made.fragment.length).toBeLessThan(template.length); // it is compressed
    expect(readFragment(made.fragment)).toEqual({ kind: 'scenario', text: template, fileName: 'template.yaml' });
  });
  it('round-trips any unicode text, and a replay under #r=', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        expect(unpackText(packText(text))).toBe(text);
        const made = makeFragment('replay', text, 'run.replay.json');
        expect(made.ok && readFragment(made.fragment)).toEqual({ kind: 'replay', text, fileName: 'run.replay.json' });
      }),
    );
  });
  it('carries a replay with its scenario in one link, scenario first', () => {
    const replay = '{"format":"crisis-room-replay/1"}';
    const made = makeLinkOf('https://example.org/#x', [
      { kind: 'replay', text: replay, fileName: 'run.replay.json' },
      { kind: 'scenario', text: template, fileName: 'template.yaml' },
    ]);
    expect(made.ok).toBe(true);
    expect(made.url).toMatch(
      /^https:\/\/example\.org\/#s=[A-Za-z0-9_-]+&n=template\.yaml&r=[A-Za-z0-9_-]+&rn=run\.replay\.json$/,
    );
    expect(readShared(made.url!.slice(made.url!.indexOf('#')))).toEqual([
      { kind: 'scenario', text: template, fileName: 'template.yaml' },
      { kind: 'replay', text: replay, fileName: 'run.replay.json' },
    ]);
    expect(clearSharedParams('#s=a&n=b&r=c&rn=d&keep=1')).toBe('#keep=1');
  });
  it('makes a full URL, replacing any fragment the page had', () => {
    const made = makeLink('https://example.org/game/?x=1#old', 'scenario', 'a: 1\n', 'a.yaml');
    expect(made.ok).toBe(true);
    expect(made.url).toMatch(/^https:\/\/example\.org\/game\/\?x=1#s=[A-Za-z0-9_-]+&n=a\.yaml$/);
  });
  it('guesses YAML or JSON when the link has no name', () => {
    expect(readFragment(`#s=${packText('{"a":1}')}`)?.fileName).toBe('shared-scenario.json');
    expect(readFragment(`s=${packText('a: 1')}`)?.fileName).toBe('shared-scenario.yaml');
  });
  it('keeps only the base name of a shared file name', () => {
    expect(readFragment(`#s=${packText('a: 1')}&n=${encodeURIComponent('../../etc/x.yaml')}`)?.fileName).toBe('x.yaml');
  });
  it('says when a scenario is too large for a link', () => {
    // Random text barely compresses: 40 KB of it cannot fit in 32 KB.
    const noise = randomBytes(30_000).toString('base64');
    const made = makeFragment('scenario', noise, 'big.yaml');
    expect(made.ok).toBe(false);
    if (made.ok) return;
    expect(made.limit).toBe(LINK_FRAGMENT_LIMIT);
    expect(made.message).toMatch(/too large for a link.*Share the file instead/);
  });
  it('ignores fragments that share nothing, and clears shared parameters', () => {
    expect(readFragment('')).toBeUndefined();
    expect(readFragment('#settings')).toBeUndefined();
    expect(clearSharedParams('#s=abc&n=x.yaml')).toBe('');
    expect(clearSharedParams('#debug=1&r=abc')).toBe('#debug=1');
  });
});

describe('damaged links are explained', () => {
  const good = makeFragment('scenario', template, 'template.yaml');
  const payload = good.ok ? good.fragment.slice(3).split('&')[0]! : '';
  it('an empty payload', () => {
    expect(() => readFragment('#s=')).toThrow(/no data/);
  });
  it('a link cut short', () => {
    const err = (() => {
      try {
        readFragment(`#s=${payload.slice(0, payload.length - (payload.length % 4) - 400)}`);
      } catch (e) {
        return e as LinkError;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(LinkError);
    expect(err!.message).toMatch(/cut short/);
  });
  it('a changed character', () => {
    expect(() => readFragment(`#s=${payload.slice(0, 10)}*${payload.slice(11)}`)).toThrow(/character 11/);
  });
  it('data that is not deflate', () => {
    expect(() => unpackText(toBase64Url(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff])))).toThrow(
      /does not unpack|ends too early/,
    );
  });
  it('data that is not text', () => {
    expect(() => unpackText(toBase64Url(deflateSync(new Uint8Array([0xc3, 0x28, 0xff]))))).toThrow(/not text/);
  });
  it('a decompression bomb', () => {
    const bomb = toBase64Url(deflateSync(new Uint8Array(3 * 1024 * 1024).fill(65), { level: 9 }));
    expect(bomb.length).toBeLessThan(LINK_FRAGMENT_LIMIT);
    expect(() => unpackText(bomb)).toThrow(/more than 2 MiB/);
  });
});
