import { SignatureError, type SignatureMismatchDetails } from './errors.js';

/*
 * Authentication errors of the OpenAPI gateway (EAS, DLC, CMS, STS), with the cloud's codes and statuses.
 * Sources: the common client error table (help.aliyun.com/document_detail/51132.html) and
 * developer.aliyun.com/ask/278265 list InvalidAccessKeyId.NotFound 404, IncompleteSignature 400,
 * IllegalTimestamp 400, InvalidTimeStamp.Format 400, InvalidTimeStamp.Expired 400 (15 minutes),
 * SignatureNonceUsed 400, InvalidSignatureMethod 400 and SignatureDoesNotMatch 400 with the message
 * "Specified signature is not matched with our calculation."; real replies append
 * " server string to sign is:..." (github.com/h46incon/AliDDNSBash/issues/4).
 * Guesses are marked where they are made.
 */

export function missingParameter(name: string): SignatureError {
  // Guess: the documented `Missing{ParameterName}` pattern ("{ParameterName} is mandatory for this action.", 400).
  return new SignatureError(400, `Missing${name}`, `${name} is mandatory for this action.`);
}

export function incompleteSignature(reason: string): SignatureError {
  return new SignatureError(
    400,
    'IncompleteSignature',
    `The request signature does not conform to Aliyun standards. ${reason}`,
  );
}

export function invalidSignatureMethod(method: string): SignatureError {
  return new SignatureError(400, 'InvalidSignatureMethod', `Specified signature method is not valid: ${method}`);
}

export function illegalTimestamp(): SignatureError {
  return new SignatureError(
    400,
    'IllegalTimestamp',
    'The input parameter "Timestamp" that is mandatory for processing this request is not supplied.',
  );
}

export function malformedTimestamp(): SignatureError {
  return new SignatureError(
    400,
    'InvalidTimeStamp.Format',
    'Specified time stamp or date value is not well formatted.',
  );
}

export function expiredTimestamp(): SignatureError {
  return new SignatureError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
}

export function accessKeyNotFound(): SignatureError {
  // 404 per the common table; a few product pages (DNS, EMAS) list 400 for the same code.
  return new SignatureError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
}

export function signatureMismatch(details: SignatureMismatchDetails): SignatureError {
  return new SignatureError(
    400,
    'SignatureDoesNotMatch',
    `Specified signature is not matched with our calculation. server string to sign is:${details.stringToSign}`,
    details,
  );
}

export function contentHashMismatch(): SignatureError {
  // Guess: the cloud's exact reply is unknown; a body that differs from the signed hash is a signature mismatch.
  return new SignatureError(
    400,
    'SignatureDoesNotMatch',
    'Specified signature is not matched with our calculation: x-acs-content-sha256 does not match the request body.',
  );
}

/**
 * Guess: the gateway's answer when one AccessKey signs more requests within the timestamp window
 * than the emulator remembers nonces for; throttling, so clients back off and retry.
 */
export function tooManyNonces(): SignatureError {
  return new SignatureError(
    429,
    'Throttling.User',
    'Request was denied due to user flow control: too many requests signed with this AccessKey within 15 minutes.',
  );
}

export function nonceUsed(): SignatureError {
  return new SignatureError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
}
