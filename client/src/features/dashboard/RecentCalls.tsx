import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { Card } from '../../design/Card';
import { ErrorNotice } from '../../design/ErrorNotice';
import { EmptyState, Loading } from '../../design/Feedback';
import { CallList } from '../usage-log/CallList';
import { ConsumptionLogsQuery } from '../usage-log/operations';

export function RecentCalls() {
  const { data, loading, error } = useQuery(ConsumptionLogsQuery, { variables: { first: 8 } });
  const calls = data?.consumptionLogs.nodes;
  return (
    <Card
      title="Recent calls"
      aside={
        <Link to="/usage" className="small">
          Full usage log
        </Link>
      }
    >
      {error && <ErrorNotice error={error} />}
      {loading && !calls && <Loading />}
      {calls && calls.length === 0 && (
        <EmptyState title="No calls yet">
          <Link to="/playground">Try a model in the playground</Link>
        </EmptyState>
      )}
      {calls && calls.length > 0 && <CallList calls={calls} testId="recent-calls" />}
    </Card>
  );
}
