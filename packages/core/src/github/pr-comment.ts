/**
 * One pull-request comment per purpose, updated in place on every re-run instead of piling up:
 * the comment carries a hidden marker, and an upsert edits the comment that has it.
 */
import type { GitHubApi } from './octokit.js';

export interface CommentTarget {
  owner: string;
  repo: string;
  /** Pull requests are issues to the comments API. */
  issueNumber: number;
}

export interface UpsertedComment {
  action: 'created' | 'updated';
  id: number;
  url: string;
}

/** Characters a marker key may hold: nothing that could end the HTML comment (`--`, `>`). */
const KEY_CHARACTER = /[A-Za-z0-9._/:]/;

/**
 * `<!-- pai-actions:<tool>:<key> -->`, invisible in the rendered comment. Characters outside
 * letters, digits and `. _ / :` become `_`, so a workflow or job name cannot break the comment.
 */
export function commentMarker(tool: string, key: string): string {
  const safe = [...key].map((character) => (KEY_CHARACTER.test(character) ? character : '_')).join('');
  return `<!-- pai-actions:${tool}:${safe} -->`;
}

/**
 * Updates the comment on `target` that holds `marker`, or creates one. Comments are listed a page
 * at a time and the search stops at the first match (the oldest). After a create the list is read
 * again, so two runs that raced to create end with one comment.
 */
export async function upsertComment(
  github: GitHubApi,
  target: CommentTarget,
  marker: string,
  body: string,
): Promise<UpsertedComment> {
  const text = `${marker}\n${body}`;
  const repo = { owner: target.owner, repo: target.repo };
  const existing = (await markedComments(github, target, marker, 1))[0];
  if (existing) {
    const updated = await github.rest.issues.updateComment({ ...repo, comment_id: existing.id, body: text });
    return { action: 'updated', id: updated.data.id, url: updated.data.html_url };
  }
  const created = await github.rest.issues.createComment({ ...repo, issue_number: target.issueNumber, body: text });
  // Two runs that both found no comment both created one: the oldest stays, a newer one is ours
  // to remove (every racer sees the same oldest, so they end with one comment between them).
  const oldest = (await markedComments(github, target, marker, 1))[0];
  if (!oldest || oldest.id === created.data.id) {
    return { action: 'created', id: created.data.id, url: created.data.html_url };
  }
  await github.rest.issues.deleteComment({ ...repo, comment_id: created.data.id });
  const updated = await github.rest.issues.updateComment({ ...repo, comment_id: oldest.id, body: text });
  return { action: 'updated', id: updated.data.id, url: updated.data.html_url };
}

/** Comments holding the marker, oldest first, listed a page (100) at a time until `enough` are found. */
async function markedComments(
  github: GitHubApi,
  target: CommentTarget,
  marker: string,
  enough: number,
): Promise<{ id: number }[]> {
  const found: { id: number }[] = [];
  const pages = github.paginate.iterator(github.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  });
  for await (const page of pages) {
    for (const comment of page.data) if (comment.body?.includes(marker)) found.push({ id: comment.id });
    if (found.length >= enough) break;
  }
  return found;
}
