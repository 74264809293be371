import type { RetryInfo, RetryPolicy } from '../retry.js';

/** Credentials as every client takes them: a RAM key pair, or STS temporary credentials. */
export interface CloudCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface ClientOptions {
  credentials: CloudCredentials;
  region: string;
  /** Overrides the product's regional endpoint: `https://host`, `http://127.0.0.1:8080` or a bare host. */
  endpoint?: string;
  retryPolicy?: RetryPolicy;
  onRetry?: (info: RetryInfo) => void;
  /** Per-request read timeout, ms. */
  timeoutMs?: number;
  /** Told the headers of every answer (the server's `Date` feeds the actions' ServerClock). */
  onResponse?: (headers: ResponseHeaders) => void;
}

export type ResponseHeaders = Record<string, string | string[] | undefined>;
