import { collectPages, numberedPages, paginate, type Page } from '../src/paging.js';
import { PaiApiError } from '../src/errors.js';

const where = { product: 'test', action: 'ListThings' };

/** A token listing over `pages`, recording the cursors it was asked for. */
function tokenListing(pages: Page<number, string>[]) {
  const asked: (string | undefined)[] = [];
  const fetch = async (cursor: string | undefined) => {
    asked.push(cursor);
    const index = cursor === undefined ? 0 : Number(cursor.slice('t'.length));
    return pages[index]!;
  };
  return { fetch, asked };
}

/** A numbered listing of `total` items; `reportTotal` false leaves TotalCount out. */
function numberedListing(total: number, reportTotal: boolean) {
  const asked: number[] = [];
  const fetch = async (pageNumber: number, pageSize: number) => {
    asked.push(pageNumber);
    const items = Array.from({ length: total }, (_, i) => i).slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    return reportTotal ? { items, totalCount: total } : { items };
  };
  return { fetch, asked };
}

describe('token listings', () => {
  test('follow the cursor to the page without one, items in order', async () => {
    const { fetch, asked } = tokenListing([{ items: [1, 2], next: 't1' }, { items: [3], next: 't2' }, { items: [4] }]);
    expect(await collectPages(fetch, where)).toEqual([1, 2, 3, 4]);
    expect(asked).toEqual([undefined, 't1', 't2']);
  });

  test('yield one array per page', async () => {
    const { fetch } = tokenListing([{ items: [1, 2], next: 't1' }, { items: [] }]);
    const pages: (readonly number[])[] = [];
    for await (const page of paginate(fetch, where)) pages.push(page);
    expect(pages).toEqual([[1, 2], []]);
  });

  test('a cursor handed out twice fails, naming the listing and the cursor, without asking again', async () => {
    const { fetch, asked } = tokenListing([
      { items: [1], next: 't1' },
      { items: [2], next: 't1' },
    ]);
    const failure = collectPages(fetch, { ...where, cursorName: 'NextToken' });
    await expect(failure).rejects.toThrow(PaiApiError);
    await expect(failure).rejects.toThrow(/test ListThings failed: .*NextToken t1 came back a second time/);
    expect(asked).toEqual([undefined, 't1']);
  });
});

describe('numbered listings', () => {
  test.each([
    ['with TotalCount, stops once all arrived (no empty page after a full last page)', true, 6, [1, 2, 3]],
    ['without TotalCount, a full last page needs one more (empty) look', false, 6, [1, 2, 3, 4]],
    ['with TotalCount, a short page ends it', true, 5, [1, 2, 3]],
    ['without TotalCount, a short page ends it', false, 5, [1, 2, 3]],
    ['an empty listing is one request', true, 0, [1]],
  ])('%s', async (_name, reportTotal, total, expectedPages) => {
    const { fetch, asked } = numberedListing(total, reportTotal);
    const items = await collectPages(numberedPages(2, fetch), where);
    expect(items).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(asked).toEqual(expectedPages);
  });

  test('a server that ignores PageNumber and leaves out TotalCount is stopped by the page cap', async () => {
    let requests = 0;
    const sameFullPage = numberedPages(2, async () => {
      requests++;
      return { items: [1, 2] };
    });
    await expect(collectPages(sameFullPage, { ...where, maxPages: 5 })).rejects.toThrow(
      /more than 5 pages; the listing was stopped before its end/,
    );
    expect(requests).toBe(5);
  });
});

describe('the page cap', () => {
  const fivePages = () =>
    tokenListing([
      { items: [1], next: 't1' },
      { items: [2], next: 't2' },
      { items: [3], next: 't3' },
      { items: [4], next: 't4' },
      { items: [5] },
    ]);

  test('a listing that ends on the last allowed page is complete, not capped', async () => {
    expect(await collectPages(fivePages().fetch, { ...where, maxPages: 5 })).toEqual([1, 2, 3, 4, 5]);
  });

  test('fails by default when pages remain', async () => {
    const { fetch, asked } = fivePages();
    await expect(collectPages(fetch, { ...where, maxPages: 2 })).rejects.toThrow(/more than 2 pages/);
    expect(asked).toHaveLength(2);
  });

  test("whenCapped 'stop' returns what was read", async () => {
    expect(await collectPages(fivePages().fetch, { ...where, maxPages: 3, whenCapped: 'stop' })).toEqual([1, 2, 3]);
  });

  test('must be a positive whole number', async () => {
    await expect(collectPages(fivePages().fetch, { ...where, maxPages: 0 })).rejects.toThrow(RangeError);
  });
});
