/**
 * A QR code of a replay link, as an SVG path of its dark modules (no HTML, no canvas, no data
 * URL). `qrcode` is imported on first use only, so it stays off the title screen's start-up.
 */

/** The most bytes a QR code holds (version 40, low error correction, byte mode). */
export const QR_MAX_BYTES = 2953;

/** A QR code ready to draw: `size` modules square, `path` the dark modules in module units. */
export type QrResult = { ok: true; size: number; path: string } | { ok: false; bytes: number; message: string };

/** The QR code of a text, or why it cannot be one (too long for any QR code). */
export async function qrCodeOf(text: string): Promise<QrResult> {
  const bytes = new TextEncoder().encode(text).length;
  const tooLong = {
    ok: false as const,
    bytes,
    message: `This link is too long for a QR code (${bytes.toLocaleString('en')} characters; a QR code holds at most ${QR_MAX_BYTES.toLocaleString('en')}). Hand in the file instead.`,
  };
  if (bytes > QR_MAX_BYTES) return tooLong;
  const { create } = await import('qrcode');
  let qr;
  try {
    qr = create(text, { errorCorrectionLevel: 'L' });
  } catch {
    return tooLong;
  }
  const m = qr.modules;
  const parts: string[] = [];
  for (let row = 0; row < m.size; row++)
    for (let col = 0; col < m.size; col++) if (m.get(row, col)) parts.push(`M${col} ${row}h1v1h-1z`);
  return { ok: true, size: m.size, path: parts.join('') };
}
