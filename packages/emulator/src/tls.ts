import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { writeAtomically } from './atomic-file.js';
import type { StateStore } from './store.js';

/**
 * A local certificate authority and a server certificate for 127.0.0.1, ::1 and localhost, made
 * at run time (never committed): @alicloud/credentials only speaks https to STS, so the emulator
 * needs a TLS listener whose CA a client can trust through NODE_EXTRA_CA_CERTS.
 *
 * With a data dir the material lives in the state store and survives restarts (a client keeps
 * trusting the same CA file); in memory it is made once per process, because every test file
 * starts its own emulator and key generation is the slow part.
 */
export interface LocalTls {
  /** Private key and certificate the TLS listener serves. */
  key: string;
  cert: string;
  /** PEM file holding the CA certificate only (never a key): what NODE_EXTRA_CA_CERTS points at. */
  caCertPath: string;
  /** The emulator is done with it: an in-memory emulator's CA file goes when its last user stops. */
  release(): void;
}

interface TlsState {
  caKey?: string;
  caCert?: string;
  key?: string;
  cert?: string;
}

/** Renew the server certificate this long before it expires (real time: TLS checks the wall clock). */
const RENEW_BEFORE_MS = 7 * 86_400_000;
const CA_VALIDITY_MS = 10 * 365 * 86_400_000;
const SERVER_VALIDITY_MS = 365 * 86_400_000;

let inMemory: Promise<TlsState> | undefined;
/** In-memory emulators sharing each CA file in the temp dir (with a data dir, the file stays beside the state). */
const tempFileUsers = new Map<string, number>();

export async function localTls(store: StateStore): Promise<LocalTls> {
  const material = store.dataDir ? await persisted(store) : await (inMemory ??= issue({}));
  const caCert = material.caCert!;
  const directory = store.dataDir ?? join(tmpdir(), 'pai-emulator');
  mkdirSync(directory, { recursive: true });
  // Named by the CA's fingerprint so emulators in parallel processes never overwrite each other's file.
  const caCertPath = join(directory, `ca-${createHash('sha256').update(caCert).digest('hex').slice(0, 16)}.pem`);
  if (!existsSync(caCertPath)) writeAtomically(caCertPath, caCert);
  if (store.dataDir) return { key: material.key!, cert: material.cert!, caCertPath, release: () => undefined };
  tempFileUsers.set(caCertPath, (tempFileUsers.get(caCertPath) ?? 0) + 1);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    const left = (tempFileUsers.get(caCertPath) ?? 1) - 1;
    if (left > 0) return void tempFileUsers.set(caCertPath, left);
    tempFileUsers.delete(caCertPath);
    rmSync(caCertPath, { force: true });
  };
  return { key: material.key!, cert: material.cert!, caCertPath, release };
}

async function persisted(store: StateStore): Promise<TlsState> {
  const state = store.slice<TlsState>('tls', () => ({}));
  const fresh = await issue(state);
  if (fresh !== state) {
    Object.assign(state, fresh);
    store.changed('tls');
  }
  return state;
}

/** Returns `state` untouched when it is complete and current, else a state with what was missing made anew. */
async function issue(state: TlsState): Promise<TlsState> {
  const now = Date.now();
  let { caKey, caCert } = state;
  let renewed = false;
  if (!caKey || !caCert || expiresSoon(caCert, now)) {
    const ca = await generate([{ name: 'commonName', value: 'pai-emulator local CA' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      notBeforeDate: new Date(now - 60_000),
      notAfterDate: new Date(now + CA_VALIDITY_MS),
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
      ],
    });
    caKey = ca.private;
    caCert = ca.cert;
    renewed = true;
  }
  if (!renewed && state.key && state.cert && !expiresSoon(state.cert, now)) return state;
  const server = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + SERVER_VALIDITY_MS),
    ca: { key: caKey, cert: caCert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { caKey, caCert, key: server.private, cert: server.cert };
}

function expiresSoon(certPem: string, now: number): boolean {
  return Date.parse(new X509Certificate(certPem).validTo) - RENEW_BEFORE_MS < now;
}
