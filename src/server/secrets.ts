/** Secrets of a live session: random tokens, and the sha256 hashes that are all the log keeps of them. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** sha256 hex of a secret (only hashes are logged). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A random URL-safe secret or id of `bytes` bytes. */
export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** Whether `secret` hashes to `hash` (compared in constant time). */
export function matchesHash(secret: string, hash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
