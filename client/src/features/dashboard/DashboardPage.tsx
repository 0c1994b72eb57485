import { lazy, Suspense } from 'react';
import { Link, useLocation } from 'react-router';
import { Loading, Notice, PageHeader } from '../../design/Feedback';
import { formatCredits } from '../../lib/format';
import { useViewer } from '../auth/viewer';
import { CreditHistory } from '../credits/CreditHistory';
import { RecentCalls } from './RecentCalls';

// The chart library is only needed here and in the admin console.
const UsageOverview = lazy(() => import('./UsageOverview'));

export function DashboardPage() {
  const { viewer } = useViewer();
  const location = useLocation();
  const welcome = (location.state as { welcome?: boolean } | null)?.welcome;
  if (!viewer) return null;
  return (
    <>
      <PageHeader
        title={`Hello, ${viewer.firstName}`}
        actions={
          <>
            <Link className="button" to="/playground">
              Try the playground
            </Link>
            <Link className="button button--secondary" to="/billing">
              Buy credits
            </Link>
          </>
        }
      />
      <div className="stack">
        {welcome && <Notice tone="success">Welcome to VisionGate! Your account comes with {formatCredits(viewer.credits)} to try every model.</Notice>}
        <div className="grid grid--balance">
          <div className="card stat">
            <span className="stat__label">Balance</span>
            <span className="stat__value" data-testid="dashboard-balance">
              {viewer.credits.toLocaleString()}
            </span>
            <span className="small muted">
              credits · <Link to="/billing">buy more</Link>
            </span>
          </div>
          <RecentCalls />
        </div>
        <Suspense fallback={<Loading label="Loading charts…" />}>
          <UsageOverview />
        </Suspense>
        <CreditHistory />
      </div>
    </>
  );
}
