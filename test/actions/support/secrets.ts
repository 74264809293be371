/**
 * Secret scan: nothing secret the emulator issued may appear in what a step leaves behind
 * (stdout, stderr, outputs, summary, exported env). runAction runs it after every step it runs
 * against an emulator, with every secret the emulator issued (admin GET /secrets).
 */
import { readFileSync } from 'node:fs';
import type { Emulator } from '../../../packages/emulator/src/index.js';
import type { ActionRunResult } from './run-action.js';

/** The demo secret and admin token, plus any extra secrets a test learned (service tokens, STS tokens). */
export function knownSecrets(emulator: Emulator, extra: readonly string[] = []): string[] {
  return [emulator.info.credentials.accessKeySecret, emulator.info.adminToken, ...extra].filter(
    (secret) => secret.length >= 8,
  );
}

export type LeakSurface = 'stdout' | 'stderr' | 'outputs' | 'summary' | 'env';

/** The places a secret could leak from, by name, for a clear failure message. */
export function leakSurfaces(result: ActionRunResult): Record<LeakSurface, string> {
  return {
    // `::add-mask::` lines are how a secret is handed to the runner to mask; the runner never prints them.
    stdout: result.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n'),
    stderr: result.stderr,
    outputs: readFileSync(result.files.output, 'utf8'),
    summary: result.summary,
    env: readFileSync(result.files.env, 'utf8'),
  };
}

/** Names the surfaces where any of the secrets (or a JWT) appears; empty when clean. */
export function findLeaks(
  result: ActionRunResult,
  secrets: readonly string[],
  allowed: readonly LeakSurface[] = [],
): string[] {
  const leaks: string[] = [];
  for (const [surface, text] of Object.entries(leakSurfaces(result))) {
    if (allowed.includes(surface as LeakSurface)) continue;
    for (const secret of secrets)
      if (text.includes(secret)) leaks.push(`${surface} holds a secret (${secret.slice(0, 3)}…)`);
    if (/eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/.test(text)) leaks.push(`${surface} holds a JWT`);
  }
  return leaks;
}
