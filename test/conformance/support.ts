/**
 * The wire checks every conformance table shares: what a client call put in the emulator's request
 * log, and whether that request has the documented method, path and field names.
 */
import { expect } from '@jest/globals';
import type { AdminClient, LoggedRequest } from '../../packages/emulator/src/index.js';

/** The requests of `product` that `call` sent (the log's sequence numbers are global and rising). */
export async function requestsSentBy(
  admin: AdminClient,
  product: string,
  call: () => Promise<unknown>,
): Promise<LoggedRequest[]> {
  const since = (await admin.requests({ product })).at(-1)?.seq ?? 0;
  await call();
  return admin.requests({ product, sinceSeq: since });
}

/** The one request `call` sent: a client that retried or sent nothing fails here. */
export async function oneRequestSentBy(
  admin: AdminClient,
  product: string,
  call: () => Promise<unknown>,
): Promise<LoggedRequest> {
  const sent = await requestsSentBy(admin, product, call);
  expect(sent).toHaveLength(1);
  return sent[0]!;
}

export interface WireShape {
  action: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** Query field names exactly (the client sends no others). */
  query: string[];
  /** Body field names exactly; undefined = no body. */
  body?: string[] | undefined;
}

/** A row of an operation table: the documented shape and the client call that should produce it. */
export interface WireRow<Client> extends WireShape {
  call: (client: Client) => Promise<unknown>;
  /** Further checks on the values (nested names, JSON-encoded fields and the like). */
  values?: (sent: { query: Record<string, string>; body: unknown }) => void;
}

/** The request was answered 200 and carried exactly the expected method, path and field names. */
export function expectWireShape(request: LoggedRequest, expected: WireShape): void {
  expect(request.action).toBe(expected.action);
  expect(request.status).toBe(200);
  expect(request.method).toBe(expected.method);
  expect(request.path).toBe(expected.path);
  expect(Object.keys(request.query).sort()).toEqual([...expected.query].sort());
  if (expected.body === undefined) {
    expect(request.body).toBeUndefined();
  } else {
    expect(Object.keys(request.body as object).sort()).toEqual([...expected.body].sort());
  }
}
