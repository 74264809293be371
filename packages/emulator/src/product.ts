import type { FailureAnswer, RequestHandler } from './http/listener.js';

/** One emulated product: what its listener serves, and what it adds to the admin API. */
export interface ProductModule {
  name: string;
  handler: RequestHandler;
  /** The product's 500 when its handler fails unexpectedly; default a plain JSON error. */
  failure?: FailureAnswer;
  /** Serve over TLS too (STS: @alicloud/credentials hard-codes https for AssumeRoleWithOIDC); may still be generating. */
  tls?: { key: string; cert: string } | Promise<{ key: string; cert: string }>;
  /** Extra fields for the start-up line (e.g. the CA certificate path). */
  info?(): Record<string, unknown>;
  adminRoutes?: AdminRoute[];
  /** Background work (schedulers, runners) starts after every listener is up. */
  start?(): void;
  stop?(): Promise<void> | void;
}

export interface AdminRequest {
  query: Record<string, string>;
  params: Record<string, string>;
  body: Record<string, unknown>;
}

export interface AdminRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under /admin, template like `/eas/services/{ServiceName}/behaviour`. */
  path: string;
  handle: (request: AdminRequest) => unknown;
}
