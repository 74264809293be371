/**
 * The cloud clients an action uses, made on first use with one set of credentials and one
 * server clock. Each client module (and the SDK under it) is imported lazily, so an action pays
 * start-up only for the products it calls: the generated SDKs take hundreds of milliseconds to load.
 */
import type { ClientOptions } from '../clients/types.js';
import { resolveCredentials, type ResolvedCredentials } from '../credentials.js';
import type { RetryInfo } from '../retry.js';
import type { Connection, Product } from './connection.js';
import { ServerClock } from './server-clock.js';

export class CloudClients {
  /** The cloud's time, learned from the Date header of every answer (see ServerClock). */
  readonly clock = new ServerClock();
  private credentials: Promise<ResolvedCredentials> | undefined;
  private readonly made = new Map<Product, Promise<unknown>>();

  constructor(
    readonly connection: Connection,
    private readonly onRetry?: (info: RetryInfo) => void,
  ) {}

  resolveCredentials(): Promise<ResolvedCredentials> {
    this.credentials ??= resolveCredentials(this.connection.credentials);
    return this.credentials;
  }

  /**
   * The client of `product`, made once. Callers pass a factory from ./products.ts, so a bundle
   * holds only the clients its action imports.
   */
  client<T>(product: Product, create: (options: ClientOptions) => Promise<T>): Promise<T> {
    let client = this.made.get(product) as Promise<T> | undefined;
    if (!client) {
      client = this.resolveCredentials().then((credentials) =>
        create({
          credentials,
          region: this.connection.region,
          ...(this.connection.endpoints[product] ? { endpoint: this.connection.endpoints[product] } : {}),
          ...(this.connection.requestTimeoutMs ? { timeoutMs: this.connection.requestTimeoutMs } : {}),
          ...(this.onRetry ? { onRetry: this.onRetry } : {}),
          onResponse: (headers) => this.clock.observe(headers['date']),
        }),
      );
      this.made.set(product, client);
    }
    return client;
  }
}
