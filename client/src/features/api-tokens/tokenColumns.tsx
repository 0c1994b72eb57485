import type { Column } from '../../design/DataTable';
import { Badge } from '../../design/Feedback';
import { graphql } from '../../gql';
import type { ApiTokenFieldsFragment as Token } from '../../gql/graphql';
import { formatDate, formatDateTime } from '../../lib/format';

/** An API token's metadata (never its secret), for the owner's token page and the admin console. */
export const ApiTokenFieldsFragment = graphql(`
  fragment ApiTokenFields on ApiToken {
    id
    name
    prefix
    createdAt
    lastUsedAt
    expiresAt
    revokedAt
    active
    spendLimit
    spentThisMonth
  }
`);

function tokenStatus(token: Token) {
  if (token.revokedAt) return <Badge tone="danger">Revoked</Badge>;
  if (!token.active) return <Badge tone="warning">Expired</Badge>;
  return <Badge tone="success">Active</Badge>;
}

export const tokenColumns = {
  name: { header: 'Name', cell: (token) => token.name },
  prefix: { header: 'Prefix', cell: (token) => <code>{token.prefix}…</code> },
  status: { header: 'Status', cell: tokenStatus },
  created: { header: 'Created', nowrap: true, cell: (token) => formatDate(token.createdAt) },
  lastUsed: { header: 'Last used', nowrap: true, cell: (token) => (token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never') },
  expires: { header: 'Expires', nowrap: true, cell: (token) => (token.expiresAt ? formatDate(token.expiresAt) : 'Never') },
  spent: {
    header: 'Spent / cap this month',
    numeric: true,
    nowrap: true,
    cell: (token) => `${token.spentThisMonth.toLocaleString()} / ${token.spendLimit === null || token.spendLimit === undefined ? 'no cap' : token.spendLimit.toLocaleString()}`,
  },
} satisfies Record<string, Column<Token>>;
