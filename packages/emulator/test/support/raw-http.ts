/**
 * Requests as bytes on the wire, for tests that must send what no SDK would (malformed encodings,
 * odd headers, nested or oversized bodies), optionally signed so they get past the signature check
 * and reach the products' handlers.
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { acs3CanonicalRequest, ACS3_ALGORITHM } from '../../src/auth/acs3.js';
import { hmac, sha256Hex } from '../../src/auth/digests.js';
import { ossV1StringToSign } from '../../src/auth/oss-v1.js';
import { decodeComponent, splitRawUrl } from '../../src/auth/signed-request.js';
import { resolveAddresses } from '../../src/products/oss/address.js';

export interface RawRequest {
  method: string;
  /** Path and query exactly as sent. */
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface Keys {
  accessKeyId: string;
  accessKeySecret: string;
}

/** Sends one request on a fresh connection; rejects on a reset or after `timeoutMs`. */
export function sendRaw(baseUrl: string, raw: RawRequest, timeoutMs = 10_000): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      {
        host: url.hostname,
        port: url.port,
        method: raw.method,
        path: raw.path,
        headers: { ...raw.headers, 'content-length': String(raw.body.length) },
        agent: false,
        rejectUnauthorized: false,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer to ${raw.method} ${raw.path} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(raw.body);
  });
}

/** Adds the ACS3-HMAC-SHA256 headers openapi-core would, signing every x-acs-* header present. */
export function signAcs3(raw: RawRequest, keys: Keys, host: string): RawRequest {
  const headers: Record<string, string> = {
    ...raw.headers,
    host,
    'x-acs-date': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': randomUUID(),
    'x-acs-content-sha256': sha256Hex(raw.body),
  };
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const signed = Object.keys(lower)
    .filter((name) => name === 'host' || name.startsWith('x-acs-'))
    .sort();
  const canonical = acs3CanonicalRequest(
    { method: raw.method, rawUrl: raw.path, headers: lower, body: raw.body },
    signed,
    lower['x-acs-content-sha256']!,
  );
  const signature = hmac('sha256', keys.accessKeySecret, `${ACS3_ALGORITHM}\n${sha256Hex(canonical)}`).toString('hex');
  lower['authorization'] =
    `${ACS3_ALGORITHM} Credential=${keys.accessKeyId},SignedHeaders=${signed.join(';')},Signature=${signature}`;
  return { ...raw, headers: lower };
}

/** Adds an OSS V1 header signature for the bucket and key the emulator will read from path and Host. */
export function signOssV1(raw: RawRequest, keys: Keys, host: string): RawRequest {
  const headers: Record<string, string> = { host, ...lowerCased(raw.headers), 'x-oss-date': new Date().toUTCString() };
  const address = resolveAddresses(decodeComponent(splitRawUrl(raw.path).path, false), headers['host'])[0]!;
  const stringToSign = ossV1StringToSign(
    { method: raw.method, rawUrl: raw.path, headers, body: raw.body },
    headers['x-oss-date']!,
    address.bucket,
    address.key,
  );
  const signature = hmac('sha1', keys.accessKeySecret, stringToSign).toString('base64');
  return { ...raw, headers: { ...headers, authorization: `OSS ${keys.accessKeyId}:${signature}` } };
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
