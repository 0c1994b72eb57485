import { useCallback, useState } from 'react';
import { graphql } from '../gql';

/** What every paged query selects besides its nodes. */
export const PageInfoFieldsFragment = graphql(`
  fragment PageInfoFields on PageInfo {
    endCursor
    hasNextPage
  }
`);

/**
 * Keyset pagination state: a stack of `after` cursors so the user can go back as well as forward.
 * Reset it whenever the filters change.
 */
export function useCursorPager() {
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const next = useCallback((endCursor: string | null | undefined) => {
    if (endCursor) setCursors((stack) => [...stack, endCursor]);
  }, []);
  const previous = useCallback(() => setCursors((stack) => (stack.length > 1 ? stack.slice(0, -1) : stack)), []);
  const reset = useCallback(() => setCursors((stack) => (stack.length === 1 ? stack : [null])), []);
  return { after: cursors[cursors.length - 1], pageNumber: cursors.length, next, previous, reset };
}

export type CursorPager = ReturnType<typeof useCursorPager>;

export function CursorPagerControls({ pager, hasNextPage, endCursor, loading }: { pager: CursorPager; hasNextPage: boolean; endCursor?: string | null; loading?: boolean }) {
  if (pager.pageNumber === 1 && !hasNextPage) return null;
  return (
    <nav className="pagination" aria-label="Pagination">
      <button type="button" className="button button--secondary button--small" disabled={pager.pageNumber === 1 || loading} onClick={pager.previous}>
        Previous
      </button>
      <span className="small muted">Page {pager.pageNumber}</span>
      <button type="button" className="button button--secondary button--small" disabled={!hasNextPage || loading} onClick={() => pager.next(endCursor)}>
        Next
      </button>
    </nav>
  );
}
