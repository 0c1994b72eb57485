import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { ErrorNotice } from '../../design/ErrorNotice';
import { Badge, EmptyState, Loading, StatusBadge } from '../../design/Feedback';
import { featureLabel } from '../../lib/features';
import { formatDateTime } from '../../lib/format';
import { RecentCallsQuery } from './operations';

export function RecentCalls() {
  const { data, loading, error } = useQuery(RecentCallsQuery, { variables: { first: 8 } });
  const calls = data?.consumptionLogs.nodes;
  return (
    <section className="card" aria-labelledby="recent-calls-heading">
      <div className="row row--between">
        <h2 id="recent-calls-heading">Recent calls</h2>
        <Link to="/usage" className="small">
          Full usage log
        </Link>
      </div>
      {error && <ErrorNotice error={error} />}
      {loading && !calls && <Loading />}
      {calls && calls.length === 0 && (
        <EmptyState title="No calls yet">
          <Link to="/playground">Try a model in the playground</Link>
        </EmptyState>
      )}
      {calls && calls.length > 0 && (
        <ul className="text-list" data-testid="recent-calls">
          {calls.map((call) => (
            <li key={call.id} style={{ justifyContent: 'space-between', flexWrap: 'wrap', borderBottom: '1px solid var(--color-border)', padding: '6px 0' }}>
              <span>
                <strong>{featureLabel(call.feature)}</strong> <span className="small muted">{formatDateTime(call.createdAt)}</span>
              </span>
              <span className="row">
                {call.source === 'API' ? <Badge tone="info">API</Badge> : <Badge>Dashboard</Badge>}
                <StatusBadge status={call.status} />
                <span className="nowrap">−{call.credits}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
