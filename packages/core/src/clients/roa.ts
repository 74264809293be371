import * as OpenApiNs from '@alicloud/openapi-core';
import * as $dara from '@darabonba/typescript';
import { withRetry, type RetryInfo } from '../retry.js';
import { PaiApiError } from '../errors.js';
import { defaultExport } from './cjs.js';
import { openApiConfig } from './openapi-config.js';
import type { ClientOptions } from './types.js';

const OpenApiClient = defaultExport<typeof OpenApiNs.default.default>(OpenApiNs, '@alicloud/openapi-core');
const { $OpenApiUtil } = OpenApiNs;

/** The product an ROA client talks to: name for errors and retries, API version, default host. */
export interface RoaProduct {
  name: string;
  version: string;
  endpointHost: (region: string) => string;
}

export type QueryValue = string | number | boolean | undefined;

export interface RoaRequest<T> {
  action: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with parameters already inserted through `path` below. */
  pathname: string;
  query?: Record<string, QueryValue>;
  /** Sent as JSON; a string is sent as it is (EAS takes the service spec as a raw JSON string). */
  body?: unknown;
  /** See RetryOptions.idempotent: only idempotent requests are repeated after 5xx or resets. */
  idempotent: boolean;
  /** For creates: finds the result of an attempt that may have been applied (see withRetry). */
  alreadyApplied?: () => Promise<T | undefined>;
  /** Told of each retry of this request, besides the client-wide ClientOptions.onRetry. */
  onRetry?: (info: RetryInfo) => void;
}

/**
 * Builds a path from a template and values, percent-encoding each value as the generated SDKs
 * do (openapi-core leaves path encoding to the caller).
 */
export function path(strings: TemplateStringsArray, ...values: string[]): string {
  return strings.reduce((out, part, i) => out + part + (i < values.length ? encodePathSegment(values[i]!) : ''), '');
}

export function encodePathSegment(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * An ROA-style OpenAPI client (EAS, DLC) on openapi-core: the same ACS3 signing and error
 * shapes as the generated SDKs, with every call going through the one retry policy.
 */
export class RoaClient {
  private readonly client: InstanceType<typeof OpenApiClient>;

  constructor(
    readonly product: RoaProduct,
    private readonly options: ClientOptions,
  ) {
    this.client = new OpenApiClient(openApiConfig(options, product.endpointHost(options.region)));
  }

  async call<T>(request: RoaRequest<T>): Promise<T> {
    const params = new $OpenApiUtil.Params({
      action: request.action,
      version: this.product.version,
      protocol: 'HTTPS',
      pathname: request.pathname,
      method: request.method,
      authType: 'AK',
      style: 'ROA',
      reqBodyType: 'json',
      bodyType: 'json',
    });
    const query = stringifyQuery(request.query);
    const send = async (): Promise<T> => {
      const openApiRequest = new $OpenApiUtil.OpenApiRequest({
        ...(Object.keys(query).length ? { query } : {}),
        ...(request.body === undefined ? {} : { body: request.body }),
      });
      const response = (await this.client.callApi(params, openApiRequest, new $dara.RuntimeOptions({}))) as {
        body?: unknown;
        statusCode?: number;
        headers?: Record<string, string>;
      };
      this.options.onResponse?.(response.headers ?? {});
      if (response.body === undefined || response.body === null || typeof response.body !== 'object') {
        throw new PaiApiError({
          code: 'InvalidResponse',
          message: `expected a JSON object, got ${typeof response.body}`,
          product: this.product.name,
          action: request.action,
          ...(response.statusCode ? { statusCode: response.statusCode } : {}),
        });
      }
      return response.body as T;
    };
    return withRetry(send, {
      product: this.product.name,
      action: request.action,
      idempotent: request.idempotent,
      ...(this.options.retryPolicy ? { policy: this.options.retryPolicy } : {}),
      ...(this.options.onRetry || request.onRetry
        ? {
            onRetry: (info: RetryInfo) => {
              this.options.onRetry?.(info);
              request.onRetry?.(info);
            },
          }
        : {}),
      ...(request.alreadyApplied ? { alreadyApplied: request.alreadyApplied } : {}),
    });
  }
}

function stringifyQuery(query: Record<string, QueryValue> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) out[key] = String(value);
  return out;
}
