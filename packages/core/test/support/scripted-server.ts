/** A loopback HTTP server that plays back a script of answers, so real clients meet real failures. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptedAnswer =
  | { status: number; headers?: Record<string, string>; body?: string }
  /** Destroys the socket without answering: the client sees a connection reset. */
  | 'reset'
  /** Never answers (until close): the client's read timeout fires. */
  | 'hang';

export interface ScriptedServer {
  readonly port: number;
  /** Method and URL of every request received so far. */
  readonly requests: string[];
  /** Replaces the script; each request takes the next answer, the last one repeats. */
  play(answers: ScriptedAnswer[]): void;
  close(): Promise<void>;
}

export async function startScriptedServer(): Promise<ScriptedServer> {
  let script: ScriptedAnswer[] = [{ status: 200, body: '{}' }];
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests.push(`${req.method} ${req.url}`);
      const answer = script.length > 1 ? script.shift()! : script[0]!;
      if (answer === 'reset') {
        req.socket.destroy();
        return;
      }
      if (answer === 'hang') {
        return;
      }
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    play(answers) {
      script = [...answers];
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

export function jsonAnswer(status: number, body: object, headers: Record<string, string> = {}): ScriptedAnswer {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
