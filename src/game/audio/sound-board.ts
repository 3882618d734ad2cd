/**
 * Sound behind a small interface. `HowlerSoundBoard` plays the files in assets/audio/ with Howler;
 * Howler and the files themselves are loaded only after the first user gesture (no AudioContext
 * warnings before it, and nothing on the title screen's start-up path); every failure
 * (missing file, no audio device, blocked decode) leaves that sound silent. `SilentSoundBoard`
 * does nothing and is used when Web Audio is unavailable or sound is disabled with `?silent`.
 */

import { AMBIENT_LOOP, SOUND_FORMAT } from './sound-format.ts';

/** The short sounds the game plays. */
export type Cue = 'click' | 'sting' | 'tick' | 'end-good' | 'end-mixed' | 'end-bad';

/** What the game needs from sound. */
export interface SoundBoard {
  /** Note which sound files were built in (no download: files load after the first gesture); never rejects. */
  preload(onProgress?: (done: number, total: number) => void): Promise<void>;
  /** Called on the first user gesture: create the players and start the ambient loop. */
  unlock(): void;
  /** Play a one-shot cue (ignored when muted, locked or missing). */
  play(cue: Cue): void;
  /** Start or stop the ambient room tone loop. */
  setAmbient(on: boolean): void;
  /** Master volume 0..1. */
  setVolume(volume: number): void;
  /** Mute everything. */
  setMuted(muted: boolean): void;
}

/** A sound board that never makes a sound. */
export class SilentSoundBoard implements SoundBoard {
  async preload(onProgress?: (done: number, total: number) => void): Promise<void> {
    onProgress?.(1, 1);
  }
  unlock(): void {}
  play(): void {}
  setAmbient(): void {}
  setVolume(): void {}
  setMuted(): void {}
}

type SoundName = Cue | 'ambient';
const NAMES: readonly SoundName[] = ['ambient', 'click', 'sting', 'tick', 'end-good', 'end-mixed', 'end-bad'];

// Whatever files exist at build time; a missing one is simply absent (silence), never a build error.
// Only their URLs are in the start-up code (as ?url imports): the bytes load when Howler needs them.
const FILES = import.meta.glob('../../../assets/audio/*.mp3', {
  eager: true,
  query: '?url',
  import: 'default',
}) as Record<string, string>;

function urlFor(name: SoundName): string | undefined {
  const hit = Object.entries(FILES).find(([path]) => path.endsWith(`/${name}.${SOUND_FORMAT}`));
  return hit?.[1];
}

interface Player {
  play(): number;
  stop(): unknown;
  playing(): boolean;
  volume(v: number): unknown;
}

/** Howler-backed sound board; degrades to silence file by file. */
export class HowlerSoundBoard implements SoundBoard {
  private available = new Map<SoundName, string>();
  private players = new Map<SoundName, Player>();
  private unlocked = false;
  private ambientWanted = false;
  private muted = false;
  private volume = 0.7;
  private howler: typeof import('howler') | undefined;

  async preload(onProgress?: (done: number, total: number) => void): Promise<void> {
    // Nothing to fetch before the title: a file that fails to load later just stays silent (onloaderror).
    for (const name of NAMES) {
      const url = urlFor(name);
      if (url) this.available.set(name, url);
    }
    onProgress?.(NAMES.length, NAMES.length);
  }

  unlock(): void {
    if (this.unlocked) return;
    this.unlocked = true;
    import('howler')
      .then((mod) => {
        this.howler = mod;
        mod.Howler.volume(this.volume);
        mod.Howler.mute(this.muted);
        for (const [name, url] of this.available) {
          try {
            const ambient = name === 'ambient';
            const howl = new mod.Howl({
              src: [url],
              format: [SOUND_FORMAT],
              // The ambient file holds two periods: loop one, clear of the encoder's edges.
              ...(ambient ? { sprite: { loop: [AMBIENT_LOOP.startMs, AMBIENT_LOOP.durationMs, true] } } : {}),
              volume: ambient ? 0.35 : name === 'tick' ? 0.5 : 0.8,
              onloaderror: () => this.players.delete(name),
              onplayerror: () => undefined,
            });
            this.players.set(
              name,
              ambient
                ? {
                    play: () => howl.play('loop'),
                    stop: () => howl.stop(),
                    playing: () => howl.playing(),
                    volume: (v: number) => howl.volume(v),
                  }
                : howl,
            );
          } catch {
            /* no audio device: stay silent */
          }
        }
        if (this.ambientWanted) this.setAmbient(true);
      })
      .catch(() => {
        /* Howler failed to load: silence */
      });
  }

  play(cue: Cue): void {
    if (this.muted) return;
    try {
      this.players.get(cue)?.play();
    } catch {
      /* ignore: silence */
    }
  }

  setAmbient(on: boolean): void {
    this.ambientWanted = on;
    const p = this.players.get('ambient');
    if (!p) return;
    try {
      if (on && !p.playing()) p.play();
      if (!on && p.playing()) p.stop();
    } catch {
      /* ignore: silence */
    }
  }

  setVolume(volume: number): void {
    this.volume = volume;
    try {
      this.howler?.Howler.volume(volume);
    } catch {
      /* ignore */
    }
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    try {
      this.howler?.Howler.mute(muted);
    } catch {
      /* ignore */
    }
  }
}

/** The sound board for this page: silent without Web Audio or with `?silent` in the URL. */
export function createSoundBoard(): SoundBoard {
  const silent = new URLSearchParams(globalThis.location?.search ?? '').has('silent');
  const hasAudio =
    typeof globalThis.AudioContext !== 'undefined' ||
    typeof (globalThis as { webkitAudioContext?: unknown }).webkitAudioContext !== 'undefined';
  return silent || !hasAudio ? new SilentSoundBoard() : new HowlerSoundBoard();
}
