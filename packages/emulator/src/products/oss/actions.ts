import { OSS_SIGNED_SUBRESOURCES } from '../../auth/oss-v1.js';
import type { OssAddress } from './address.js';

/** The OSS API operations the emulator serves, by their names in the OSS API reference. */
export type OssAction =
  | 'PutBucket'
  | 'GetBucketInfo'
  | 'ListObjects'
  | 'ListObjectsV2'
  | 'DeleteMultipleObjects'
  | 'PutObject'
  | 'CopyObject'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject';

export interface ActionRequest {
  method: string;
  address: OssAddress;
  query: Record<string, string>;
  /** Lower-case names. */
  headers: Record<string, string | string[] | undefined>;
}

/** Sub-resources each operation understands; any other signed sub-resource (`?acl`, `?tagging`…) is another operation. */
const UNDERSTOOD: Partial<Record<OssAction, (name: string) => boolean>> = {
  GetObject: (name) => name.startsWith('response-'),
  ListObjectsV2: (name) => name === 'continuation-token',
  DeleteMultipleObjects: (name) => name === 'delete',
  GetBucketInfo: (name) => name === 'bucketInfo',
};

/** Names the operation a request asks for, or undefined when the emulator does not serve it. */
export function identifyAction(request: ActionRequest): OssAction | undefined {
  const action = candidateAction(request);
  if (!action) return undefined;
  const understood = UNDERSTOOD[action] ?? (() => false);
  const foreign = Object.keys(request.query).some((name) => OSS_SIGNED_SUBRESOURCES.has(name) && !understood(name));
  return foreign ? undefined : action;
}

/**
 * Why a request names no served operation: an OSS operation the emulator does not emulate (a signed
 * sub-resource like `?acl`, or ListBuckets), or a method OSS has no operation for on that resource.
 */
export function unservedReason(request: ActionRequest): 'not-emulated' | 'method-not-allowed' {
  if (!request.address.bucket && request.method === 'GET') return 'not-emulated';
  const named = Object.keys(request.query).some((name) => OSS_SIGNED_SUBRESOURCES.has(name));
  return named ? 'not-emulated' : 'method-not-allowed';
}

function candidateAction({ method, address, query, headers }: ActionRequest): OssAction | undefined {
  if (!address.bucket) return undefined;
  if (address.key === '') {
    switch (method) {
      case 'PUT':
        return 'PutBucket';
      case 'GET':
        if ('bucketInfo' in query) return 'GetBucketInfo';
        return query['list-type'] === '2' ? 'ListObjectsV2' : 'ListObjects';
      case 'POST':
        return 'delete' in query ? 'DeleteMultipleObjects' : undefined;
      default:
        return undefined;
    }
  }
  switch (method) {
    case 'PUT':
      return headers['x-oss-copy-source'] !== undefined ? 'CopyObject' : 'PutObject';
    case 'GET':
      return 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'DELETE':
      return 'DeleteObject';
    default:
      return undefined;
  }
}
