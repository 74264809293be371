/**
 * Errors a request verifier throws. They carry the HTTP status and the cloud's error Code so the
 * emulator's server can render the product's own error body (JSON for OpenAPI, XML for OSS).
 */
export class AuthError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
  }
}

/** What the server computed, so a caller can echo it the way the cloud does (OSS puts it in the XML body). */
export interface SignatureMismatchDetails {
  stringToSign: string;
  signatureProvided: string;
  accessKeyId: string;
  /** ACS3 only: the canonical request the string to sign was hashed from. */
  canonicalRequest?: string;
}

/** Any failure to authenticate a signed request: malformed, unknown key, stale, replayed or wrong signature. */
export class SignatureError extends AuthError {
  readonly details: SignatureMismatchDetails | undefined;

  constructor(status: number, code: string, message: string, details?: SignatureMismatchDetails) {
    super(status, code, message);
    this.details = details;
  }
}
