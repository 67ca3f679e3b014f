import { useEffect, useState } from 'react';

export const PAGE_SIZE = 10;

/** One page of a list the service returns whole (undefined while it loads); the pager moves through it. */
export function usePaged<T>(items: T[] | undefined, pageSize = PAGE_SIZE) {
  const [page, setPage] = useState(0);
  const total = items?.length ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  useEffect(() => {
    if (page >= pages) setPage(pages - 1);
  }, [page, pages]);
  const current = Math.min(page, pages - 1);
  return {
    rows: items?.slice(current * pageSize, (current + 1) * pageSize),
    pager: <Pager page={current} hasMore={current < pages - 1} onPrevious={() => setPage(current - 1)} onNext={() => setPage(current + 1)} total={total} pageSize={pageSize} />,
  };
}

/** Pages a service serves itself with a cursor (`after` the last id seen): back goes through the cursors kept. */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const index = cursors.length - 1;
  return {
    after: cursors[index],
    page: index,
    next: (lastId: string) => setCursors((c) => [...c, lastId]),
    previous: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
  };
}

/**
 * The one pager of every list. With the list's total (a whole list, or billing's lists that count theirs) it also
 * says how many pages and items there are; a cursor list without one only knows whether there is a next page.
 */
export function Pager({
  page,
  hasMore,
  onNext,
  onPrevious,
  total,
  pageSize = PAGE_SIZE,
}: {
  page: number;
  hasMore: boolean;
  onNext: () => void;
  onPrevious: () => void;
  total?: number;
  pageSize?: number;
}) {
  if (page === 0 && !hasMore) return null;
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" onClick={onPrevious} disabled={page === 0}>
        Previous page
      </button>
      <span>
        Page {page + 1}
        {total !== undefined && ` of ${Math.max(1, Math.ceil(total / pageSize))} (${total} in all)`}
      </span>
      <button type="button" onClick={onNext} disabled={!hasMore}>
        Next page
      </button>
    </nav>
  );
}
