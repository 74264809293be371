/**
 * One way to walk a paged listing, whatever the API's paging style: numbered pages (EAS, DLC,
 * CloudMonitor's metric metadata) or continuation tokens (OSS, CloudMonitor's datapoints). Every
 * list-all in the clients goes through `paginate`, so each gets the same two guards: a cap on
 * pages, and a stop when a server hands out a cursor it gave before (it would loop forever).
 */
import { INVALID_RESPONSE_CODE, PaiApiError } from './errors.js';

/** One page as a listing returns it: its items and, unless it is the last, where the next begins. */
export interface Page<T, Cursor> {
  items: readonly T[];
  next?: Cursor;
}

/** Reads the page at `cursor` (undefined: the first page). */
export type FetchPage<T, Cursor> = (cursor: Cursor | undefined) => Promise<Page<T, Cursor>>;

/** What every list-all takes. */
export interface ListAllOptions {
  /** Items per request; each client has its own default and maximum. */
  pageSize?: number;
  /** The most requests one listing may make (default 1,000). */
  maxPages?: number;
  /**
   * `fail` (default): reaching maxPages with more pages left is an error, so a caller never acts
   * on a listing it believes complete when it is not. `stop`: return what was read (a bounded
   * look-up that accepts missing the rest).
   */
  whenCapped?: 'fail' | 'stop';
}

export interface PagingOptions extends Pick<ListAllOptions, 'maxPages' | 'whenCapped'> {
  /** Names the listing in errors: the product and the API action. */
  product: string;
  action: string;
  /** What the API calls its cursor (NextToken, continuation token), for errors; default "cursor". */
  cursorName?: string;
}

export const DEFAULT_MAX_PAGES = 1000;

/** Yields the pages' items in order, one array per request. */
export async function* paginate<T, Cursor extends string | number>(
  fetchPage: FetchPage<T, Cursor>,
  options: PagingOptions,
): AsyncGenerator<readonly T[], void, undefined> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  if (!Number.isInteger(maxPages) || maxPages < 1) throw new RangeError(`maxPages must be a positive integer`);
  const seen = new Set<Cursor>();
  let cursor: Cursor | undefined;
  for (let read = 0; ;) {
    const page = await fetchPage(cursor);
    read++;
    yield page.items;
    if (page.next === undefined) return;
    if (seen.has(page.next)) {
      throw pagingError(
        options,
        `${options.cursorName ?? 'cursor'} ${String(page.next)} came back a second time; the listing would never end`,
      );
    }
    if (read >= maxPages) {
      if (options.whenCapped === 'stop') return;
      throw pagingError(options, `more than ${maxPages} pages; the listing was stopped before its end`);
    }
    seen.add(page.next);
    cursor = page.next;
  }
}

/** Every item of every page, in order. */
export async function collectPages<T, Cursor extends string | number>(
  fetchPage: FetchPage<T, Cursor>,
  options: PagingOptions,
): Promise<T[]> {
  const items: T[] = [];
  for await (const page of paginate(fetchPage, options)) items.push(...page);
  return items;
}

/** What a numbered-page API answers: the page's items and, if it says, how many there are in all. */
export interface NumberedPage<T> {
  items: readonly T[];
  totalCount?: number;
}

/**
 * Adapts a PageNumber/PageSize API (first page 1) to FetchPage. A listing ends on a short page,
 * or once TotalCount items have arrived; without TotalCount only a short page says it is done.
 */
export function numberedPages<T>(
  pageSize: number,
  fetchNumbered: (pageNumber: number, pageSize: number) => Promise<NumberedPage<T>>,
): FetchPage<T, number> {
  let received = 0;
  return async (cursor) => {
    const pageNumber = cursor ?? 1;
    const answer = await fetchNumbered(pageNumber, pageSize);
    received += answer.items.length;
    const complete =
      answer.items.length < pageSize || (answer.totalCount !== undefined && received >= answer.totalCount);
    return complete ? { items: answer.items } : { items: answer.items, next: pageNumber + 1 };
  };
}

function pagingError(options: PagingOptions, message: string): PaiApiError {
  return new PaiApiError({
    code: INVALID_RESPONSE_CODE,
    message: `listing: ${message}`,
    product: options.product,
    action: options.action,
  });
}
