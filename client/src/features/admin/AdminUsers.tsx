import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { usePagedQuery } from '../../design/CursorPager';
import { DataTable, type Column } from '../../design/DataTable';
import { TextField } from '../../design/Field';
import { Badge } from '../../design/Feedback';
import { graphql } from '../../gql';
import type { AdminUserFieldsFragment as AdminUser } from '../../gql/graphql';
import { formatDate } from '../../lib/format';
import { AdminUsersQuery } from './operations';

/** An account as the admin console lists it. */
export const AdminUserFieldsFragment = graphql(`
  fragment AdminUserFields on AdminUser {
    id
    email
    firstName
    lastName
    company
    credits
    role
    plan
    disabled
    deletedAt
    createdAt
  }
`);

export function adminUserName(user: AdminUser): string {
  return user.deletedAt ? 'Deleted account' : `${user.firstName} ${user.lastName}`;
}

const USER_COLUMNS: Array<Column<AdminUser>> = [
  {
    header: 'User',
    cell: (user) => (
      <>
        <Link to={`/admin/users/${user.id}`}>{adminUserName(user)}</Link>
        <div className="small muted">{user.email}</div>
      </>
    ),
  },
  { header: 'Company', cell: (user) => user.company ?? '—' },
  { header: 'Credits', numeric: true, cell: (user) => user.credits.toLocaleString() },
  { header: 'Plan', cell: (user) => user.plan.toLowerCase() },
  { header: 'Joined', nowrap: true, cell: (user) => formatDate(user.createdAt) },
  {
    header: 'State',
    cell: (user) => (
      <>
        {user.role === 'ADMIN' && <Badge tone="info">Admin</Badge>} {user.disabled && <Badge tone="danger">Disabled</Badge>} {user.deletedAt && <Badge>Deleted</Badge>}
      </>
    ),
  },
];

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
  const { pager, table } = usePagedQuery(AdminUsersQuery, { variables: { search: debouncedSearch || null }, pageSize: 25, select: (data) => data.users });
  const { reset } = pager;
  useEffect(() => reset(), [debouncedSearch, reset]);
  return (
    <div className="stack">
      <div style={{ maxWidth: 420 }}>
        <TextField label="Search users" type="search" placeholder="E-mail, name, company or user id" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      <DataTable {...table} columns={USER_COLUMNS} empty="No users match" testId="admin-users-table" />
    </div>
  );
}
