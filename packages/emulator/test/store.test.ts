/**
 * The state store on its own: record paths as keys, records and blobs across a reopen of the
 * same data dir, superseded parts, unused blobs, leftovers of a crash, and a write that fails.
 * (That an acknowledged write survives kill -9 is crash-consistency.test.ts.)
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { mulberry32 } from '../src/faults.js';
import { ObjectStorage } from '../src/products/oss/storage.js';
import { assignAt, decodeRecordPath, encodeRecordPath, removeAt, valueAt } from '../src/record-path.js';
import { StateStore } from '../src/store.js';

describe('record paths', () => {
  const random = mulberry32(7);
  const alphabet = ['a', 'b', '/', '\u0000', '\u0001', '\u0002', 'é', '😀', '_'];
  const randomName = () =>
    Array.from({ length: Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');

  test('a path comes back from its key unchanged, whatever bytes its names hold', () => {
    for (let i = 0; i < 500; i++) {
      const path = Array.from({ length: 1 + Math.floor(random() * 4) }, randomName);
      expect(decodeRecordPath(encodeRecordPath(path))).toEqual(path);
    }
  });

  test('different paths never share a key, and a record sorts right before its descendants', () => {
    const seen = new Map<string, string[]>();
    for (let i = 0; i < 500; i++) {
      const path = Array.from({ length: 1 + Math.floor(random() * 3) }, randomName);
      const key = encodeRecordPath(path).toString('hex');
      if (seen.has(key)) expect(seen.get(key)).toEqual(path);
      seen.set(key, path);
      const child = encodeRecordPath([...path, randomName()]);
      expect(Buffer.compare(encodeRecordPath(path), child)).toBe(-1);
    }
  });

  test('assignAt makes the objects on the way and defines a name like __proto__ as data', () => {
    const root: Record<string, unknown> = {};
    assignAt(root, ['oss', 'objects', '__proto__'], { size: 1 });
    expect(valueAt(root, ['oss', 'objects', '__proto__'])).toEqual({ size: 1 });
    expect(Object.getPrototypeOf(valueAt(root, ['oss', 'objects']))).toBe(Object.prototype);
    expect(valueAt(root, ['oss', 'missing', 'x'])).toBeUndefined();
    expect(() => assignAt(root, [], 1)).toThrow(/at least a slice/);
    removeAt(root, ['oss', 'objects', '__proto__']);
    removeAt(root, ['oss', 'missing', 'x']);
    expect(root).toEqual({ oss: { objects: {} } });
  });
});

describe('StateStore with a data dir', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pai-store-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  interface Jobs {
    jobs: Record<string, { status: string; logs?: string[] }>;
    config?: { tick: number };
  }

  // The slice's own record, written when the slice was made, holds `a` and `b` as they were then.
  test('records written, rewritten and removed come back as they were last committed', async () => {
    const first = new StateStore(dataDir);
    const state = first.slice<Jobs>('dlc', () => ({ jobs: {} }));
    state.jobs['a'] = { status: 'Running' };
    state.jobs['b'] = { status: 'Creating' };
    first.changed('dlc', 'jobs', 'a');
    first.changed('dlc', 'jobs', 'b');
    await first.committed();
    state.jobs['a']!.status = 'Stopped';
    first.changed('dlc', 'jobs', 'a');
    delete state.jobs['b'];
    first.changed('dlc', 'jobs', 'b');
    state.jobs['c'] = { status: 'Queuing' };
    first.changed('dlc', 'jobs', 'c');
    await first.committed();
    state.jobs['d'] = { status: 'never saved' }; // changed without changed(): not written
    await first.close();

    const second = new StateStore(dataDir);
    expect(second.slice<Jobs>('dlc', () => ({ jobs: {} }))).toEqual({
      jobs: { a: { status: 'Stopped' }, c: { status: 'Queuing' } },
    });
    await second.close();
  });

  test('a record written whole supersedes its parts written before, and not those written after', async () => {
    const first = new StateStore(dataDir);
    const state = first.slice<Jobs>('dlc', () => ({ jobs: {} }));
    state.jobs['a'] = { status: 'old' };
    first.changed('dlc', 'jobs', 'a');
    await first.committed();
    state.jobs = { b: { status: 'whole' } }; // the parent, rewritten without `a`
    first.changed('dlc', 'jobs');
    await first.committed();
    state.jobs['c'] = { status: 'newer part' };
    first.changed('dlc', 'jobs', 'c');
    await first.close();

    const second = new StateStore(dataDir);
    expect(second.slice<Jobs>('dlc', () => ({ jobs: {} })).jobs).toEqual({
      b: { status: 'whole' },
      c: { status: 'newer part' },
    });
    await second.close();
  });

  test('a blob no object uses any more is removed; one still in use stays', async () => {
    const store = new StateStore(dataDir);
    const storage = new ObjectStorage(store, () => 0);
    storage.ensureBucket('b');
    const shared = storage.put('b', 'one', Buffer.from('same bytes')).blob;
    storage.copy({ bucket: 'b', key: 'one' }, { bucket: 'b', key: 'two' });
    const replaced = storage.put('b', 'three', Buffer.from('first version')).blob;
    storage.put('b', 'three', Buffer.from('second version'));
    storage.delete('b', 'one');
    await store.close();

    const again = new StateStore(dataDir);
    expect(again.getBlob(shared).toString()).toBe('same bytes'); // `two` still uses it
    expect(() => again.getBlob(replaced)).toThrow(/missing/);
    const storageAgain = new ObjectStorage(again, () => 0);
    storageAgain.delete('b', 'two');
    await again.close();

    const last = new StateStore(dataDir);
    expect(() => last.getBlob(shared)).toThrow(/missing/);
    await last.close();
  });

  test('a blob that is released and stored again in the same moment stays', async () => {
    const store = new StateStore(dataDir);
    const storage = new ObjectStorage(store, () => 0);
    storage.ensureBucket('b');
    const digest = storage.put('b', 'k', Buffer.from('bytes')).blob;
    await store.committed();
    storage.delete('b', 'k');
    storage.put('b', 'k2', Buffer.from('bytes'));
    await store.close();

    const again = new StateStore(dataDir);
    expect(again.getBlob(digest).toString()).toBe('bytes');
    await again.close();
  });

  test('at start, blobs no object uses (a crash between blob and record) and temp files are removed', async () => {
    const store = new StateStore(dataDir);
    const orphan = store.putBlob(Buffer.from('written, but its object never was'));
    await store.close();
    writeFileSync(join(dataDir, 'ca-0123.pem.4242.tmp'), 'half a file');

    const again = new StateStore(dataDir);
    expect(readdirSync(dataDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(again.getBlob(orphan).toString()).toMatch(/never was/); // nothing has looked at the objects yet
    new ObjectStorage(again, () => 0);
    await again.close();

    const last = new StateStore(dataDir);
    expect(() => last.getBlob(orphan)).toThrow(/missing/);
    await last.close();
  });

  test('a write that cannot be stored rejects committed() and is logged, and later writes still work', async () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const store = new StateStore(dataDir);
      const state = store.slice<Record<string, string>>('misc', () => ({}));
      const tooLong = 'k'.repeat(4_000); // LMDB keys are limited to 1,978 bytes
      state[tooLong] = 'x';
      store.changed('misc', tooLong);
      await expect(store.committed()).rejects.toThrow();
      expect(error).toHaveBeenCalledWith('[emulator] state could not be saved:', expect.anything());
      state['fine'] = 'y';
      store.changed('misc', 'fine');
      await store.committed();
      await store.close();
      const again = new StateStore(dataDir);
      expect(again.slice<Record<string, string>>('misc', () => ({}))['fine']).toBe('y');
      await again.close();
    } finally {
      error.mockRestore();
    }
  });

  test('a data dir of the JSON era (state.json, blobs/) is imported once, then its files are removed', async () => {
    const data = Buffer.from('an object from before');
    const digest = createHash('sha256').update(data).digest('hex');
    mkdirSync(join(dataDir, 'blobs'));
    writeFileSync(join(dataDir, 'blobs', digest), data);
    const object = {
      key: 'k',
      blob: digest,
      size: data.length,
      etag: 'E',
      contentType: 'text/plain',
      lastModified: 1,
      meta: {},
    };
    const legacy = { oss: { buckets: { b: { createdAt: 1, objects: { k: object } } } }, seed: { adminToken: 't' } };
    writeFileSync(join(dataDir, 'state.json'), JSON.stringify(legacy));

    const first = new StateStore(dataDir);
    expect(first.slice('seed', () => ({}))).toEqual({ adminToken: 't' });
    await first.close();
    expect(existsSync(join(dataDir, 'state.json'))).toBe(false);
    expect(existsSync(join(dataDir, 'blobs'))).toBe(false);

    const second = new StateStore(dataDir);
    const storage = new ObjectStorage(second, () => 0);
    expect(storage.get('b', 'k')?.data.toString()).toBe('an object from before');
    await second.close();
  });

  test('a closed store writes nothing more', async () => {
    const store = new StateStore(dataDir);
    const state = store.slice<Jobs>('dlc', () => ({ jobs: {} }));
    await store.close();
    state.jobs['late'] = { status: 'Running' };
    store.changed('dlc', 'jobs', 'late');
    await store.committed();

    const again = new StateStore(dataDir);
    expect(again.slice<Jobs>('dlc', () => ({ jobs: {} })).jobs).toEqual({});
    await again.close();
  });
});

test('without a data dir, a blob no object uses is dropped from memory', () => {
  const store = new StateStore();
  const storage = new ObjectStorage(store, () => 0);
  storage.ensureBucket('b');
  const digest = storage.put('b', 'k', Buffer.from('bytes')).blob;
  expect(store.getBlob(digest).toString()).toBe('bytes');
  storage.delete('b', 'k');
  expect(() => store.getBlob(digest)).toThrow(/missing/);
});
