/**
 * The PR comment upsert through the real Octokit (@actions/github) against GitHub's REST API,
 * mocked with nock: each test states the exact calls and fails on any other.
 */
import nock from 'nock';
import { loadGitHubApi, type GitHubApi } from '../../src/github/octokit.js';
import { commentMarker, upsertComment } from '../../src/github/pr-comment.js';

const API = 'https://api.github.com';
const TOKEN = 'ghs_testtoken0123456789';
const target = { owner: 'octo-org', repo: 'models', issueNumber: 42 };
const marker = commentMarker('evaluate-gate', 'train/gate');
const listPath = '/repos/octo-org/models/issues/42/comments';
let github: GitHubApi;

beforeAll(async () => {
  nock.disableNetConnect();
  github = await loadGitHubApi(TOKEN, API);
});
afterEach(() => nock.cleanAll());
// nock patches node:http for the whole jest worker; restore it, or later test files in this worker
// send their loopback requests through its interceptor.
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

const comment = (id: number, body: string) => ({
  id,
  body,
  html_url: `https://github.com/octo-org/models/pull/42#issuecomment-${id}`,
});
const nextPage = (page: number) => ({
  link: `<${API}/repositories/1/issues/42/comments?per_page=100&page=${page}>; rel="next"`,
});

test('no comment with the marker on any page: one is created, with the marker first', async () => {
  const scope = nock(API, { reqheaders: { authorization: `token ${TOKEN}` } })
    .get(listPath)
    .query({ per_page: '100' })
    .reply(200, [comment(1, 'LGTM'), comment(2, commentMarker('evaluate-gate', 'other/job'))], nextPage(2))
    .get('/repositories/1/issues/42/comments')
    .query({ per_page: '100', page: '2' })
    .reply(200, [comment(3, 'nit')])
    .post(listPath, { body: `${marker}\n## Report` })
    .reply(201, comment(4, `${marker}\n## Report`))
    // Listed again after the create: ours is the oldest comment with the marker, so it stays.
    .get(listPath)
    .query({ per_page: '100' })
    .reply(200, [comment(1, 'LGTM'), comment(4, `${marker}\n## Report`)]);

  expect(await upsertComment(github, target, marker, '## Report')).toEqual({
    action: 'created',
    id: 4,
    url: 'https://github.com/octo-org/models/pull/42#issuecomment-4',
  });
  scope.done();
});

test('a racing run created the older comment first: ours is deleted and the older one edited', async () => {
  const scope = nock(API, { reqheaders: { authorization: `token ${TOKEN}` } })
    .get(listPath)
    .query({ per_page: '100' })
    .reply(200, [comment(1, 'LGTM')])
    .post(listPath, { body: `${marker}\n## Report` })
    .reply(201, comment(9, `${marker}\n## Report`))
    .get(listPath)
    .query({ per_page: '100' })
    .reply(200, [comment(1, 'LGTM'), comment(8, `${marker}\nthe racer's report`), comment(9, `${marker}\n## Report`)])
    .delete('/repos/octo-org/models/issues/comments/9')
    .reply(204)
    .patch('/repos/octo-org/models/issues/comments/8', { body: `${marker}\n## Report` })
    .reply(200, comment(8, `${marker}\n## Report`));

  expect(await upsertComment(github, target, marker, '## Report')).toEqual({
    action: 'updated',
    id: 8,
    url: 'https://github.com/octo-org/models/pull/42#issuecomment-8',
  });
  scope.done();
});

test('the comment with the marker is updated in place, and the listing stops at it', async () => {
  const scope = nock(API, { reqheaders: { authorization: `token ${TOKEN}` } })
    .get(listPath)
    .query({ per_page: '100' })
    .reply(200, [comment(1, 'LGTM'), comment(7, `${marker}\nold report`)], nextPage(2))
    .patch('/repos/octo-org/models/issues/comments/7', { body: `${marker}\nnew report` })
    .reply(200, comment(7, `${marker}\nnew report`));

  expect(await upsertComment(github, target, marker, 'new report')).toEqual({
    action: 'updated',
    id: 7,
    url: 'https://github.com/octo-org/models/pull/42#issuecomment-7',
  });
  // Page 2 was never asked for: nock would have refused the unplanned request.
  scope.done();
});

test('an API error reaches the caller with its status', async () => {
  nock(API).get(listPath).query(true).reply(403, { message: 'Resource not accessible by integration' });
  await expect(upsertComment(github, target, marker, 'x')).rejects.toMatchObject({ status: 403 });
});

test.each([
  ['train/gate', '<!-- pai-actions:evaluate-gate:train/gate -->'],
  ['My Workflow/eval-job', '<!-- pai-actions:evaluate-gate:My_Workflow/eval_job -->'],
  ['x --> <b>', '<!-- pai-actions:evaluate-gate:x______b_ -->'],
])('marker for key %j cannot end the HTML comment early', (key, expected) => {
  expect(commentMarker('evaluate-gate', key)).toBe(expected);
});
