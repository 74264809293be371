import { AuthError, SignatureError } from '../../auth/errors.js';
import { ServiceError } from '../../errors.js';
import { MalformedEncoding } from '../../http/encoding.js';
import { buildXml } from './xml.js';

/**
 * OSS errors: an HTTP status, the cloud's Code and the extra elements OSS adds to its XML
 * `<Error>` body (Key, BucketName, StringToSign…). Codes, statuses and messages follow the OSS
 * error-code reference (help.aliyun.com "OSS error codes"); guesses are marked.
 */
export class OssError extends ServiceError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly details: Record<string, string> = {},
    headers: Record<string, string> = {},
  ) {
    super(status, code, message, headers);
    this.name = 'OssError';
  }
}

export const noSuchBucket = (bucket: string) =>
  new OssError(404, 'NoSuchBucket', 'The specified bucket does not exist.', { BucketName: bucket });

export const noSuchKey = (key: string) =>
  new OssError(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });

export const invalidArgument = (message: string, name?: string, value?: string) =>
  new OssError(400, 'InvalidArgument', message, {
    ...(name === undefined ? {} : { ArgumentName: name }),
    ...(value === undefined ? {} : { ArgumentValue: value }),
  });

export const invalidDigest = (provided: string) =>
  new OssError(400, 'InvalidDigest', 'The Content-MD5 you specified is not valid.', { 'Content-MD5': provided });

export const malformedXml = (reason: string) =>
  new OssError(
    400,
    'MalformedXML',
    `The XML you provided was not well-formed or did not validate against our published schema: ${reason}`,
  );

/**
 * OSS's answer to a body over its size limit (OSS error codes: EntityTooLarge, 400). The cloud's
 * limit for PutObject is 5 GB; the emulator holds bodies in memory, so its limit is lower.
 */
export const entityTooLarge = (maxBytes: number) =>
  new OssError(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.', {
    MaxSizeAllowed: String(maxBytes),
  });

/** Too many bytes in flight: OSS's "service is busy" answer (OSS error codes: ServiceUnavailable, 503). */
export const serviceBusy = () =>
  new OssError(503, 'ServiceUnavailable', 'Please reduce your request rate.', {}, { 'retry-after': '1' });

export const internalError = () =>
  new OssError(500, 'InternalError', 'We encountered an internal error. Please try again.');

/** OSS error codes: MethodNotAllowed (405), a method the resource has no operation for. */
export const methodNotAllowed = (method: string) =>
  new OssError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', {
    Method: method,
  });

export const notImplemented = (what: string) =>
  // Guess: the emulator's answer for operations it does not serve; OSS itself knows them.
  new OssError(501, 'NotImplemented', `${what} is not implemented by the emulator.`);

/** Any thrown value as the OSS error the client gets; signature mismatches echo what the server signed, as OSS does. */
export function toOssError(error: unknown): OssError {
  if (error instanceof OssError) return error;
  if (error instanceof SignatureError && error.details) {
    const { stringToSign, signatureProvided, accessKeyId } = error.details;
    return new OssError(error.status, error.code, error.message, {
      OSSAccessKeyId: accessKeyId,
      SignatureProvided: signatureProvided,
      StringToSign: stringToSign,
      StringToSignBytes: [...Buffer.from(stringToSign, 'utf8')].map((b) => b.toString(16).padStart(2, '0')).join(' '),
    });
  }
  if (error instanceof AuthError || error instanceof ServiceError) {
    return new OssError(
      error.status,
      error.code,
      error.message,
      {},
      error instanceof ServiceError ? error.headers : {},
    );
  }
  if (error instanceof MalformedEncoding) return invalidArgument(error.message, error.parameter, error.raw);
  console.error('[emulator] unexpected OSS error:', error);
  return internalError();
}

export function errorXml(error: OssError, requestId: string, hostId: string): string {
  return buildXml('Error', {
    Code: error.code,
    Message: error.message,
    RequestId: requestId,
    HostId: hostId,
    ...error.details,
  });
}
