/**
 * A throwaway loopback server that records requests exactly as they arrive (method, raw url, headers,
 * body) and answers just well enough for the real SDK clients to consider the call a success.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SignedRequest } from '../../../src/auth/signed-request.js';

export interface CaptureServer {
  port: number;
  requests: SignedRequest[];
  close(): Promise<void>;
}

export async function startCaptureServer(host = '127.0.0.1'): Promise<CaptureServer> {
  const requests: SignedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const captured: SignedRequest = {
        method: req.method ?? 'GET',
        rawUrl: req.url ?? '/',
        headers: { ...req.headers },
        body: Buffer.concat(chunks),
      };
      requests.push(captured);
      if (String(req.headers.authorization ?? '').startsWith('OSS ')) answerOss(req, res);
      else answerOpenApi(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

function answerOpenApi(res: ServerResponse): void {
  // Covers ROA calls (any JSON) and CMS DescribeMetricList (sdk-wire.md §2).
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({ RequestId: 'req-1', Code: '200', Success: true, Period: '60', Datapoints: '[]', NextToken: '' }),
  );
}

function answerOss(req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '/';
  const common = { 'x-oss-request-id': 'req-1', etag: '"5D41402ABC4B2A76B9719D911017C592"' };
  const xml = (body: string) => {
    res.writeHead(200, { ...common, 'content-type': 'application/xml' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
  };
  if (req.method === 'DELETE') {
    res.writeHead(204, common);
    res.end();
  } else if (req.method === 'POST' && /[?&]delete(=|&|$)/.test(url)) {
    xml('<DeleteResult><Deleted><Key>a</Key></Deleted></DeleteResult>');
  } else if (req.method === 'PUT' && req.headers['x-oss-copy-source'] !== undefined) {
    xml('<CopyObjectResult><ETag>"ABC"</ETag><LastModified>2026-01-01T00:00:00.000Z</LastModified></CopyObjectResult>');
  } else if (req.method === 'GET' && url.includes('list-type=2')) {
    xml(
      '<ListBucketResult><Name>my-bucket</Name><Prefix>dir/</Prefix><MaxKeys>10</MaxKeys><Delimiter></Delimiter>' +
        '<IsTruncated>false</IsTruncated><KeyCount>0</KeyCount></ListBucketResult>',
    );
  } else if (req.method === 'GET' || req.method === 'HEAD') {
    res.writeHead(200, { ...common, 'content-type': 'text/plain', 'content-length': '5', 'x-oss-meta-owner': 'me' });
    res.end(req.method === 'GET' ? 'hello' : undefined);
  } else {
    res.writeHead(200, common);
    res.end();
  }
}
