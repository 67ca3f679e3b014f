import { ListPage } from '../api/http';
import { CursorPager, PAGE_SIZE, useCursorPages } from './pagination';
import { Resource, useResource } from './use-resource';

/** A list the service pages itself: the current page, and a pager that walks the cursors. */
export function useCursorList<T>(load: (limit: number, after?: string) => Promise<ListPage<T>>, deps: unknown[], pageSize = PAGE_SIZE) {
  const cursors = useCursorPages();
  const resource: Resource<ListPage<T>> = useResource(() => load(pageSize, cursors.after), [...deps, cursors.after]);
  const page = resource.data;
  const pager = page ? (
    <CursorPager
      page={cursors.page}
      hasMore={page.has_more}
      onNext={() => page.last_id && cursors.next(page.last_id)}
      onPrevious={cursors.previous}
      total={page.total}
      pageSize={pageSize}
    />
  ) : null;
  return { resource, pager, firstPage: cursors.page === 0 };
}
