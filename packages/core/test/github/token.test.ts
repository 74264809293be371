import { readGitHubToken } from '../../src/github/token.js';
import { InputReader } from '../../src/inputs.js';

const reader = (inputs: Record<string, string>) => new InputReader((name) => inputs[name] ?? '');

test.each([
  'ghs_16C7e42F292c6912E7710c838347Ae178B4a',
  'github_pat_11ABC_def',
  '0123456789abcdef0123456789abcdef01234567',
])('a token such as %s is read as given', (token) => {
  expect(readGitHubToken(reader({ 'github-token': token }), 'github-token')).toBe(token);
});

test('no token is undefined', () => {
  expect(readGitHubToken(reader({}), 'github-token')).toBeUndefined();
});

test.each(['ghs_abc def', 'ghs_abc\ndef', 'ghs_\u001babc', 'ghs_abcé'])(
  'a token no Authorization header can carry (%j) is refused by name, without repeating it',
  (token) => {
    expect(() => readGitHubToken(reader({ 'github-token': token }), 'github-token')).toThrow(
      /^Input "github-token" has invalid value "\*\*\*": expected a GitHub token/,
    );
    try {
      readGitHubToken(reader({ 'github-token': token }), 'github-token');
    } catch (error) {
      expect((error as Error).message).not.toContain(token.slice(4));
    }
  },
);
