import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeComponent, parseQuery, splitRawUrl } from '../auth/signed-request.js';
import { newRequestId } from '../ids.js';
import type { BodyBudget } from './body-budget.js';
import { jsonNestingDepth, MAX_JSON_DEPTH } from './json-depth.js';

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
  /** Set when the body was refused (and not read): the product answers with its own error. */
  refused?: BodyRefusal;
  /** The request's socket, so a fault can reset the connection. */
  destroy(): void;
}

/**
 * Why a body was not read: larger than one request may send, or more than the emulator can hold
 * with the bodies already in flight. The body is drained, not buffered, so the product can still
 * answer with its own error instead of a reset connection.
 */
export type BodyRefusal = 'too-large' | 'busy';

/**
 * Reads the request in full within the body budget; undefined when the connection went away
 * first. A refused body leaves `refused` set and `body` empty. Whatever the body holds of the
 * budget goes back once the answer is sent.
 */
export async function readIncoming(
  req: IncomingMessage,
  res: ServerResponse,
  budget: BodyBudget,
  maxBytes = budget.limits.requestBodyBytes,
): Promise<Incoming | undefined> {
  const limit = Math.min(maxBytes, budget.limits.requestBodyBytes);
  const body = await readBody(req, res, budget, limit);
  if (body === undefined) return undefined;
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
    body: typeof body === 'string' ? Buffer.alloc(0) : body,
    ...(typeof body === 'string' ? { refused: body } : {}),
    destroy: () => req.socket.destroy(),
  };
}

/** The body alone, within the budget (for handlers that read no more of the request); undefined = aborted. */
export async function readBody(
  req: IncomingMessage,
  res: ServerResponse,
  budget: BodyBudget,
  limit: number,
): Promise<Buffer | BodyRefusal | undefined> {
  let held = 0;
  res.once('close', () => budget.release(held));
  const giveBack = () => {
    budget.release(held);
    held = 0;
  };
  const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
  let refused: BodyRefusal | undefined;
  if (declared !== undefined && declared > limit) refused = 'too-large';
  else if (declared !== undefined && !budget.reserve(declared)) refused = 'busy';
  else held = declared ?? 0;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (refused) continue; // drained, so the client reads an answer rather than a reset
      if (size > limit) refused = 'too-large';
      else if (size > held && !budget.reserve(size - held)) refused = 'busy';
      if (refused) {
        chunks.length = 0;
        giveBack();
        continue;
      }
      held = Math.max(held, size);
      chunks.push(chunk);
    }
  } catch {
    return undefined;
  }
  if (refused) {
    giveBack();
    return refused;
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

/** Reads the request, or drops the connection when it cannot be read (aborted). */
export async function readOrDrop(
  req: IncomingMessage,
  res: ServerResponse,
  budget: BodyBudget,
  maxBytes?: number,
): Promise<Incoming | undefined> {
  const incoming = await readIncoming(req, res, budget, maxBytes);
  if (!incoming) res.destroy();
  return incoming;
}

/**
 * Decoded query (or form) fields by name; a repeated name keeps its last value. Without a
 * prototype, so a field named `constructor` or `__proto__` is just a field.
 */
export function queryObject(raw: string): Record<string, string> {
  const fields = Object.create(null) as Record<string, string>;
  for (const [name, value] of parseQuery(raw)) fields[name] = value;
  return fields;
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

/** Parses a JSON or form body for logging and for handlers; never throws. JSON nested too deep stays text. */
export function parseBody(incoming: Incoming): unknown {
  if (incoming.body.length === 0) return undefined;
  const type = header(incoming, 'content-type') ?? '';
  const text = incoming.body.toString('utf8');
  if (type.includes('application/x-www-form-urlencoded')) return queryObject(text);
  if (isJson(type, text)) {
    if (jsonNestingDepth(text) > MAX_JSON_DEPTH) return text.slice(0, 200);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text.slice(0, 200);
    }
  }
  return type.startsWith('text/') || type.includes('xml') ? text.slice(0, 200) : `<${incoming.body.length} bytes>`;
}

function isJson(type: string, text: string): boolean {
  return type.includes('json') || /^\s*[[{]/.test(text);
}

/** A JSON body nested deeper than the emulator parses: the pipelines answer 400 naming the limit. */
export function nestingProblem(incoming: Incoming): string | undefined {
  if (incoming.body.length === 0) return undefined;
  const text = incoming.body.toString('utf8');
  if (!isJson(header(incoming, 'content-type') ?? '', text)) return undefined;
  const depth = jsonNestingDepth(text);
  return depth > MAX_JSON_DEPTH
    ? `The request body nests ${depth} levels deep; at most ${MAX_JSON_DEPTH} are allowed.`
    : undefined;
}
