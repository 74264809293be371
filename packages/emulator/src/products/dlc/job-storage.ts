import { ServiceError } from '../../errors.js';
import type { Principal } from '../../ram.js';
import type { EmulatorContext } from '../../context.js';
import { ROLES } from '../../seed.js';
import type { ObjectStorage, StoredObject } from '../oss/storage.js';

/**
 * OSS as a running DLC job sees it: every read and write is made as the job's RAM role
 * (PaiDlcJobRole of the seed: read datasets, write models/checkpoints), the way a job on the
 * cloud reaches OSS with its role's temporary credentials.
 */
export interface OssLocation {
  bucket: string;
  /** Key prefix, '' or ending in '/'. */
  prefix: string;
}

/** `oss://bucket/path/` and the endpoint form `oss://bucket.oss-cn-hangzhou-internal.aliyuncs.com/path/`. */
export function parseOssUri(uri: string): OssLocation | undefined {
  const match = /^oss:\/\/([^/]+)\/?(.*)$/.exec(uri.trim());
  if (!match) return undefined;
  const bucket = match[1]!.split('.')[0]!;
  if (!/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket)) return undefined;
  const path = match[2]!;
  return { bucket, prefix: path === '' || path.endsWith('/') ? path : `${path}/` };
}

export function formatOssUri(location: OssLocation): string {
  return `oss://${location.bucket}/${location.prefix}`;
}

export class JobStorage {
  constructor(
    private readonly ctx: EmulatorContext,
    private readonly storage: ObjectStorage,
    private readonly jobId: string,
  ) {}

  /** Objects under a location; throws ServiceError (AccessDenied, NoSuchBucket) like OSS would. */
  list(location: OssLocation): StoredObject[] {
    this.authorize('oss:ListObjects', this.bucketArn(location.bucket));
    this.requireBucket(location.bucket);
    return this.storage.list(location.bucket, location.prefix);
  }

  get(bucket: string, key: string): Buffer | undefined {
    this.authorize('oss:GetObject', this.objectArn(bucket, key));
    this.requireBucket(bucket);
    return this.storage.get(bucket, key)?.data;
  }

  put(bucket: string, key: string, data: Buffer): void {
    this.authorize('oss:PutObject', this.objectArn(bucket, key));
    this.requireBucket(bucket);
    this.storage.put(bucket, key, data, {
      contentType: key.endsWith('.json') ? 'application/json' : 'application/octet-stream',
    });
  }

  private authorize(action: string, resource: string): void {
    this.ctx.ram.authorize(this.principal(), action, resource, 'oss');
  }

  private requireBucket(bucket: string): void {
    if (!this.storage.hasBucket(bucket))
      throw new ServiceError(404, 'NoSuchBucket', `The specified bucket does not exist: ${bucket}`);
  }

  private principal(): Principal {
    const { state, accountId } = this.ctx.ram;
    const role = ROLES.dlcJob;
    const names = state.roles[role]?.policies ?? [];
    return {
      accountId,
      kind: 'assumed-role',
      name: `${role}/${this.jobId}`,
      arn: `acs:ram::${accountId}:assumed-role/${role.toLowerCase()}/${this.jobId}`,
      accessKeyId: 'dlc-job-role',
      policies: names.map((name) => state.policies[name]).filter((p) => p !== undefined),
    };
  }

  private bucketArn(bucket: string): string {
    return `acs:oss:*:${this.ctx.ram.accountId}:${bucket}`;
  }

  private objectArn(bucket: string, key: string): string {
    return `acs:oss:*:${this.ctx.ram.accountId}:${bucket}/${key}`;
  }
}

/**
 * RESUME_FROM as an oss:// URI, whichever way the job names it: an oss:// URI as it is, or a
 * path under a mount — a DataSource's MountPath, or the CHECKPOINT_DIR the job was given for
 * PAI_CHECKPOINT_URI — as the same job would see it on the cloud with OSS mounted there.
 */
export function resolveResumeUri(
  resumeFrom: string | undefined,
  envs: Record<string, string>,
  dataSources: { Uri?: string; MountPath?: string }[],
): string | undefined {
  if (!resumeFrom) return undefined;
  if (resumeFrom.startsWith('oss://')) return resumeFrom;
  const mounts: [string | undefined, string | undefined][] = [
    [envs['CHECKPOINT_DIR'], envs['PAI_CHECKPOINT_URI']],
    ...dataSources.map((d): [string | undefined, string | undefined] => [d.MountPath, d.Uri]),
  ];
  for (const [mount, uri] of mounts) {
    if (!mount || !uri?.startsWith('oss://')) continue;
    const base = mount.replace(/\/+$/, '');
    if (resumeFrom !== base && !resumeFrom.startsWith(`${base}/`)) continue;
    const rest = resumeFrom.slice(base.length).replace(/^\/+/, '');
    const root = uri.endsWith('/') ? uri : `${uri}/`;
    return rest ? `${root}${rest.replace(/\/*$/, '/')}` : root;
  }
  return undefined;
}
