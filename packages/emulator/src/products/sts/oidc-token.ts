import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { audienceNotMatch, issuerKeysUnavailable, issuerNotMatch, tokenExpired, tokenInvalid } from './errors.js';

export interface OidcProvider {
  issuerUrl: string;
  clientIds: string[];
}

export interface VerifiedOidcToken {
  iss: string;
  sub: string;
  /** The token's audiences (a JWT may carry one or several). */
  aud: string[];
  iat: number;
  exp: number;
}

/**
 * What STS checks before it looks at the role: the token parses, comes from the provider's issuer,
 * carries a valid signature of that issuer's keys, has not expired on the emulator clock, and is
 * meant for one of the provider's client IDs. Throws the cloud's AuthenticationFail.OIDCToken.* errors.
 */
export async function verifyOidcToken(
  token: string,
  provider: OidcProvider,
  keysFor: (issuer: string) => JSONWebKeySet | undefined,
  now: number,
): Promise<VerifiedOidcToken> {
  let unverified: JWTPayload;
  try {
    unverified = decodeJwt(token);
  } catch {
    throw tokenInvalid('it is not a JSON Web Token');
  }
  if (unverified.iss !== provider.issuerUrl) throw issuerNotMatch();
  const keys = keysFor(provider.issuerUrl);
  if (!keys) throw issuerKeysUnavailable(provider.issuerUrl);

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, createLocalJWKSet(keys), {
      algorithms: ['RS256'],
      currentDate: new Date(now),
    }));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_JWT_EXPIRED') throw tokenExpired();
    // Guess: a token used before its nbf gets the generic Invalid code.
    throw tokenInvalid(
      code === 'ERR_JWT_CLAIM_VALIDATION_FAILED'
        ? 'a time claim does not hold'
        : "the signature does not verify with the issuer's keys",
    );
  }

  const aud = payload.aud === undefined ? [] : typeof payload.aud === 'string' ? [payload.aud] : payload.aud;
  if (!aud.some((audience) => provider.clientIds.includes(audience))) throw audienceNotMatch();
  if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') throw tokenInvalid('sub or exp is missing');
  return { iss: provider.issuerUrl, sub: payload.sub, aud, iat: payload.iat ?? payload.exp, exp: payload.exp };
}
