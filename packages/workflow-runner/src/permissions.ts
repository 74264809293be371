/**
 * The GITHUB_TOKEN permissions a job gets, as far as this runner acts on them: a job sees the
 * OIDC token request variables only when `id-token: write` is granted, and a called workflow
 * never gets more than its caller job has.
 */
import { WorkflowError } from './errors.js';
import type { Json } from './expressions.js';
import { isMap } from './workflow-file.js';

export type Access = 'read' | 'write' | 'none';
export type Permissions = Record<string, Access>;

const ACCESS: Access[] = ['read', 'write', 'none'];
const RANK: Record<Access, number> = { none: 0, read: 1, write: 2 };
const ALL = '*';

/** `read-all`, `write-all`, `{}` or a scope map, as written in a workflow. */
export function parsePermissions(raw: Json | undefined, where: string): Permissions | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (raw === 'read-all') return { [ALL]: 'read' };
  if (raw === 'write-all') return { [ALL]: 'write' };
  if (!isMap(raw))
    throw new WorkflowError(`${where}.permissions must be read-all, write-all or a map of scope: read|write|none`);
  const permissions: Permissions = { [ALL]: 'none' };
  for (const [scope, access] of Object.entries(raw)) {
    if (!ACCESS.includes(access as Access)) {
      throw new WorkflowError(
        `${where}.permissions.${scope} must be one of ${ACCESS.join(', ')}, got "${String(access)}"`,
      );
    }
    permissions[scope] = access as Access;
  }
  return permissions;
}

export function access(permissions: Permissions | undefined, scope: string): Access {
  // Without any permissions block, GitHub's defaults never include id-token.
  if (!permissions) return scope === 'id-token' ? 'none' : 'read';
  return permissions[scope] ?? permissions[ALL] ?? 'none';
}

/** The lesser of a job's own permissions and the ceiling its caller sets (no ceiling at the top). */
export function effectivePermissions(
  own: Permissions | undefined,
  ceiling: Permissions | undefined,
): Permissions | undefined {
  if (!ceiling) return own;
  const granted = own ?? ceiling;
  const scopes = new Set([...Object.keys(granted), ...Object.keys(ceiling)]);
  const result: Permissions = {};
  for (const scope of scopes) {
    const mine = access(granted, scope);
    const cap = access(ceiling, scope);
    result[scope] = RANK[mine] <= RANK[cap] ? mine : cap;
  }
  return result;
}
