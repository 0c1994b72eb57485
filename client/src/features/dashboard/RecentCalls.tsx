import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { ErrorNotice } from '../../design/ErrorNotice';
import { EmptyState, Loading } from '../../design/Feedback';
import { CallList } from '../usage-log/CallList';
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
      {calls && calls.length > 0 && <CallList calls={calls} testId="recent-calls" />}
    </section>
  );
}
