import { lazy, Suspense } from 'react';
import { useSearchParams } from 'react-router';
import { Loading, PageHeader } from '../../design/Feedback';
import { Tabs, type TabDefinition } from '../../design/Tabs';
import { AdjustCreditsForm } from './AdjustCreditsForm';
import { AdminDataRightsRequests } from './AdminDataRightsRequests';
import { AdminPayments } from './AdminPayments';
import { AdminUsers } from './AdminUsers';
import { AuditLog } from './AuditLog';
import { ContactMessages } from './ContactMessages';

const PlatformCharts = lazy(() => import('./PlatformCharts'));

const TABS: TabDefinition[] = [
  { id: 'platform', label: 'Platform' },
  { id: 'users', label: 'Users' },
  { id: 'payments', label: 'Payments' },
  { id: 'messages', label: 'Contact messages' },
  { id: 'requests', label: 'Data-rights requests' },
  { id: 'audit', label: 'Audit log' },
  { id: 'credits', label: 'Adjust credits' },
];

export function AdminPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const active = TABS.some((tab) => tab.id === searchParams.get('tab')) ? searchParams.get('tab')! : TABS[0].id;
  return (
    <>
      <PageHeader title="Admin console" description="Every action here is written to the audit log." />
      <div className="card">
        <Tabs tabs={TABS} active={active} onChange={(tab) => setSearchParams({ tab }, { replace: true })} label="Admin sections">
          {active === 'platform' && (
            <Suspense fallback={<Loading />}>
              <PlatformCharts />
            </Suspense>
          )}
          {active === 'users' && <AdminUsers />}
          {active === 'payments' && <AdminPayments />}
          {active === 'messages' && <ContactMessages />}
          {active === 'requests' && <AdminDataRightsRequests />}
          {active === 'audit' && <AuditLog />}
          {active === 'credits' && <AdjustCreditsForm />}
        </Tabs>
      </div>
    </>
  );
}
