import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import { GITHUB_ISSUER } from '../../seed.js';
import { nameTable } from '../../names.js';
import type { StateStore } from '../../store.js';
import type { RunClaims } from './claims.js';

/**
 * The issuer's signing key and its registered run contexts, kept in the state store so tokens
 * issued before a restart still verify after it.
 */
export interface IssuerState {
  signingKey?: { privateKeyPem: string; kid: string };
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN values → the run they stand for. */
  requestTokens: Record<string, RunClaims>;
}

export interface SigningKey {
  privateKey: KeyObject;
  kid: string;
  jwks: JSONWebKeySet;
}

const cache = new WeakMap<StateStore, SigningKey>();

export function issuerState(store: StateStore): IssuerState {
  const state = store.slice<IssuerState>('oidc', () => ({ requestTokens: nameTable() }));
  if (Object.getPrototypeOf(state.requestTokens) !== null) state.requestTokens = nameTable(state.requestTokens);
  return state;
}

/** The RS256 key of this emulator's issuer, made on first use. */
export function signingKey(store: StateStore): SigningKey {
  const cached = cache.get(store);
  if (cached) return cached;
  const state = issuerState(store);
  if (!state.signingKey) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    state.signingKey = {
      privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      kid: randomBytes(16).toString('hex').toUpperCase(),
    };
    store.changed('oidc', 'signingKey');
  }
  const privateKey = createPrivateKey(state.signingKey.privateKeyPem);
  const { kid } = state.signingKey;
  const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const key: SigningKey = { privateKey, kid, jwks: { keys: [{ ...publicJwk, kid, alg: 'RS256', use: 'sig' }] } };
  cache.set(store, key);
  return key;
}

/**
 * The keys STS verifies an issuer's tokens with. The emulated issuer carries GitHub's real issuer
 * URL (so RAM provider settings read as in production), which STS cannot fetch; it asks here instead.
 * Undefined = an issuer this emulator does not serve.
 */
export function keysForIssuer(store: StateStore, issuer: string): JSONWebKeySet | undefined {
  return issuer === GITHUB_ISSUER ? signingKey(store).jwks : undefined;
}
