import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useCursorPager } from './CursorPager';
import { DataTable, type Column } from './DataTable';

interface Entry {
  id: string;
  reason: string;
  change: number;
}

const COLUMNS: Array<Column<Entry>> = [
  { header: 'Reason', cell: (entry) => entry.reason },
  { header: 'Change', numeric: true, cell: (entry) => entry.change },
  { header: 'Actions', hiddenHeader: true, cell: () => <button type="button">Undo</button> },
];
const ROWS: Entry[] = [
  { id: '1', reason: 'Signup grant', change: 50 },
  { id: '2', reason: 'Pose estimation', change: -2 },
];

/** jsdom lays nothing out: give the scroll box the widths a 375 px screen would. */
function layOut({ content, box }: { content: number; box: number }) {
  vi.spyOn(HTMLElement.prototype, 'scrollWidth', 'get').mockImplementation(function (this: HTMLElement) {
    return this.classList.contains('table-wrap') ? content : 0;
  });
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(function (this: HTMLElement) {
    return this.classList.contains('table-wrap') ? box : 0;
  });
}

afterEach(() => vi.restoreAllMocks());

describe('DataTable', () => {
  it('renders typed columns: headers (hidden ones for screen readers only), numeric cells, one row per item', () => {
    render(<DataTable columns={COLUMNS} rows={ROWS} empty="Nothing" testId="ledger" rowTestId="ledger-row" />);
    const table = screen.getByTestId('ledger');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((header) => header.textContent),
    ).toEqual(['Reason', 'Change', 'Actions']);
    expect(within(table).getByText('Actions')).toHaveClass('visually-hidden');
    expect(screen.getAllByTestId('ledger-row')).toHaveLength(2);
    expect(within(table).getByText('-2')).toHaveClass('num');
  });

  it('shows the loading state, then the empty state with its hint, and an error', () => {
    const { rerender } = render(<DataTable columns={COLUMNS} rows={undefined} loading empty={{ title: 'No calls yet', hint: 'Calls appear here.' }} />);
    expect(screen.getByRole('status')).toHaveTextContent('Loading…');
    rerender(<DataTable columns={COLUMNS} rows={[]} empty={{ title: 'No calls yet', hint: 'Calls appear here.' }} />);
    expect(screen.getByText('No calls yet')).toBeInTheDocument();
    expect(screen.getByText('Calls appear here.')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    rerender(<DataTable columns={COLUMNS} rows={undefined} error={[{ code: 'FORBIDDEN', message: 'Not for you' }]} empty="No calls yet" />);
    expect(screen.getByRole('alert')).toHaveTextContent('Not for you');
  });

  it('pages forward and back with the cursor pager', async () => {
    const user = userEvent.setup();
    const after: Array<string | null> = [];
    function Paged() {
      const pager = useCursorPager();
      after.push(pager.after);
      return <DataTable columns={COLUMNS} rows={ROWS} empty="Nothing" pagination={{ pager, pageInfo: { __typename: 'PageInfo', endCursor: 'cursor-2', hasNextPage: pager.pageNumber === 1 } }} />;
    }
    render(<Paged />);
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('Page 2')).toBeInTheDocument();
    expect(after.at(-1)).toBe('cursor-2');
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Previous' }));
    expect(after.at(-1)).toBeNull();
  });

  it('says that a table wider than its box scrolls sideways, until the last column is in view', () => {
    layOut({ content: 640, box: 375 });
    render(<DataTable columns={COLUMNS} rows={ROWS} empty="Nothing" />);
    expect(screen.getByTestId('table-scroll-hint')).toHaveTextContent('Scroll sideways for more columns');
    // Keyboard users can scroll it too.
    const box = screen.getByRole('region', { name: 'Table, scrolls sideways' });
    expect(box).toHaveAttribute('tabindex', '0');

    box.scrollLeft = 640 - 375;
    fireEvent.scroll(box);
    expect(screen.queryByTestId('table-scroll-hint')).not.toBeInTheDocument();
    box.scrollLeft = 100;
    fireEvent.scroll(box);
    expect(screen.getByTestId('table-scroll-hint')).toBeInTheDocument();
  });

  it('shows no hint when the table fits', () => {
    layOut({ content: 900, box: 900 });
    render(<DataTable columns={COLUMNS} rows={ROWS} empty="Nothing" />);
    expect(screen.queryByTestId('table-scroll-hint')).not.toBeInTheDocument();
    expect(screen.queryByRole('region')).not.toBeInTheDocument();
  });
});
