import { lazy, Suspense, type ReactNode } from 'react';
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

/** The console's sections: a tab each, with the panel it shows. */
const SECTIONS: Array<TabDefinition & { panel: ReactNode }> = [
  {
    id: 'platform',
    label: 'Platform',
    panel: (
      <Suspense fallback={<Loading />}>
        <PlatformCharts />
      </Suspense>
    ),
  },
  { id: 'users', label: 'Users', panel: <AdminUsers /> },
  { id: 'payments', label: 'Payments', panel: <AdminPayments /> },
  { id: 'messages', label: 'Contact messages', panel: <ContactMessages /> },
  { id: 'requests', label: 'Data-rights requests', panel: <AdminDataRightsRequests /> },
  { id: 'audit', label: 'Audit log', panel: <AuditLog /> },
  { id: 'credits', label: 'Adjust credits', panel: <AdjustCreditsForm /> },
];

export function AdminPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const active = SECTIONS.find((section) => section.id === searchParams.get('tab')) ?? SECTIONS[0];
  return (
    <>
      <PageHeader title="Admin console" description="Every action here is written to the audit log." />
      <div className="card">
        <Tabs tabs={SECTIONS} active={active.id} onChange={(tab) => setSearchParams({ tab }, { replace: true })} label="Admin sections">
          {active.panel}
        </Tabs>
      </div>
    </>
  );
}
