import { useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { CursorPagerControls, useCursorPager } from '../../design/CursorPager';
import { ErrorNotice } from '../../design/ErrorNotice';
import { TextField } from '../../design/Field';
import { Badge, EmptyState, Loading } from '../../design/Feedback';
import { formatDate } from '../../lib/format';
import { AdminUsersQuery } from './operations';

/** Waits until typing pauses before searching. */
function useDebounced<T>(value: T, delayMs = 300): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

export function AdminUsers() {
  const [search, setSearch] = useState('');
  const debouncedSearch = useDebounced(search.trim());
  const pager = useCursorPager();
  const { reset } = pager;
  useEffect(() => reset(), [debouncedSearch, reset]);
  const { data, loading, error } = useQuery(AdminUsersQuery, { variables: { search: debouncedSearch || null, first: 25, after: pager.after } });
  const page = data?.users;
  return (
    <div className="stack">
      <div style={{ maxWidth: 420 }}>
        <TextField label="Search users" type="search" placeholder="E-mail, name, company or user id" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      {error && <ErrorNotice error={error} />}
      {loading && !page && <Loading />}
      {page && page.nodes.length === 0 && <EmptyState title="No users match" />}
      {page && page.nodes.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="admin-users-table">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Company</th>
                <th scope="col" className="num">
                  Credits
                </th>
                <th scope="col">Plan</th>
                <th scope="col">Joined</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {page.nodes.map((user) => (
                <tr key={user.id}>
                  <td>
                    <Link to={`/admin/users/${user.id}`}>{user.deletedAt ? 'Deleted account' : `${user.firstName} ${user.lastName}`}</Link>
                    <div className="small muted">{user.email}</div>
                  </td>
                  <td>{user.company ?? '—'}</td>
                  <td className="num">{user.credits.toLocaleString()}</td>
                  <td>{user.plan.toLowerCase()}</td>
                  <td className="nowrap">{formatDate(user.createdAt)}</td>
                  <td>
                    {user.role === 'ADMIN' && <Badge tone="info">Admin</Badge>} {user.disabled && <Badge tone="danger">Disabled</Badge>}{' '}
                    {user.deletedAt && <Badge>Deleted</Badge>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page && <CursorPagerControls pager={pager} hasNextPage={page.pageInfo.hasNextPage} endCursor={page.pageInfo.endCursor} loading={loading} />}
    </div>
  );
}
