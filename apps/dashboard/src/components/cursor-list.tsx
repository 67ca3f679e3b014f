import { ListPage } from '../api/http';
import { ListRows } from './list-view';
import { PAGE_SIZE, Pager, useCursorPages } from './pagination';
import { Resource, useResource } from './use-resource';

/** A list the service pages itself: the current page's rows, and a pager that walks the cursors. */
export function useCursorList<T>(
  load: (limit: number, after?: string) => Promise<ListPage<T>>,
  deps: unknown[],
  pageSize = PAGE_SIZE,
): ListRows<T> & { resource: Resource<ListPage<T>> } {
  const cursors = useCursorPages();
  const resource = useResource(() => load(pageSize, cursors.after), [...deps, cursors.after]);
  const page = resource.data;
  const pager = page ? (
    <Pager
      page={cursors.page}
      hasMore={page.has_more}
      onNext={() => page.last_id && cursors.next(page.last_id)}
      onPrevious={cursors.previous}
      total={page.total}
      pageSize={pageSize}
    />
  ) : null;
  return { resource, rows: page?.data, error: resource.error, pager };
}
