/** The pure decisions behind emulated OSS: addressing, operation names, listing pages, byte ranges. */
import { identifyAction } from '../src/products/oss/actions.js';
import { bucketFromHost, resolveAddresses } from '../src/products/oss/address.js';
import { decodeContinuationToken, encodeContinuationToken, listPage } from '../src/products/oss/listing.js';
import { decideRange } from '../src/products/oss/range.js';

describe('resolveAddresses', () => {
  test.each([
    ['/pai-demo/a/b.txt', 'localhost:9000', [{ bucket: 'pai-demo', key: 'a/b.txt' }]],
    ['/pai-demo', 'localhost:9000', [{ bucket: 'pai-demo', key: '' }]],
    ['/', '127.0.0.1:9000', [{ bucket: undefined, key: '' }]],
    ['/a/b.txt', 'pai-demo.oss-cn-shanghai.aliyuncs.com', [{ bucket: 'pai-demo', key: 'a/b.txt' }]],
    ['/', 'pai-demo.oss-cn-shanghai-internal.aliyuncs.com:443', [{ bucket: 'pai-demo', key: '' }]],
    [
      '/pai-demo/a.txt',
      'pai-demo.oss-cn-shanghai.aliyuncs.com',
      [
        { bucket: 'pai-demo', key: 'a.txt' },
        { bucket: 'pai-demo', key: 'pai-demo/a.txt' },
      ],
    ],
  ])('%s with Host %s', (path, host, expected) => {
    expect(resolveAddresses(path, host)).toEqual(expected);
  });

  test('only <bucket>.oss-… hosts name a bucket', () => {
    expect(bucketFromHost('localhost:9000')).toBeUndefined();
    expect(bucketFromHost('127.0.0.1')).toBeUndefined();
    expect(bucketFromHost('my-bucket.example.com')).toBeUndefined();
    expect(bucketFromHost('My-Bucket.OSS-cn-beijing.aliyuncs.com')).toBe('my-bucket');
  });
});

describe('identifyAction', () => {
  const object = { bucket: 'b', key: 'k' };
  const bucket = { bucket: 'b', key: '' };
  test.each([
    ['PUT', object, {}, {}, 'PutObject'],
    ['PUT', object, {}, { 'x-oss-copy-source': '/b/src' }, 'CopyObject'],
    ['GET', object, { 'response-content-type': 'text/plain' }, {}, 'GetObject'],
    ['HEAD', object, {}, {}, 'HeadObject'],
    ['DELETE', object, {}, {}, 'DeleteObject'],
    ['GET', bucket, { prefix: 'a/' }, {}, 'ListObjects'],
    ['GET', bucket, { 'list-type': '2', 'continuation-token': 't' }, {}, 'ListObjectsV2'],
    ['POST', bucket, { delete: '' }, {}, 'DeleteMultipleObjects'],
    ['PUT', bucket, {}, {}, 'PutBucket'],
    ['GET', bucket, { bucketInfo: '' }, {}, 'GetBucketInfo'],
    ['GET', object, { acl: '' }, {}, undefined],
    ['PUT', object, { tagging: '' }, {}, undefined],
    ['POST', object, { append: '', position: '0' }, {}, undefined],
    ['GET', { bucket: undefined, key: '' }, {}, {}, undefined],
  ] as const)('%s %j %j → %s', (method, address, query, headers, expected) => {
    expect(identifyAction({ method, address, query, headers })).toBe(expected);
  });
});

describe('listPage', () => {
  const sorted = ['a/1', 'a/2', 'a/b/3', 'b', 'c/1', 'd'].map((key) => ({ key }));
  const names = (page: ReturnType<typeof listPage<{ key: string }>>) => [
    ...page.objects.map((o) => o.key),
    ...page.commonPrefixes,
  ];

  test('without a delimiter every key counts, up to max-keys', () => {
    const page = listPage({ sorted, prefix: '', delimiter: '', after: '', maxKeys: 4 });
    expect(names(page)).toEqual(['a/1', 'a/2', 'a/b/3', 'b']);
    expect(page).toMatchObject({ isTruncated: true, last: 'b' });
  });

  test('a common prefix counts once, and a page that ends on one resumes after all its keys', () => {
    const first = listPage({ sorted, prefix: '', delimiter: '/', after: '', maxKeys: 1 });
    expect(first.commonPrefixes).toEqual(['a/']);
    expect(first).toMatchObject({ isTruncated: true, last: 'a/' });
    const second = listPage({ sorted, prefix: '', delimiter: '/', after: 'a/', maxKeys: 10 });
    expect(names(second)).toEqual(['b', 'd', 'c/']);
    expect(second.isTruncated).toBe(false);
  });

  test('the delimiter applies after the prefix', () => {
    const page = listPage({ sorted: sorted.slice(0, 3), prefix: 'a/', delimiter: '/', after: '', maxKeys: 10 });
    expect(page.objects.map((o) => o.key)).toEqual(['a/1', 'a/2']);
    expect(page.commonPrefixes).toEqual(['a/b/']);
  });

  test('a page that is exactly full is not truncated', () => {
    expect(listPage({ sorted, prefix: '', delimiter: '', after: 'b', maxKeys: 2 }).isTruncated).toBe(false);
  });

  test('order and markers are by UTF-8 bytes, not UTF-16 code units', () => {
    // U+FF5E sorts after U+1F600 in UTF-16 code units but before it in UTF-8 bytes.
    const keys = ['\uff5e', '\u{1f600}'].map((key) => ({ key }));
    expect(listPage({ sorted: keys, prefix: '', delimiter: '', after: '\uff5e', maxKeys: 5 }).objects).toEqual([
      { key: '\u{1f600}' },
    ]);
  });

  test('continuation tokens round-trip and reject foreign text', () => {
    expect(decodeContinuationToken(encodeContinuationToken('a/ü b'))).toBe('a/ü b');
    expect(decodeContinuationToken('not a token!')).toBeUndefined();
  });
});

describe('decideRange', () => {
  test.each([
    [undefined, false, { kind: 'whole' }],
    ['bytes=0-4', false, { kind: 'partial', start: 0, end: 4 }],
    ['bytes=5-', false, { kind: 'partial', start: 5, end: 9 }],
    ['bytes=-3', false, { kind: 'partial', start: 7, end: 9 }],
    ['bytes=5-2', false, { kind: 'whole' }],
    ['bytes=0-1,3-4', false, { kind: 'whole' }],
    ['bytes=5-20', false, { kind: 'whole' }],
    ['bytes=10-20', false, { kind: 'whole' }],
    ['bytes=-20', false, { kind: 'whole' }],
    ['bytes=5-20', true, { kind: 'partial', start: 5, end: 9 }],
    ['bytes=10-20', true, { kind: 'unsatisfiable' }],
    ['bytes=-20', true, { kind: 'partial', start: 0, end: 9 }],
  ] as const)('%s (standard: %s) on 10 bytes', (header, standard, expected) => {
    expect(decideRange(header, 10, standard)).toEqual(expected);
  });
});
