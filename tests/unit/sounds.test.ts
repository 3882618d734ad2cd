import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AMBIENT_LOOP, SOUND_KBPS } from '../../src/game/audio/sound-format.ts';
import { ambientFile, encodeMp3, SAMPLE_RATE, SOUND_NAMES, synthesise, writeSounds } from '../../tools/make-sounds.ts';

// MPEG-2 Layer III (the version used at 22 050 Hz): bit rates by index, kbit/s; 576 samples a frame.
const MPEG2_L3_KBPS = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const MPEG2_SAMPLE_RATES = [22_050, 24_000, 16_000];

/** Walk an MP3 file frame by frame (skipping a leading ID3 tag), checking every header on the way. */
function parseMp3(bytes: Uint8Array) {
  let at = 0;
  if (bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33) {
    at =
      10 + (((bytes[6]! & 0x7f) << 21) | ((bytes[7]! & 0x7f) << 14) | ((bytes[8]! & 0x7f) << 7) | (bytes[9]! & 0x7f));
  }
  const frames: Array<{ kbps: number; sampleRate: number; mono: boolean; size: number }> = [];
  while (at + 4 <= bytes.length) {
    const b1 = bytes[at + 1]!;
    const b2 = bytes[at + 2]!;
    const b3 = bytes[at + 3]!;
    if (bytes[at] !== 0xff || (b1 & 0xe0) !== 0xe0) throw new Error(`no frame sync at byte ${at}`);
    const version = (b1 >> 3) & 3; // 2 = MPEG-2
    const layer = (b1 >> 1) & 3; // 1 = Layer III
    if (version !== 2 || layer !== 1) throw new Error(`not MPEG-2 Layer III at byte ${at}`);
    const kbps = MPEG2_L3_KBPS[b2 >> 4]!;
    const sampleRate = MPEG2_SAMPLE_RATES[(b2 >> 2) & 3]!;
    const padding = (b2 >> 1) & 1;
    const size = Math.floor((72_000 * kbps) / sampleRate) + padding;
    frames.push({ kbps, sampleRate, mono: b3 >> 6 === 3, size });
    at += size;
  }
  return { frames, consumed: at, samples: frames.length * 576 };
}

describe('tools/make-sounds', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'crisis-sounds-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const sounds = synthesise();
  let files: string[] | undefined;
  const written = () => (files ??= writeSounds(dir));

  it('writes every sound as a mono 22 050 Hz MP3 whose frames cover the whole sound', () => {
    const files = written();
    expect(files.map((f) => path.basename(f))).toEqual(SOUND_NAMES.map((n) => `${n}.mp3`));
    for (const [i, f] of files.entries()) {
      const bytes = readFileSync(f);
      const mp3 = parseMp3(bytes);
      expect(mp3.consumed, `${f} ends on a frame boundary`).toBe(bytes.length);
      expect(mp3.frames.length, f).toBeGreaterThan(1);
      for (const fr of mp3.frames) {
        expect(fr.sampleRate).toBe(SAMPLE_RATE);
        expect(fr.mono).toBe(true);
        expect(fr.kbps).toBe(SOUND_KBPS);
      }
      const name = SOUND_NAMES[i]!;
      const stored = name === 'ambient' ? ambientFile(sounds.ambient).length : sounds[name].length;
      // Every synthesised sample is in the file (plus the encoder's delay and padding, under two frames' worth each).
      expect(mp3.samples, f).toBeGreaterThanOrEqual(stored);
      expect(mp3.samples, f).toBeLessThan(stored + 576 * 6);
    }
  });

  it('stores the sounds in about a tenth of the bytes of 16-bit WAV files', () => {
    const files = written();
    const mp3Bytes = files.reduce((a, f) => a + readFileSync(f).length, 0);
    const wavBytes = SOUND_NAMES.reduce((a, n) => a + 44 + 2 * sounds[n].length, 0);
    expect(mp3Bytes).toBeLessThan(wavBytes / 5);
    expect(mp3Bytes).toBeLessThan(100_000);
  });

  it('keeps the synthesised sounds audible and unclipped', () => {
    for (const name of SOUND_NAMES) {
      const x = sounds[name];
      let peak = 0;
      let sq = 0;
      for (const s of x) {
        peak = Math.max(peak, Math.abs(s));
        sq += s * s;
      }
      expect(peak, `${name} peak`).toBeGreaterThan(0.09);
      expect(peak, `${name} clipping`).toBeLessThan(1);
      expect(Math.sqrt(sq / x.length), `${name} rms`).toBeGreaterThan(0.006);
    }
  });

  it('makes the ambient room tone a seamless loop of AMBIENT_LOOP.durationMs, stored twice', () => {
    const amb = sounds.ambient;
    expect((amb.length / SAMPLE_RATE) * 1000).toBe(AMBIENT_LOOP.durationMs);
    // The jump from the last sample back to the first is no bigger than a typical step inside.
    let maxStep = 0;
    for (let i = 1; i < amb.length; i++) maxStep = Math.max(maxStep, Math.abs(amb[i]! - amb[i - 1]!));
    expect(Math.abs(amb[0]! - amb[amb.length - 1]!)).toBeLessThanOrEqual(maxStep);
    // The played window (one period starting inside the first copy) lies wholly inside the file.
    const file = ambientFile(amb);
    expect(file.length).toBe(amb.length * 2);
    expect(AMBIENT_LOOP.startMs + AMBIENT_LOOP.durationMs).toBeLessThan((file.length / SAMPLE_RATE) * 1000);
    expect(AMBIENT_LOOP.startMs).toBeGreaterThan(100); // clear of the encoder's start delay
  });

  it('is deterministic, and clamps out-of-range samples instead of wrapping them', () => {
    expect(encodeMp3(synthesise().click)).toEqual(encodeMp3(synthesise().click));
    const loud = new Float32Array(SAMPLE_RATE / 10).map((_, i) => 4 * Math.sin(i / 5));
    const clamped = loud.map((s) => Math.max(-1, Math.min(1, s)));
    expect(encodeMp3(loud)).toEqual(encodeMp3(clamped));
  });
});
