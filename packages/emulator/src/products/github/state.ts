import type { StateStore } from '../../store.js';

export interface GitHubComment {
  id: number;
  repo: string;
  issue: number;
  body: string;
  user: { login: string };
  created_at: string;
  updated_at: string;
}

export interface GitHubDeployment {
  id: number;
  repo: string;
  ref: string;
  sha: string;
  environment: string;
  description: string | null;
  payload: unknown;
  created_at: string;
  statuses: { state: string; environment_url?: string; description?: string; created_at: string }[];
}

export interface GitHubDispatch {
  repo: string;
  workflow: string;
  ref: string;
  inputs: Record<string, unknown>;
  at: string;
}

/** Arrays, not name-keyed objects: repository names are data, never property names. */
export interface GitHubState {
  lastId: number;
  comments: GitHubComment[];
  deployments: GitHubDeployment[];
  dispatches: GitHubDispatch[];
}

export function githubState(store: StateStore): GitHubState {
  return store.slice<GitHubState>('github', () => ({ lastId: 0, comments: [], deployments: [], dispatches: [] }));
}
