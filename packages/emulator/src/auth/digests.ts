import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hmac(algorithm: 'sha1' | 'sha256', key: string, data: string): Buffer {
  return createHmac(algorithm, key).update(data, 'utf8').digest();
}

/** Compares signatures without leaking, through timing, how many leading characters matched. */
export function constantTimeEqual(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
