/**
 * A GitHub token input (`github-token`): masked the moment it is read, then checked to be one word
 * of printable ASCII, since it travels in an Authorization header where a space, a newline or a
 * control character cannot (Node would refuse the request only at the hand-off or comment, after
 * cloud calls were made). The error never repeats the value.
 */
import * as core from '@actions/core';
import { InputError } from '../errors.js';
import type { InputReader } from '../inputs.js';

const TOKEN = /^[\x21-\x7e]+$/;
export const TOKEN_EXPECTED = 'a GitHub token: one word of printable ASCII, without spaces or control characters';
/** Shown instead of the value, as GitHub shows a masked secret. */
const HIDDEN = '***';

export function readGitHubToken(inputs: InputReader, name: string): string | undefined {
  const token = inputs.string(name);
  if (token === undefined) return undefined;
  core.setSecret(token);
  if (!TOKEN.test(token)) throw new InputError(name, HIDDEN, TOKEN_EXPECTED);
  return token;
}
