import type { OperationVariables, TypedDocumentNode } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { useCallback, useState } from 'react';
import { graphql } from '../gql';
import type { PageInfoFieldsFragment as PageInfo } from '../gql/graphql';

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

interface Page {
  nodes: ReadonlyArray<{ id: string }>;
  pageInfo: PageInfo;
}

/**
 * A keyset-paged query with its pager: `table` is what a DataTable needs besides its columns and
 * empty state. `variables` are the filters; call `pager.reset()` when they change.
 */
export function usePagedQuery<TData, TVariables extends OperationVariables & { first: number; after?: string | null }, TPage extends Page>(
  query: TypedDocumentNode<TData, TVariables>,
  {
    variables,
    pageSize,
    select,
    pollInterval,
  }: { variables: Omit<TVariables, 'first' | 'after'>; pageSize: number; select: (data: TData) => TPage; /** Asks again every so many ms (0: never) */ pollInterval?: number },
) {
  const pager = useCursorPager();
  const { data, loading, error, refetch } = useQuery(query, { variables: { ...variables, first: pageSize, after: pager.after } as unknown as TVariables, pollInterval });
  const page = data ? select(data as TData) : undefined;
  const table = { rows: page?.nodes as TPage['nodes'] | undefined, loading, error, pagination: { pager, pageInfo: page?.pageInfo } };
  return { pager, page, refetch, table };
}

/**
 * A query that answers a whole list at once (no pages): `rows` are the selected items and `table` is,
 * as with usePagedQuery, what a DataTable needs besides its columns and empty state.
 */
export function useListQuery<TData, TRow extends { id: string }>(query: TypedDocumentNode<TData, { [key: string]: never }>, select: (data: TData) => readonly TRow[]) {
  const { data, loading, error } = useQuery(query);
  const rows = data ? select(data) : undefined;
  return { rows, table: { rows, loading, error } };
}
