import { AdminClient, Emulator } from '../src/index.js';

let emulator: Emulator;
let api: string;
const auth = { authorization: 'Bearer ghs_test', 'content-type': 'application/json' };

beforeAll(async () => {
  emulator = await Emulator.start();
  api = emulator.info.endpoints['github']!;
});
afterAll(() => emulator?.stop());

test('PR comments: create, list with pagination, update; unauthenticated calls get 401', async () => {
  expect((await fetch(`${api}/repos/o/r/issues/1/comments`)).status).toBe(401);
  for (let i = 0; i < 3; i++) {
    const created = await fetch(`${api}/repos/o/r/issues/1/comments`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ body: `comment ${i}` }),
    });
    expect(created.status).toBe(201);
  }
  const first = await fetch(`${api}/repos/o/r/issues/1/comments?per_page=2`, { headers: auth });
  expect(((await first.json()) as unknown[]).length).toBe(2);
  expect(first.headers.get('link')).toContain('page=2');
  const second = (await (
    await fetch(`${api}/repos/o/r/issues/1/comments?per_page=2&page=2`, { headers: auth })
  ).json()) as {
    id: number;
    body: string;
  }[];
  expect(second.map((c) => c.body)).toEqual(['comment 2']);
  const patched = await fetch(`${api}/repos/o/r/issues/comments/${second[0]!.id}`, {
    method: 'PATCH',
    headers: auth,
    body: JSON.stringify({ body: 'edited' }),
  });
  expect(patched.status).toBe(200);
  const admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
  const state = await admin.call<{ comments: { body: string }[] }>('GET', '/github');
  expect(state.comments.map((c) => c.body)).toEqual(['comment 0', 'comment 1', 'edited']);
});

test('deployments with statuses, and workflow dispatches, are recorded; bad bodies get 422', async () => {
  const deployment = (await (
    await fetch(`${api}/repos/o/r/deployments`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ ref: 'v1.0.0', environment: 'production' }),
    })
  ).json()) as { id: number };
  const status = await fetch(`${api}/repos/o/r/deployments/${deployment.id}/statuses`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ state: 'success', environment_url: 'http://x' }),
  });
  expect(status.status).toBe(201);
  const badState = await fetch(`${api}/repos/o/r/deployments/${deployment.id}/statuses`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ state: 'done' }),
  });
  expect(badState.status).toBe(422);
  const dispatch = await fetch(`${api}/repos/o/r/actions/workflows/train.yml/dispatches`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ ref: 'main', inputs: { 'job-id': 'dlc-1' } }),
  });
  expect(dispatch.status).toBe(204);
  const admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
  const state = await admin.call<{
    deployments: { statuses: { state: string }[] }[];
    dispatches: { workflow: string; inputs: Record<string, string> }[];
  }>('GET', '/github');
  expect(state.deployments[0]!.statuses.map((s) => s.state)).toEqual(['success']);
  expect(state.dispatches).toEqual([expect.objectContaining({ workflow: 'train.yml', inputs: { 'job-id': 'dlc-1' } })]);
});
