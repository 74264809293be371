/**
 * Replay protection cannot be flooded away: a caller who signs more requests than the cache holds (a user
 * whose policy denies everything can still sign) does not make the verifier forget another key's
 * nonce while that request's timestamp is still accepted.
 */
import { verifyAcs3 } from '../src/auth/acs3.js';
import { NonceCache } from '../src/auth/nonce-cache.js';
import { signAcs3, type RawRequest } from './support/raw-http.js';

const ADMIN = { accessKeyId: 'TESTadmin', accessKeySecret: 'admin-secret' };
const DENIED = { accessKeyId: 'TESTdenied', accessKeySecret: 'denied-secret' };
const secrets = (id: string) => [ADMIN, DENIED].find((k) => k.accessKeyId === id)?.accessKeySecret;

function signed(keys: typeof ADMIN, body: string): RawRequest & { rawUrl: string } {
  const raw = signAcs3(
    { method: 'POST', path: '/api/v2/services', headers: { 'x-acs-action': 'CreateService' }, body: Buffer.from(body) },
    keys,
    'eas.cn-shanghai.aliyuncs.com',
  );
  return { ...raw, rawUrl: raw.path };
}

function nonceError(request: RawRequest & { rawUrl: string }, nonces: NonceCache, now: Date): string | undefined {
  try {
    verifyAcs3(request, secrets, now, { nonces });
    return undefined;
  } catch (error) {
    return (error as { code: string }).code;
  }
}

test("a captured request stays refused after another key signs twice the cache's capacity in the window", () => {
  const nonces = new NonceCache({ maxPerKey: 500 });
  const now = new Date();
  const captured = signed(ADMIN, '{"name":"svc"}');
  expect(nonceError(captured, nonces, now)).toBeUndefined();

  const codes = new Map<string | undefined, number>();
  for (let i = 0; i < 1_000; i++) {
    const code = nonceError(signed(DENIED, `{"n":${i}}`), nonces, now);
    codes.set(code, (codes.get(code) ?? 0) + 1);
  }
  // Every flooding request is answered (accepted, or throttled once the key's budget is spent).
  expect([...codes.keys()].every((code) => code === undefined || code === 'Throttling.User')).toBe(true);

  expect(nonceError(captured, nonces, new Date(now.getTime() + 60_000))).toBe('SignatureNonceUsed');
});
