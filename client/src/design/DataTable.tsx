import { useCallback, useLayoutEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import type { PageInfoFieldsFragment } from '../gql/graphql';
import { CursorPagerControls, type CursorPager } from './CursorPager';
import { ErrorNotice } from './ErrorNotice';
import { EmptyState, Loading } from './Feedback';
import { SelectField } from './Field';

/** One column: its header and how a row fills its cell. */
export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  /** Right-aligned tabular figures. */
  numeric?: boolean;
  nowrap?: boolean;
  /** The header is read to screen readers only (an actions column). */
  hiddenHeader?: boolean;
  className?: string;
  style?: CSSProperties;
}

export interface DataTableProps<Row extends { id: string }> {
  columns: ReadonlyArray<Column<Row> | false | null | undefined>;
  /** Undefined while nothing has arrived yet. */
  rows: readonly Row[] | undefined;
  loading?: boolean;
  error?: unknown;
  /** What an empty result says: a title, and optionally a hint below it. */
  empty: string | { title: string; hint: ReactNode };
  pagination?: { pager: CursorPager; pageInfo: PageInfoFieldsFragment | undefined };
  testId?: string;
  rowTestId?: string;
  /** Shown beside the pager under a non-empty table (e.g. a bulk action). */
  footer?: ReactNode;
}

/**
 * Every list of the dashboard and the admin console: loading, error, empty state, the table with a
 * scroll hint when it is wider than its box (narrow screens), and keyset pagination.
 */
export function DataTable<Row extends { id: string }>({ columns, rows, loading = false, error, empty, pagination, testId, rowTestId, footer }: DataTableProps<Row>) {
  const shown = columns.filter((column): column is Column<Row> => Boolean(column));
  const pager = pagination?.pageInfo && <CursorPagerControls pager={pagination.pager} hasNextPage={pagination.pageInfo.hasNextPage} endCursor={pagination.pageInfo.endCursor} loading={loading} />;
  return (
    <>
      <ErrorNotice error={error} />
      {loading && !rows && <Loading />}
      {rows && rows.length === 0 && (typeof empty === 'string' ? <EmptyState title={empty} /> : <EmptyState title={empty.title}>{empty.hint}</EmptyState>)}
      {rows && rows.length > 0 && (
        <ScrollBox>
          <table className="table" data-testid={testId}>
            <thead>
              <tr>
                {shown.map((column) => (
                  <th key={column.header} scope="col" className={column.numeric ? 'num' : undefined}>
                    {column.hiddenHeader ? <span className="visually-hidden">{column.header}</span> : column.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-testid={rowTestId}>
                  {shown.map((column) => (
                    <td key={column.header} className={cellClass(column)} style={column.style}>
                      {column.cell(row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {footer && rows && rows.length > 0 ? (
        <div className="row row--between" style={{ marginTop: 12 }}>
          {footer}
          {pager}
        </div>
      ) : (
        pager
      )}
    </>
  );
}

/** A select that narrows a paged table; choosing another value starts again on the first page. */
export function FilterSelect<Value extends string>({
  label,
  value,
  options,
  onChange,
  pager,
}: {
  label: string;
  value: Value;
  options: ReadonlyArray<readonly [Value, string]>;
  onChange: (value: Value) => void;
  pager: CursorPager;
}) {
  return (
    <div style={{ maxWidth: 240 }}>
      <SelectField
        label={label}
        value={value}
        onChange={(event) => {
          onChange(event.target.value as Value);
          pager.reset();
        }}
      >
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </SelectField>
    </div>
  );
}

function cellClass(column: Column<never>): string | undefined {
  const classes = [column.numeric && 'num', column.nowrap && 'nowrap', column.className].filter(Boolean);
  return classes.length ? classes.join(' ') : undefined;
}

/** Whether a box scrolls sideways, and whether columns are still hidden to its right. */
function useHorizontalOverflow() {
  const ref = useRef<HTMLDivElement>(null);
  const [state, setState] = useState({ overflowing: false, moreToTheRight: false });
  const measure = useCallback(() => {
    const box = ref.current;
    if (!box) return;
    const overflowing = box.scrollWidth > box.clientWidth + 1;
    const moreToTheRight = overflowing && box.scrollLeft + box.clientWidth < box.scrollWidth - 1;
    setState((current) => (current.overflowing === overflowing && current.moreToTheRight === moreToTheRight ? current : { overflowing, moreToTheRight }));
  }, []);
  useLayoutEffect(() => {
    measure();
    const box = ref.current;
    window.addEventListener('resize', measure);
    const observer = typeof ResizeObserver === 'undefined' || !box ? null : new ResizeObserver(measure);
    if (box) observer?.observe(box);
    if (box?.firstElementChild) observer?.observe(box.firstElementChild);
    return () => {
      window.removeEventListener('resize', measure);
      observer?.disconnect();
    };
  });
  return { ref, measure, ...state };
}

/**
 * Wide tables scroll inside their own box. When they do, the box is focusable (keyboard scrolling)
 * and a visible "scroll" cue with a shadow on the right edge says that columns are cut off.
 */
function ScrollBox({ children }: { children: ReactNode }) {
  const { ref, measure, overflowing, moreToTheRight } = useHorizontalOverflow();
  return (
    <div className="table-scroll">
      <div className="table-scroll__frame">
        <div
          ref={ref}
          className="table-wrap"
          onScroll={measure}
          tabIndex={overflowing ? 0 : undefined}
          role={overflowing ? 'region' : undefined}
          aria-label={overflowing ? 'Table, scrolls sideways' : undefined}
        >
          {children}
        </div>
        {moreToTheRight && <span className="table-scroll__shadow" aria-hidden="true" />}
      </div>
      {moreToTheRight && (
        <p className="table-scroll__hint small muted" data-testid="table-scroll-hint">
          Scroll sideways for more columns →
        </p>
      )}
    </div>
  );
}

/** A button acting on one row; `danger` for what cannot be undone. */
export interface RowAction {
  label: string;
  onClick: () => void;
  danger?: boolean;
  /** Names the row too where the label alone would be ambiguous to screen readers ("Delete https://…"). */
  ariaLabel?: string;
}

/** The column of small buttons that act on each row (rotate, revoke, delete…); a row with no actions gets an empty cell. */
export function actionsColumn<Row>(actions: (row: Row) => readonly RowAction[]): Column<Row> {
  return {
    header: 'Actions',
    hiddenHeader: true,
    cell: (row) => {
      const buttons = actions(row);
      return (
        buttons.length > 0 && (
          <div className="row" style={{ flexWrap: 'nowrap' }}>
            {buttons.map(({ label, onClick, danger = false, ariaLabel }) => (
              <button key={label} type="button" className={danger ? 'button button--danger button--small' : 'button button--secondary button--small'} onClick={onClick} aria-label={ariaLabel}>
                {label}
              </button>
            ))}
          </div>
        )
      );
    },
  };
}
