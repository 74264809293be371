import { jest } from '@jest/globals';
import { getIDToken } from '@actions/core';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminClient, Emulator, GITHUB_ISSUER } from '../src/index.js';
import { enterRun, registerRun } from './support/github-run.js';

/** The GitHub OIDC issuer stand-in, called the way @actions/core calls GitHub's. */
describe('GitHub OIDC issuer', () => {
  let emulator: Emulator;
  let admin: AdminClient;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    emulator = await Emulator.start();
    admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
  });
  afterAll(async () => {
    await emulator.stop();
  });
  afterEach(() => {
    process.env = { ...savedEnv };
    jest.restoreAllMocks();
  });

  const registerRun = (claims: Record<string, string>) => enterRun(admin, claims);

  /** Runs fn with stdout captured (@actions/core writes workflow commands there). */
  async function capturingStdout<T>(fn: () => Promise<T>): Promise<{ result: T; stdout: string }> {
    let stdout = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += chunk.toString();
      return true;
    });
    try {
      return { result: await fn(), stdout };
    } finally {
      jest.restoreAllMocks();
    }
  }

  test('getIDToken gets a token for the run that verifies against the published JWKS', async () => {
    await registerRun({ repository: 'octo-org/octo-repo', ref: 'refs/heads/main', run_id: '4242', run_attempt: '2' });
    const { result: token, stdout } = await capturingStdout(() => getIDToken('sts.aliyuncs.com'));

    expect(stdout).toContain(`::add-mask::${token}`);
    const discovery = (await (
      await fetch(`${emulator.info.endpoints['oidc']}/.well-known/openid-configuration`)
    ).json()) as { issuer: string; jwks_uri: string; id_token_signing_alg_values_supported: string[] };
    expect(discovery.issuer).toBe(GITHUB_ISSUER);
    expect(discovery.id_token_signing_alg_values_supported).toEqual(['RS256']);

    const { payload, protectedHeader } = await jwtVerify(token, createRemoteJWKSet(new URL(discovery.jwks_uri)), {
      issuer: GITHUB_ISSUER,
      audience: 'sts.aliyuncs.com',
      currentDate: new Date((await admin.clock()).nowMs),
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
      repository: 'octo-org/octo-repo',
      repository_owner: 'octo-org',
      ref: 'refs/heads/main',
      run_id: '4242',
      run_attempt: '2',
    });
    expect(payload.exp! - payload.iat!).toBe(300);
  });

  test('GitHub subject rules: environment wins, pull requests name no ref, no audience means the owner URL', async () => {
    const decode = (jwt: string) =>
      JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, string>;

    await registerRun({ repository: 'acme/models', environment: 'production' });
    const production = decode(await capturingStdout(() => getIDToken('sts.aliyuncs.com')).then((r) => r.result));
    expect(production['sub']).toBe('repo:acme/models:environment:production');

    await registerRun({ repository: 'acme/models', event_name: 'pull_request', ref: 'refs/pull/7/merge' });
    const pullRequest = decode(await capturingStdout(() => getIDToken()).then((r) => r.result));
    expect(pullRequest['sub']).toBe('repo:acme/models:pull_request');
    expect(pullRequest['aud']).toBe('https://github.com/acme');
  });

  test('an unknown request token is refused (401) and gets no token', async () => {
    await registerRun({});
    process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'] = 'not-a-registered-token';
    await expect(capturingStdout(() => getIDToken('sts.aliyuncs.com'))).rejects.toThrow(/401/);
  });

  test('the issuer owns iss, aud, exp and friends: a run context cannot set them', async () => {
    await expect(admin.call('POST', '/oidc/request-tokens', { claims: { aud: 'sts.aliyuncs.com' } })).rejects.toThrow(
      /400 claim "aud" is set by the issuer/,
    );
  });
});

describe('GitHub OIDC issuer with a data dir', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pai-oidc-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('the signing key and registered runs survive a restart: old tokens still verify', async () => {
    const first = await Emulator.start({ dataDir });
    const firstAdmin = new AdminClient(first.info.endpoints['admin']!, first.info.adminToken);
    const run = await registerRun(firstAdmin, { repository: 'acme/persist' });
    const before = (await (
      await fetch(`${run.requestUrl}&audience=sts.aliyuncs.com`, {
        headers: { authorization: `Bearer ${run.requestToken}` },
      })
    ).json()) as { value: string };
    await first.stop();

    const second = await Emulator.start({ dataDir });
    try {
      const jwks = createRemoteJWKSet(new URL(`${second.info.endpoints['oidc']}/.well-known/jwks`));
      const now = new Date(second.context.clock.now());
      await expect(jwtVerify(before.value, jwks, { currentDate: now })).resolves.toBeDefined();
      // The request token registered before the restart still works against the new listener.
      const path = new URL(run.requestUrl);
      const after = await fetch(`${second.info.endpoints['oidc']}${path.pathname}${path.search}&audience=x`, {
        headers: { authorization: `Bearer ${run.requestToken}` },
      });
      expect(after.status).toBe(200);
      const token = ((await after.json()) as { value: string }).value;
      expect(decodeProtectedHeader(token).kid).toBe(decodeProtectedHeader(before.value).kid);
    } finally {
      await second.stop();
    }
  });
});
