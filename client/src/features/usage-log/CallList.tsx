import { Badge, StatusBadge } from '../../design/Feedback';
import { graphql } from '../../gql';
import type { ConsumptionLogFieldsFragment as Call } from '../../gql/graphql';
import { featureLabel } from '../../lib/features';
import { formatDateTime } from '../../lib/format';

/** One paid call, as the usage log, the dashboard and the admin console show it. */
export const ConsumptionLogFieldsFragment = graphql(`
  fragment ConsumptionLogFields on ConsumptionLog {
    id
    createdAt
    feature
    credits
    source
    status
    durationMs
    errorCode
    imageUrl
    apiTokenId
    apiTokenName
    apiTokenPrefix
  }
`);

export function SourceBadge({ source }: { source: Call['source'] }) {
  return source === 'API' ? <Badge tone="info">API</Badge> : <Badge>Dashboard</Badge>;
}

/** The latest calls as a compact list: feature, time, source, status and price. */
export function CallList({ calls, testId }: { calls: Call[]; testId?: string }) {
  return (
    <ul className="text-list" data-testid={testId}>
      {calls.map((call) => (
        <li key={call.id} style={{ justifyContent: 'space-between', flexWrap: 'wrap', borderBottom: '1px solid var(--color-border)', padding: '6px 0' }}>
          <span>
            <strong>{featureLabel(call.feature)}</strong> <span className="small muted">{formatDateTime(call.createdAt)}</span>
          </span>
          <span className="row">
            <SourceBadge source={call.source} />
            <StatusBadge status={call.status} />
            <span className="nowrap">−{call.credits}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
