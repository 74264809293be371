/**
 * What every action reads first: the region, how to get credentials, and where each product's
 * API lives. An endpoint override comes from the action input or, failing that, from
 * `ALIBABA_CLOUD_<PRODUCT>_ENDPOINT` (the emulator, a VPC endpoint); the input wins.
 */
import { ENDPOINT_EXPECTED, parseEndpoint } from '../clients/endpoint.js';
import { readCredentialOptions, STS_ENDPOINT_ENV, type CredentialOptions } from '../credentials.js';
import { InputError } from '../errors.js';
import type { InputReader } from '../inputs.js';

export const PRODUCTS = ['oss', 'eas', 'dlc', 'cms'] as const;
export type Product = (typeof PRODUCTS)[number];

export const endpointInput = (product: Product | 'sts') => `${product}-endpoint`;
export const endpointEnv = (product: Product | 'sts') => `ALIBABA_CLOUD_${product.toUpperCase()}_ENDPOINT`;

export interface Connection {
  region: string;
  credentials: CredentialOptions;
  /** Overrides by product; a product left out uses the cloud's regional endpoint. */
  endpoints: Partial<Record<Product, string>>;
  /** How long one request may take before it is abandoned (and retried); unset = each client's default. */
  requestTimeoutMs?: number;
}

// Region ids are lowercase words joined by hyphens (cn-hangzhou, ap-southeast-1, us-west-1).
const REGION = /^[a-z]{2,}(-[a-z0-9]+){1,3}$/;
const REGION_EXPECTED = 'an Alibaba Cloud region id such as cn-hangzhou or ap-southeast-1';

/**
 * Reads region, credential inputs and the endpoint overrides of the products this action calls,
 * validated before any API call. `env` is the process environment (a parameter so tests need
 * not touch process.env).
 */
export function readConnection(
  inputs: InputReader,
  products: readonly Product[],
  env: NodeJS.ProcessEnv = process.env,
): Connection {
  const region =
    inputs.string('region', { pattern: REGION, description: REGION_EXPECTED }) ??
    checkRegionEnv(env['ALIBABA_CLOUD_REGION_ID']) ??
    'cn-hangzhou';
  const credentials = readCredentialOptions(inputs);
  credentials.region = region;
  credentials.stsEndpoint ??= readEndpoint(inputs, 'sts', env);
  const endpoints: Partial<Record<Product, string>> = {};
  for (const product of products) {
    const endpoint = readEndpoint(inputs, product, env);
    if (endpoint) endpoints[product] = endpoint;
  }
  const requestTimeoutMs = inputs.duration(REQUEST_TIMEOUT_INPUT, { min: 1_000, max: 10 * 60_000 });
  return { region, credentials, endpoints, ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }) };
}

// A hung connection must cost one timeout and a retry, not the job's whole time budget; the
// bound is the user's when their network (a proxy, a far region) needs a longer or shorter one.
export const REQUEST_TIMEOUT_INPUT = 'request-timeout';

function readEndpoint(inputs: InputReader, product: Product | 'sts', env: NodeJS.ProcessEnv): string | undefined {
  const input = endpointInput(product);
  const fromInput = inputs.string(input);
  if (fromInput !== undefined) {
    if (!parseEndpoint(fromInput)) throw new InputError(input, fromInput, ENDPOINT_EXPECTED);
    return fromInput;
  }
  const variable = product === 'sts' ? STS_ENDPOINT_ENV : endpointEnv(product);
  const fromEnv = env[variable]?.trim();
  if (!fromEnv) return undefined;
  if (!parseEndpoint(fromEnv)) throw new InputError(`env ${variable}`, fromEnv, ENDPOINT_EXPECTED);
  return fromEnv;
}

function checkRegionEnv(value: string | undefined): string | undefined {
  const region = value?.trim();
  if (!region) return undefined;
  if (!REGION.test(region)) throw new InputError('env ALIBABA_CLOUD_REGION_ID', region, REGION_EXPECTED);
  return region;
}
