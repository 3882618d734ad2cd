/**
 * Synthesise the game's sounds in pure TypeScript (no downloads, no samples) and write them as
 * mono 22 050 Hz MP3 files (32 kbit/s, encoded by the `@breezystack/lamejs` dev dependency) under
 * `assets/audio/`: about a tenth of the size of the WAV files they replace. The output is
 * deterministic: the noise comes from a seeded generator, so running `npm run sounds` again gives
 * the same bytes. The ambient file holds two periods of its loop (see AMBIENT_LOOP).
 *
 *   ambient    room tone: filtered noise, a low hum and a slow air movement; loops seamlessly
 *   click      UI click
 *   sting      news sting: a short rising three-note motif
 *   tick       timer tick (the last seconds of a countdown)
 *   end-good   ending cue, good tone: a rising major arpeggio
 *   end-mixed  ending cue, mixed tone: a suspended chord that does not resolve
 *   end-bad    ending cue, bad tone: a falling minor line over a low drone
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Mp3Encoder } from '@breezystack/lamejs';
import { AMBIENT_LOOP, SOUND_FORMAT, SOUND_KBPS } from '../src/game/audio/sound-format.ts';

export const SAMPLE_RATE = 22_050;
export const SOUND_NAMES = ['ambient', 'click', 'sting', 'tick', 'end-good', 'end-mixed', 'end-bad'] as const;
export type SoundName = (typeof SOUND_NAMES)[number];

/** Samples in [-1, 1] as 16-bit integers (clamped). */
function toInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    out[i] = Math.round(s < 0 ? s * 0x8000 : s * 0x7fff);
  }
  return out;
}

/** Encode samples in [-1, 1] as a mono constant-bit-rate MP3 file. */
export function encodeMp3(samples: Float32Array, sampleRate = SAMPLE_RATE, kbps = SOUND_KBPS): Uint8Array {
  const encoder = new Mp3Encoder(1, sampleRate, kbps);
  const pcm = toInt16(samples);
  const parts: Uint8Array[] = [];
  // The encoder takes blocks of whole frames (1152 samples per MPEG-1 frame; a multiple of MPEG-2's 576).
  for (let i = 0; i < pcm.length; i += 1152 * 16) parts.push(encoder.encodeBuffer(pcm.subarray(i, i + 1152 * 16)));
  parts.push(encoder.flush());
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The ambient loop as stored: two periods back to back, so a one-period window can skip the encoder's edges. */
export function ambientFile(loop: Float32Array): Float32Array {
  if (Math.round((AMBIENT_LOOP.durationMs * SAMPLE_RATE) / 1000) !== loop.length)
    throw new Error('AMBIENT_LOOP.durationMs must be the length of the ambient loop');
  const out = new Float32Array(loop.length * 2);
  out.set(loop, 0);
  out.set(loop, loop.length);
  return out;
}

/** A small seeded generator (mulberry32) for reproducible noise. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TAU = Math.PI * 2;
const secs = (s: number) => Math.round(s * SAMPLE_RATE);

/** Scale so the loudest sample has the given peak. */
function normalise(x: Float32Array, peak: number): Float32Array {
  let m = 0;
  for (const s of x) m = Math.max(m, Math.abs(s));
  if (m > 0) for (let i = 0; i < x.length; i++) x[i] = (x[i]! / m) * peak;
  return x;
}

/** A note: a sine with a few harmonics under an attack/exponential-decay envelope, added into `out`. */
function addNote(
  out: Float32Array,
  start: number,
  freq: number,
  dur: number,
  gain: number,
  opts: { attack?: number; harmonics?: number[]; decay?: number } = {},
): void {
  const attack = opts.attack ?? 0.01;
  const harmonics = opts.harmonics ?? [1, 0.35, 0.12];
  const decay = opts.decay ?? 3 / dur;
  const i0 = secs(start);
  const n = secs(dur);
  for (let i = 0; i < n && i0 + i < out.length; i++) {
    const t = i / SAMPLE_RATE;
    const env = Math.min(1, t / attack) * Math.exp(-decay * t) * Math.min(1, (dur - t) / 0.02);
    let s = 0;
    harmonics.forEach((h, k) => {
      s += h * Math.sin(TAU * freq * (k + 1) * t);
    });
    out[i0 + i]! += gain * env * s;
  }
}

/** Room tone: circularly low-passed noise plus hums whose periods divide the loop, so it loops seamlessly. */
function ambient(): Float32Array {
  const seconds = 4;
  const n = secs(seconds);
  const rand = rng(1);
  const noise = new Float32Array(n);
  for (let i = 0; i < n; i++) noise[i] = rand() * 2 - 1;
  // Two passes of a one-pole low-pass around the ring: the second pass starts from the state the
  // first pass ended in, so the filtered signal has no seam at the loop point.
  const out = new Float32Array(n);
  let y = 0;
  let y2 = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < n; i++) {
      y += 0.03 * (noise[i]! - y);
      y2 += 0.05 * (y - y2);
      if (pass === 1) out[i] = y2;
    }
  }
  normalise(out, 0.5);
  for (let i = 0; i < n; i++) {
    const t = i / SAMPLE_RATE;
    // Whole numbers of cycles in 4 s: 50 Hz mains hum and its harmonic, a slow "air" swell at 0.25 Hz.
    const swell = 0.75 + 0.25 * Math.sin(TAU * 0.25 * t);
    out[i] = out[i]! * swell + 0.08 * Math.sin(TAU * 50 * t) + 0.04 * Math.sin(TAU * 100 * t);
  }
  return normalise(out, 0.3);
}

function click(): Float32Array {
  const out = new Float32Array(secs(0.04));
  const rand = rng(2);
  for (let i = 0; i < out.length; i++) {
    const t = i / SAMPLE_RATE;
    out[i] = Math.exp(-t * 180) * (0.6 * Math.sin(TAU * 2200 * t) + 0.4 * (rand() * 2 - 1));
  }
  return normalise(out, 0.6);
}

function tick(): Float32Array {
  const out = new Float32Array(secs(0.08));
  addNote(out, 0, 1250, 0.08, 1, { attack: 0.001, harmonics: [1, 0.2], decay: 70 });
  return normalise(out, 0.55);
}

function sting(): Float32Array {
  const out = new Float32Array(secs(1.2));
  addNote(out, 0, 659.25, 0.5, 0.8, { harmonics: [1, 0.5, 0.25, 0.1] });
  addNote(out, 0.12, 880, 0.5, 0.8, { harmonics: [1, 0.5, 0.25, 0.1] });
  addNote(out, 0.24, 1174.66, 0.95, 0.9, { harmonics: [1, 0.5, 0.25, 0.1] });
  return normalise(out, 0.7);
}

function endGood(): Float32Array {
  const out = new Float32Array(secs(2.4));
  [261.63, 329.63, 392.0, 523.25].forEach((f, k) => addNote(out, k * 0.18, f, 2.4 - k * 0.18, 0.6, { attack: 0.02 }));
  return normalise(out, 0.7);
}

function endMixed(): Float32Array {
  const out = new Float32Array(secs(2.4));
  // C - F - G: a suspended chord, left hanging.
  [261.63, 349.23, 392.0].forEach((f, k) =>
    addNote(out, k * 0.25, f, 2.4 - k * 0.25, 0.6, { attack: 0.04, decay: 1.2 }),
  );
  addNote(out, 0.9, 293.66, 1.5, 0.35, { attack: 0.1, decay: 1.5 });
  return normalise(out, 0.65);
}

function endBad(): Float32Array {
  const out = new Float32Array(secs(2.8));
  addNote(out, 0, 110, 2.8, 0.5, { attack: 0.3, decay: 0.6, harmonics: [1, 0.6, 0.3, 0.2] });
  [440, 392.0, 349.23, 329.63].forEach((f, k) =>
    addNote(out, k * 0.35, f * 0.5, 0.9, 0.6, { attack: 0.03, decay: 2.5 }),
  );
  return normalise(out, 0.65);
}

/** Every sound, synthesised. */
export function synthesise(): Record<SoundName, Float32Array> {
  return {
    ambient: ambient(),
    click: click(),
    sting: sting(),
    tick: tick(),
    'end-good': endGood(),
    'end-mixed': endMixed(),
    'end-bad': endBad(),
  };
}

/** Write every sound as `<dir>/<name>.mp3`; returns the paths written. */
export function writeSounds(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const sounds = synthesise();
  return SOUND_NAMES.map((name) => {
    const file = path.join(dir, `${name}.${SOUND_FORMAT}`);
    writeFileSync(file, encodeMp3(name === 'ambient' ? ambientFile(sounds[name]) : sounds[name]));
    return file;
  });
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const dir = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'assets/audio');
  for (const f of writeSounds(dir)) console.log(path.relative(process.cwd(), f));
}
