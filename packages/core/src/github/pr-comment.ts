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
 * at a time and the search stops at the first match (the oldest, if a race ever made two).
 */
export async function upsertComment(
  github: GitHubApi,
  target: CommentTarget,
  marker: string,
  body: string,
): Promise<UpsertedComment> {
  const text = `${marker}\n${body}`;
  const pages = github.paginate.iterator(github.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  });
  for await (const page of pages) {
    const existing = page.data.find((comment) => comment.body?.includes(marker));
    if (existing) {
      const updated = await github.rest.issues.updateComment({
        owner: target.owner,
        repo: target.repo,
        comment_id: existing.id,
        body: text,
      });
      return { action: 'updated', id: updated.data.id, url: updated.data.html_url };
    }
  }
  const created = await github.rest.issues.createComment({
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    body: text,
  });
  return { action: 'created', id: created.data.id, url: created.data.html_url };
}
