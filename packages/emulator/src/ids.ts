import { randomBytes, randomUUID } from 'node:crypto';

export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

/** Lower-case alphanumeric id with a product prefix, like the cloud's `dlc1a2b3c…` or `eas-m-…`. */
export function newId(prefix: string, length = 16): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length);
  let id = '';
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return prefix + id;
}

export function newSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}
