import { createHash } from 'node:crypto';
import {
  CHECKPOINT_FORMAT,
  findLatestValidCheckpoint,
  listCheckpointCandidates,
  parseCheckpointMarker,
  selectLatestValidCheckpoint,
  verifyCheckpoint,
  type ListedObject,
} from '../src/checkpoints.js';

const ROOT = 'models/m/abc123/checkpoints/';
const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const state = (step: number) => JSON.stringify({ step, weights: [step / 10, 1], bias: 0.5 });

/** A checkpoint as the training script leaves it: state.json, then its marker. */
function checkpoint(step: number, options: { dir?: string; etag?: 'md5' | 'multipart' | 'none' } = {}) {
  const dir = `${ROOT}${options.dir ?? `step-${String(step).padStart(8, '0')}`}/`;
  const body = state(step);
  const etag = options.etag ?? 'md5';
  const objects: ListedObject[] = [
    {
      key: `${dir}state.json`,
      size: body.length,
      ...(etag === 'md5'
        ? { etag: `"${md5(body).toUpperCase()}"` }
        : etag === 'multipart'
          ? { etag: '"3858F62230AC3C915F300C664312C11F-2"' }
          : {}),
    },
    { key: `${dir}_COMPLETE`, size: 100 },
  ];
  const marker = JSON.stringify({
    format: CHECKPOINT_FORMAT,
    step,
    files: [{ path: 'state.json', size: body.length, md5: md5(body) }],
  });
  return { dir, objects, marker, markerKey: `${dir}_COMPLETE` };
}

function world(...parts: ReturnType<typeof checkpoint>[]) {
  return {
    listing: parts.flatMap((p) => p.objects),
    markers: new Map(parts.map((p) => [p.markerKey, p.marker])),
  };
}

describe('listCheckpointCandidates', () => {
  it('finds directories with a marker directly under the prefix, newest step first', () => {
    const { listing } = world(checkpoint(10), checkpoint(30), checkpoint(20));
    expect(listCheckpointCandidates(ROOT, listing).map((c) => c.step)).toEqual([30, 20, 10]);
  });

  it('orders by the step number, not by the name (step-9 < step-10)', () => {
    const { listing } = world(checkpoint(9, { dir: 'step-9' }), checkpoint(10, { dir: 'step-10' }));
    expect(listCheckpointCandidates(ROOT, listing).map((c) => c.prefix)).toEqual([`${ROOT}step-10/`, `${ROOT}step-9/`]);
  });

  it.each([
    ['a directory without a marker', [{ key: `${ROOT}step-00000050/state.json`, size: 10 }]],
    ['a marker nested one level deeper', [{ key: `${ROOT}step-00000050/sub/_COMPLETE`, size: 10 }]],
    ['a marker at the prefix itself', [{ key: `${ROOT}_COMPLETE`, size: 10 }]],
    ['a temporary marker', [{ key: `${ROOT}step-00000050/_COMPLETE.tmp`, size: 10 }]],
    ['another prefix', [{ key: 'models/other/step-00000050/_COMPLETE', size: 10 }]],
  ])('ignores %s', (_name, listing) => {
    expect(listCheckpointCandidates(ROOT, listing)).toEqual([]);
  });

  it('accepts the prefix without its trailing slash', () => {
    const { listing } = world(checkpoint(10));
    expect(listCheckpointCandidates(ROOT.slice(0, -1), listing)).toHaveLength(1);
  });
});

describe('verifyCheckpoint', () => {
  const good = checkpoint(40);
  const candidate = { prefix: good.dir, markerKey: good.markerKey, step: 40 };
  const body = state(40);

  it('accepts a checkpoint whose files match its marker', () => {
    expect(verifyCheckpoint(candidate, good.marker, good.objects)).toEqual({
      valid: true,
      marker: {
        format: CHECKPOINT_FORMAT,
        step: 40,
        files: [{ path: 'state.json', size: body.length, md5: md5(body) }],
      },
    });
  });

  it.each<[string, string, ListedObject[], RegExp]>([
    [
      'a file named by the marker is missing (marker ahead of its files)',
      good.marker,
      [good.objects[1]!],
      /state\.json is missing/,
    ],
    [
      'a file is shorter than the marker says (half-written)',
      good.marker,
      [{ ...good.objects[0]!, size: body.length - 5 }, good.objects[1]!],
      /has \d+ bytes, the marker says/,
    ],
    [
      'a file has another digest than the marker says',
      good.marker,
      [{ ...good.objects[0]!, etag: `"${md5('other').toUpperCase()}"` }, good.objects[1]!],
      /ETag .* the marker says md5/,
    ],
    ['the marker is not JSON (cut short)', good.marker.slice(0, 20), good.objects, /not JSON/],
    [
      'the marker has another format',
      JSON.stringify({ format: 'x', step: 40, files: [{ path: 'a', size: 1 }] }),
      good.objects,
      /format/,
    ],
    [
      'the marker lists no files',
      JSON.stringify({ format: CHECKPOINT_FORMAT, step: 40, files: [] }),
      good.objects,
      /no files/,
    ],
    [
      'the marker disagrees with the directory step',
      JSON.stringify({ format: CHECKPOINT_FORMAT, step: 41, files: [{ path: 'state.json', size: body.length }] }),
      good.objects,
      /step 41 but the directory is step 40/,
    ],
    [
      'the marker names a file outside its directory',
      JSON.stringify({
        format: CHECKPOINT_FORMAT,
        step: 40,
        files: [{ path: '../step-00000030/state.json', size: 1 }],
      }),
      good.objects,
      /outside its directory/,
    ],
    [
      'the marker has a negative size',
      JSON.stringify({ format: CHECKPOINT_FORMAT, step: 40, files: [{ path: 'state.json', size: -1 }] }),
      good.objects,
      /without a path and a size/,
    ],
  ])('rejects a checkpoint when %s', (_name, marker, listing, reason) => {
    const verdict = verifyCheckpoint(candidate, marker, listing);
    expect(verdict.valid).toBe(false);
    expect(verdict.valid ? '' : verdict.reason).toMatch(reason);
  });

  it.each([
    ['a multipart ETag (not an MD5)', 'multipart' as const],
    ['no ETag at all', 'none' as const],
  ])('judges by size alone when the listing has %s', (_name, etag) => {
    const part = checkpoint(40, { etag });
    expect(verifyCheckpoint(candidate, part.marker, part.objects).valid).toBe(true);
  });
});

describe('selectLatestValidCheckpoint', () => {
  it('picks the newest valid checkpoint', () => {
    const { listing, markers } = world(checkpoint(10), checkpoint(20), checkpoint(30));
    const selection = selectLatestValidCheckpoint(ROOT, listing, markers);
    expect(selection.checkpoint?.step).toBe(30);
    expect(selection.checkpoint?.prefix).toBe(`${ROOT}step-00000030/`);
    expect(selection.rejected).toEqual([]);
  });

  it('passes over newer half-written checkpoints and says why', () => {
    const complete = checkpoint(20);
    const truncated = checkpoint(40);
    truncated.objects[0] = { ...truncated.objects[0]!, size: truncated.objects[0]!.size - 1 };
    const unmarked = checkpoint(50);
    const listing = [...complete.objects, ...truncated.objects, unmarked.objects[0]!];
    const selection = selectLatestValidCheckpoint(ROOT, listing, {
      [complete.markerKey]: complete.marker,
      [truncated.markerKey]: truncated.marker,
    });
    expect(selection.checkpoint?.step).toBe(20);
    expect(selection.rejected).toEqual([{ prefix: truncated.dir, reason: expect.stringMatching(/bytes/) }]);
  });

  it('treats a marker that could not be read as invalid', () => {
    const { listing } = world(checkpoint(10));
    expect(selectLatestValidCheckpoint(ROOT, listing, new Map())).toEqual({
      rejected: [{ prefix: `${ROOT}step-00000010/`, reason: 'marker could not be read' }],
    });
  });

  it('finds nothing in an empty or marker-less listing', () => {
    expect(selectLatestValidCheckpoint(ROOT, [], new Map())).toEqual({ rejected: [] });
    expect(selectLatestValidCheckpoint(ROOT, [checkpoint(10).objects[0]!], new Map())).toEqual({ rejected: [] });
  });
});

describe('findLatestValidCheckpoint', () => {
  it('reads markers newest first and stops at the first valid one', async () => {
    const { listing, markers } = world(checkpoint(10), checkpoint(20), checkpoint(30));
    const read: string[] = [];
    const selection = await findLatestValidCheckpoint(ROOT, listing, async (key) => {
      read.push(key);
      return markers.get(key)!;
    });
    expect(selection.checkpoint?.step).toBe(30);
    expect(read).toEqual([`${ROOT}step-00000030/_COMPLETE`]);
  });

  it('moves on when a marker cannot be read', async () => {
    const { listing, markers } = world(checkpoint(10), checkpoint(20));
    const selection = await findLatestValidCheckpoint(ROOT, listing, async (key) => {
      if (key.includes('00000020')) throw new Error('NoSuchKey');
      return markers.get(key)!;
    });
    expect(selection.checkpoint?.step).toBe(10);
    expect(selection.rejected).toEqual([
      { prefix: `${ROOT}step-00000020/`, reason: 'marker could not be read: NoSuchKey' },
    ]);
  });
});

describe('parseCheckpointMarker', () => {
  it('lower-cases digests and keeps createdAt', () => {
    const text = JSON.stringify({
      format: CHECKPOINT_FORMAT,
      step: 3,
      files: [{ path: 'a/b.bin', size: 0, md5: 'ABCDEF0123456789ABCDEF0123456789' }],
      createdAt: 'now',
    });
    expect(parseCheckpointMarker(text)).toEqual({
      format: CHECKPOINT_FORMAT,
      step: 3,
      files: [{ path: 'a/b.bin', size: 0, md5: 'abcdef0123456789abcdef0123456789' }],
      createdAt: 'now',
    });
  });

  it('rejects a malformed md5', () => {
    const text = JSON.stringify({ format: CHECKPOINT_FORMAT, step: 3, files: [{ path: 'a', size: 1, md5: 'xyz' }] });
    expect(parseCheckpointMarker(text)).toEqual({ error: 'marker has a malformed md5 for a' });
  });
});
