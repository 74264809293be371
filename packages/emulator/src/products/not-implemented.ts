import type { RequestHandler } from '../http/listener.js';

export function notImplemented(product: string): RequestHandler {
  return (_req, res) => {
    res.writeHead(501, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ Code: 'NotImplemented', Message: `${product} is not emulated yet` }));
  };
}
