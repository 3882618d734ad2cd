/**
 * Share by link with no server: a scenario (`#s=`) or a replay (`#r=`) travels whole in the URL
 * fragment, deflated (fflate) and base64url-encoded. The fragment is never sent to a server.
 * Pure: no DOM, no location; the teacher layer reads and writes `location.hash`.
 */
import { deflateSync, Inflate, strToU8 } from 'fflate';

/** Largest fragment we put in a link: some chat tools, mailers and browsers cut longer URLs. */
export const LINK_FRAGMENT_LIMIT = 32 * 1024;
/** Largest text a link may inflate to (the scenario file limit): refuses decompression bombs. */
export const LINK_TEXT_LIMIT = 2 * 1024 * 1024;

/** What a link carries. */
export type LinkKind = 'scenario' | 'replay';

const KEY: Record<LinkKind, string> = { scenario: 's', replay: 'r' };

/** A shared text read back from a fragment. */
export interface SharedText {
  kind: LinkKind;
  text: string;
  /** The file name it was shared under (decides YAML or JSON parsing and names diagnostics). */
  fileName: string;
}

/** Why a link could not be made or read, in words a teacher can act on. */
export class LinkError extends Error {
  constructor(
    message: string,
    readonly code: 'too-large' | 'bad-base64' | 'bad-deflate' | 'bad-utf8' | 'empty' | 'too-long-text',
  ) {
    super(message);
    this.name = 'LinkError';
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const REVERSE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) REVERSE[ALPHABET.charCodeAt(i)] = i;

/** Bytes to base64url without padding (RFC 4648 §5). */
export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

/** base64url (padding tolerated) to bytes; throws LinkError on any other character or a bad length. */
export function fromBase64Url(text: string): Uint8Array {
  const s = text.replace(/=+$/, '');
  if (s.length % 4 === 1)
    throw new LinkError(
      'the link is damaged: its data has an impossible length (it may have been cut short when copied)',
      'bad-base64',
    );
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? REVERSE[c]! : -1;
    if (v < 0) {
      throw new LinkError(
        `the link is damaged: character ${i + 1} of its data ("${s[i]}") is not allowed (was the link changed or wrapped when copied?)`,
        'bad-base64',
      );
    }
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

/** Deflate a text and encode it for a fragment. */
export function packText(text: string): string {
  return toBase64Url(deflateSync(strToU8(text), { level: 9 }));
}

/** Input fed to the inflater at a time: deflate expands at most ~1032:1, so one step makes at most ~1 MiB. */
const INFLATE_STEP = 1024;

/**
 * Decode and inflate a fragment payload, refusing output above `maxBytes`. A payload longer than any
 * link the game makes is refused before decoding, and inflation runs in small steps that stop at the
 * limit, so a decompression bomb costs about `maxBytes` of memory, never its unpacked size.
 */
export function unpackText(payload: string, maxBytes = LINK_TEXT_LIMIT, maxPayload = LINK_FRAGMENT_LIMIT): string {
  if (!payload)
    throw new LinkError('the link carries no data after "=": it was probably cut short when copied', 'empty');
  if (payload.length > maxPayload)
    throw new LinkError(
      `the link is too large: its data is ${kb(payload.length)}, and a link made by Crisis Room holds at most ${kb(maxPayload)}`,
      'too-large',
    );
  const bytes = fromBase64Url(payload);
  const chunks: Uint8Array[] = [];
  let total = 0;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > maxBytes)
      throw new LinkError(
        `the link is too large: it unpacks to more than ${(maxBytes / 1048576).toFixed(0)} MiB, more than any scenario may be`,
        'too-long-text',
      );
    chunks.push(chunk);
    if (final) done = true;
  });
  try {
    for (let at = 0; at < bytes.length && !done; at += INFLATE_STEP) {
      const end = Math.min(bytes.length, at + INFLATE_STEP);
      inflater.push(bytes.subarray(at, end), end === bytes.length);
    }
  } catch (e) {
    if (e instanceof LinkError) throw e;
    throw new LinkError(
      'the link is damaged: its data does not unpack (it may have been cut short or changed when copied)',
      'bad-deflate',
    );
  }
  if (!done)
    throw new LinkError(
      'the link is damaged: its data ends too early (it was probably cut short when copied)',
      'bad-deflate',
    );
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(all);
  } catch {
    throw new LinkError('the link is damaged: its data is not text', 'bad-utf8');
  }
}

/** The result of making a link: the fragment (with `#`), or why it cannot be one. */
export type MadeLink =
  | { ok: true; fragment: string; bytes: number }
  | { ok: false; bytes: number; limit: number; message: string };

/** One text to put in a link. */
export interface LinkPart {
  kind: LinkKind;
  text: string;
  fileName: string;
}

const NAME_KEY: Record<LinkKind, string> = { scenario: 'n', replay: 'rn' };

/**
 * Make the fragment for one or more texts (a scenario, a replay, or both: a replay of a custom
 * scenario that needs no other file); refuses fragments over `limit` characters.
 */
export function makeFragmentOf(parts: readonly LinkPart[], limit = LINK_FRAGMENT_LIMIT): MadeLink {
  const params: string[] = [];
  for (const p of [...parts].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'scenario' ? -1 : 1))) {
    params.push(`${KEY[p.kind]}=${packText(p.text)}`);
    if (p.fileName) params.push(`${NAME_KEY[p.kind]}=${encodeURIComponent(baseName(p.fileName))}`);
  }
  const fragment = `#${params.join('&')}`;
  if (fragment.length > limit) {
    const what =
      parts.length > 1
        ? 'This replay with its scenario'
        : parts[0]?.kind === 'replay'
          ? 'This replay'
          : 'This scenario';
    return {
      ok: false,
      bytes: fragment.length,
      limit,
      message: `${what} is too large for a link (${kb(fragment.length)} compressed; a link holds at most ${kb(limit)}). Share the file instead.`,
    };
  }
  return { ok: true, fragment, bytes: fragment.length };
}

/** Make the fragment for a scenario or replay text; refuses fragments over `limit` characters. */
export function makeFragment(kind: LinkKind, text: string, fileName: string, limit = LINK_FRAGMENT_LIMIT): MadeLink {
  return makeFragmentOf([{ kind, text, fileName }], limit);
}

/** A full shareable URL: `base` (its own fragment dropped) plus the fragment of one text. */
export function makeLink(
  base: string,
  kind: LinkKind,
  text: string,
  fileName: string,
  limit = LINK_FRAGMENT_LIMIT,
): MadeLink & { url?: string } {
  return makeLinkOf(base, [{ kind, text, fileName }], limit);
}

/** A full shareable URL carrying several texts (a replay with its scenario). */
export function makeLinkOf(
  base: string,
  parts: readonly LinkPart[],
  limit = LINK_FRAGMENT_LIMIT,
): MadeLink & { url?: string } {
  const made = makeFragmentOf(parts, limit);
  if (!made.ok) return made;
  const at = base.indexOf('#');
  return { ...made, url: (at < 0 ? base : base.slice(0, at)) + made.fragment };
}

/**
 * Read every shared text of a fragment (`#s=…`, `#r=…`, or both), scenario first. Empty when it
 * shares nothing; throws LinkError when it does but cannot be read.
 */
export function readShared(hash: string): SharedText[] {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!h) return [];
  const params = new Map<string, string>();
  for (const part of h.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const out: SharedText[] = [];
  for (const kind of ['scenario', 'replay'] as const) {
    const payload = params.get(KEY[kind]);
    if (payload === undefined) continue;
    const text = unpackText(payload);
    let fileName =
      kind === 'scenario'
        ? looksLikeJson(text)
          ? 'shared-scenario.json'
          : 'shared-scenario.yaml'
        : looksLikeJson(text)
          ? 'shared.replay.json'
          : 'shared.replay.yaml';
    const n = params.get(NAME_KEY[kind]);
    if (n) {
      try {
        const decoded = safeFileName(decodeURIComponent(n), fileName);
        if (decoded) fileName = decoded;
      } catch {
        // A damaged name is not worth refusing the link for: keep the default.
      }
    }
    out.push({ kind, text, fileName });
  }
  return out;
}

/** The first shared text of a fragment (see `readShared`), or undefined. */
export function readFragment(hash: string): SharedText | undefined {
  return readShared(hash)[0];
}

/**
 * The fragment with the shared parameters (`s`, `n`, `r`, `rn`, and a short path's `p`, `pv`,
 * `pn` unless `keepPath`) removed (so a reload does not load twice).
 */
export function clearSharedParams(hash: string, keepPath = false): string {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  const kept = h.split('&').filter((p) => p && !(keepPath ? /^(s|r|n|rn)=/ : /^(s|r|n|rn|p|pv|pn)=/).test(p));
  return kept.length ? `#${kept.join('&')}` : '';
}

function looksLikeJson(text: string): boolean {
  return /^\s*[{[]/.test(text);
}

/**
 * A link's `n=`/`rn=` name made safe to save under: the base name without control or bidi
 * characters or leading dots, ending in .yaml, .yml or .json (`fallback`'s extension is added
 * to any other): a YAML file offered as `lesson.html` is saved as `lesson.html.yaml`, not as a page.
 */
export function safeFileName(name: string, fallback: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const clean = baseName(name.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ''))
    .replace(/^[.\s]+/, '')
    .trim();
  if (!clean) return '';
  const ext = /\.(ya?ml|json)$/i.exec(fallback)?.[0] ?? '';
  return /\.(json|ya?ml)$/i.test(clean) ? clean : `${clean}${ext}`;
}

function baseName(name: string): string {
  return name.split(/[\\/]/).pop()!.slice(0, 200);
}

function kb(n: number): string {
  return `${(n / 1024).toFixed(1)} KB`;
}
