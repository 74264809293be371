import type { FaultRule, FaultSpec } from './faults.js';
import type { LoggedRequest } from './request-log.js';

/** Typed access to the emulator's admin API, for tests, the demo and the workflow runner. */
export class AdminClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const payload = (await response.json()) as T & { error?: string };
    if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status} ${payload.error ?? ''}`);
    return payload;
  }

  injectFault(spec: FaultSpec): Promise<{ fault: FaultRule }> {
    return this.call('POST', '/faults', spec);
  }

  clearFaults(): Promise<unknown> {
    return this.call('DELETE', '/faults');
  }

  advanceClock(ms: number): Promise<{ nowMs: number; speed: number }> {
    return this.call('POST', '/clock', { advanceMs: ms });
  }

  setClockSpeed(speed: number): Promise<{ nowMs: number; speed: number }> {
    return this.call('POST', '/clock', { speed });
  }

  clock(): Promise<{ nowMs: number; speed: number }> {
    return this.call('GET', '/clock');
  }

  async requests(filter: { product?: string; action?: string; sinceSeq?: number } = {}): Promise<LoggedRequest[]> {
    const query = new URLSearchParams(Object.entries(filter).map(([k, v]): [string, string] => [k, String(v)]));
    return (await this.call<{ requests: LoggedRequest[] }>('GET', `/requests?${query}`)).requests;
  }

  /** Every secret the emulator has handed out (keys, STS tokens, ID tokens, EAS tokens). */
  async issuedSecrets(): Promise<string[]> {
    return (await this.call<{ secrets: string[] }>('GET', '/secrets')).secrets;
  }

  /** Creates a RAM user with the named policies and returns its new access key. */
  createUser(name: string, policies: string[]): Promise<{ accessKeyId: string; accessKeySecret: string }> {
    return this.call('POST', '/ram/users', { name, policies });
  }

  putPolicy(name: string, document: unknown): Promise<unknown> {
    return this.call('POST', '/ram/policies', { name, document });
  }
}
