/**
 * What the verifier tests share: the secret lookups a verifier is handed (the right secret and a
 * wrong one for the same key) and the SignatureError a verification must end in.
 */
import { SignatureError } from '../../../src/auth/errors.js';
import type { SecretLookup } from '../../../src/auth/signed-request.js';
import { AK, SECRET } from './real-clients.js';

export const secrets: SecretLookup = (id) => (id === AK ? SECRET : undefined);
export const wrongSecret: SecretLookup = (id) => (id === AK ? 'not-the-secret' : undefined);

/** The SignatureError `run` throws; anything else it throws, or verifying, fails the test. */
export function signatureFailure(run: () => unknown): SignatureError {
  try {
    run();
  } catch (error) {
    if (error instanceof SignatureError) return error;
    throw error;
  }
  throw new Error('expected a SignatureError, but the request verified');
}
