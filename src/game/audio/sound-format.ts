/**
 * How the game's sounds are stored: written by tools/make-sounds.ts, played by sound-board.ts.
 * MP3 because every browser's Web Audio decodes it; mono, low bit rate, since they are synthesised
 * tones and room noise.
 */

/** The file extension (and Howler format) of the sound files in assets/audio/. */
export const SOUND_FORMAT = 'mp3';

/** Bit rate of the encoded files, kbit/s (MPEG-2 Layer III at 22 050 Hz mono). */
export const SOUND_KBPS = 32;

/**
 * The ambient file holds two periods of a seamless loop; the game loops this window of it (ms),
 * exactly one period long and clear of the encoder's start delay and end padding, so it loops
 * without a gap or click.
 */
export const AMBIENT_LOOP = { startMs: 2000, durationMs: 4000 } as const;
