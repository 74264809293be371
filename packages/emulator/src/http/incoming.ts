import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeComponent, parseQuery, splitRawUrl } from '../auth/signed-request.js';
import { newRequestId } from '../ids.js';

/** A request read in full, with its raw URL kept for signature checks. */
export interface Incoming {
  requestId: string;
  method: string;
  rawUrl: string;
  rawPath: string;
  rawQuery: string;
  pathname: string; // percent-decoded path
  query: Record<string, string>; // decoded; `+` is a space
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The request's socket, so a fault can reset the connection. */
  destroy(): void;
}

export async function readIncoming(req: IncomingMessage, maxBytes = 512 * 1024 * 1024): Promise<Incoming> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new Error(`request body exceeds ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  const rawUrl = req.url ?? '/';
  const { path: rawPath, query: rawQuery } = splitRawUrl(rawUrl);
  return {
    requestId: newRequestId(),
    method: (req.method ?? 'GET').toUpperCase(),
    rawUrl,
    rawPath,
    rawQuery,
    pathname: decodeComponent(rawPath, false),
    query: queryObject(rawQuery),
    headers: req.headers,
    body: Buffer.concat(chunks),
    destroy: () => req.socket.destroy(),
  };
}

/** Reads the request, or drops the connection when it cannot be read (oversized, aborted). */
export async function readOrDrop(
  req: IncomingMessage,
  res: ServerResponse,
  maxBytes?: number,
): Promise<Incoming | undefined> {
  try {
    return await readIncoming(req, maxBytes);
  } catch {
    res.destroy();
    return undefined;
  }
}

/** Decoded query (or form) fields by name; a repeated name keeps its last value. */
export function queryObject(raw: string): Record<string, string> {
  return Object.fromEntries(parseQuery(raw));
}

export function header(incoming: Pick<Incoming, 'headers'>, name: string): string | undefined {
  const value = incoming.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export interface Outgoing {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export function send(res: ServerResponse, out: Outgoing): void {
  const body = out.body ?? '';
  res.writeHead(out.status, { 'content-length': String(Buffer.byteLength(body)), ...out.headers });
  res.end(body);
}

/** Parses a JSON or form body for logging and for handlers; never throws. */
export function parseBody(incoming: Incoming): unknown {
  if (incoming.body.length === 0) return undefined;
  const type = header(incoming, 'content-type') ?? '';
  const text = incoming.body.toString('utf8');
  if (type.includes('application/x-www-form-urlencoded')) return queryObject(text);
  if (type.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text.slice(0, 200);
    }
  }
  return type.startsWith('text/') || type.includes('xml') ? text.slice(0, 200) : `<${incoming.body.length} bytes>`;
}
