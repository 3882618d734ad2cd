import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeWav, SAMPLE_RATE, SOUND_NAMES, synthesise, writeSounds } from '../../tools/make-sounds.ts';

function parseWav(bytes: Uint8Array) {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (at: number, n: number) => String.fromCharCode(...bytes.subarray(at, at + n));
  return {
    riff: ascii(0, 4),
    riffSize: v.getUint32(4, true),
    wave: ascii(8, 4),
    fmt: ascii(12, 4),
    fmtSize: v.getUint32(16, true),
    format: v.getUint16(20, true),
    channels: v.getUint16(22, true),
    sampleRate: v.getUint32(24, true),
    byteRate: v.getUint32(28, true),
    blockAlign: v.getUint16(32, true),
    bits: v.getUint16(34, true),
    data: ascii(36, 4),
    dataSize: v.getUint32(40, true),
    samples: Array.from({ length: (bytes.byteLength - 44) / 2 }, (_, i) => v.getInt16(44 + i * 2, true)),
  };
}

describe('tools/make-sounds', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'crisis-sounds-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every sound as a valid mono 22 050 Hz 16-bit PCM WAV with non-silent data', () => {
    const files = writeSounds(dir);
    expect(files.map((f) => path.basename(f))).toEqual(SOUND_NAMES.map((n) => `${n}.wav`));
    for (const f of files) {
      const bytes = readFileSync(f);
      const w = parseWav(bytes);
      expect(w.riff, f).toBe('RIFF');
      expect(w.wave, f).toBe('WAVE');
      expect(w.fmt, f).toBe('fmt ');
      expect(w.fmtSize).toBe(16);
      expect(w.format).toBe(1);
      expect(w.channels).toBe(1);
      expect(w.sampleRate).toBe(SAMPLE_RATE);
      expect(w.bits).toBe(16);
      expect(w.blockAlign).toBe(2);
      expect(w.byteRate).toBe(SAMPLE_RATE * 2);
      expect(w.data).toBe('data');
      expect(w.dataSize).toBe(bytes.byteLength - 44);
      expect(w.riffSize).toBe(bytes.byteLength - 8);
      expect(w.samples.length).toBeGreaterThan(SAMPLE_RATE * 0.02);
      const peak = Math.max(...w.samples.map(Math.abs));
      const rms = Math.sqrt(w.samples.reduce((a, s) => a + s * s, 0) / w.samples.length);
      expect(peak, `${f} peak`).toBeGreaterThan(3000);
      expect(peak, `${f} clipping`).toBeLessThan(32767);
      expect(rms, `${f} rms`).toBeGreaterThan(200);
      expect(bytes.byteLength, `${f} size`).toBeLessThan(300_000);
    }
  });

  it('makes the ambient room tone a seamless loop of a few seconds', () => {
    const amb = synthesise().ambient;
    expect(amb.length / SAMPLE_RATE).toBeGreaterThanOrEqual(2);
    expect(amb.length / SAMPLE_RATE).toBeLessThanOrEqual(8);
    // The jump from the last sample back to the first is no bigger than a typical step inside.
    let maxStep = 0;
    for (let i = 1; i < amb.length; i++) maxStep = Math.max(maxStep, Math.abs(amb[i]! - amb[i - 1]!));
    expect(Math.abs(amb[0]! - amb[amb.length - 1]!)).toBeLessThanOrEqual(maxStep);
  });

  it('is deterministic and clamps out-of-range samples', () => {
    expect(encodeWav(synthesise().click)).toEqual(encodeWav(synthesise().click));
    const w = parseWav(encodeWav(new Float32Array([2, -2, 0])));
    expect(w.samples).toEqual([32767, -32768, 0]);
  });
});
