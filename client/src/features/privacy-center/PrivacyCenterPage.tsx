import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router';
import { Card } from '../../design/Card';
import { usePagedQuery } from '../../design/CursorPager';
import { DataTable, type Column } from '../../design/DataTable';
import { ErrorNotice } from '../../design/ErrorNotice';
import { CheckboxField, TextAreaField } from '../../design/Field';
import { Badge, Notice, PageHeader } from '../../design/Feedback';
import type { MyConsentLogQuery as MyConsentLogQueryResult } from '../../gql/graphql';
import { describeErrors, fieldError } from '../../lib/errors';
import { submitHandler } from '../../lib/submit';
import { formatDateTime, humanizeEnum } from '../../lib/format';
import { useViewer } from '../auth/viewer';
import { DataRightsRequestTable } from './DataRightsRequestTable';
import { DeleteAccountSection } from './DeleteAccountSection';
import { FileObjectionMutation, MyConsentLogQuery, MyDataRightsRequestsQuery, SetProcessingRestrictedMutation } from './operations';
import { StoredResultsSection } from './StoredResultsSection';

function ExportSection() {
  return (
    <Card title="Download my data">
      <p>One JSON file with everything we hold about you: profile, preferences and consents, API token metadata (never secrets), credit ledger, payments, usage log, messages and requests.</p>
      <a className="button" href="/me/export.json" download data-testid="export-link">
        Download my data (JSON)
      </a>
    </Card>
  );
}

function RestrictProcessingSection() {
  const { viewer } = useViewer();
  const [setRestricted, { loading, error }] = useMutation(SetProcessingRestrictedMutation);
  if (!viewer) return null;
  return (
    <Card title="Restrict processing">
      <p>While processing is restricted, no image of yours is processed (calls fail with PROCESSING_RESTRICTED) and only essential e-mail is sent. Your data stays available for export.</p>
      {viewer.processingRestricted && <Notice tone="warning">Processing is restricted.</Notice>}
      <CheckboxField
        label="Restrict the processing of my data"
        checked={viewer.processingRestricted}
        disabled={loading}
        onChange={(event) => {
          setRestricted({ variables: { restricted: event.target.checked } }).catch(() => undefined);
        }}
      />
      <ErrorNotice error={error} />
    </Card>
  );
}

type ConsentChange = MyConsentLogQueryResult['myConsentLog']['nodes'][number];

const CONSENT_COLUMNS: Array<Column<ConsentChange>> = [
  { header: 'When', nowrap: true, cell: (entry) => formatDateTime(entry.createdAt) },
  { header: 'Consent', cell: (entry) => humanizeEnum(entry.subject) },
  { header: 'Now', cell: (entry) => (entry.enabled ? 'On' : 'Off') },
  { header: 'Where', cell: (entry) => humanizeEnum(entry.source) },
];

function ConsentsSection() {
  const { viewer } = useViewer();
  const { table } = usePagedQuery(MyConsentLogQuery, { variables: {}, pageSize: 10, select: (data) => data.myConsentLog });
  if (!viewer) return null;
  const preferences = viewer.notificationPreferences;
  return (
    <Card title="Consents">
      <ul className="text-list" style={{ marginBottom: 12 }}>
        <li>
          Terms of service and age confirmation: <Badge tone="success">given at sign-up</Badge>
        </li>
        <li>Service e-mail: {preferences.email ? <Badge tone="success">on</Badge> : <Badge>off</Badge>}</li>
        <li>Security alerts: {preferences.securityAlerts ? <Badge tone="success">on</Badge> : <Badge>off</Badge>}</li>
        <li>Usage alerts: {preferences.usageAlerts ? <Badge tone="success">on</Badge> : <Badge>off</Badge>}</li>
        <li>Marketing: {preferences.marketing ? <Badge tone="success">opted in</Badge> : <Badge>not given</Badge>}</li>
      </ul>
      <p className="small">
        Change or withdraw them any time in <Link to="/settings">Settings</Link>. Every change is recorded:
      </p>
      <DataTable {...table} columns={CONSENT_COLUMNS} empty="No changes recorded yet" testId="consent-log" />
    </Card>
  );
}

function ObjectionForm() {
  const [message, setMessage] = useState('');
  const [fileObjection, { loading, error, data }] = useMutation(FileObjectionMutation, { refetchQueries: [MyDataRightsRequestsQuery] });
  const errors = describeErrors(error);
  const onSubmit = submitHandler(async () => {
    await fileObjection({ variables: { input: { message: message.trim() } } });
    setMessage('');
  });
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Object to processing">
      <TextAreaField
        label="Object to a processing of your data"
        hint="Tell us which processing and why; we answer within 30 days."
        value={message}
        onChange={(e) => setMessage(e.target.value)}
        error={fieldError(errors, 'message')}
      />
      <ErrorNotice error={errors.filter((item) => item.field !== 'message')} />
      {data && <Notice tone="success">Your objection was filed. We answer by {new Date(data.fileObjection.dueAt).toLocaleDateString()}.</Notice>}
      <div className="row row--end">
        <button type="submit" className="button button--secondary" disabled={loading || !message.trim()}>
          File objection
        </button>
      </div>
    </form>
  );
}

function RequestsSection() {
  const { table } = usePagedQuery(MyDataRightsRequestsQuery, { variables: {}, pageSize: 10, select: (data) => data.myDataRightsRequests });
  return (
    <Card title="My data-rights requests">
      <DataRightsRequestTable {...table} empty={{ title: 'No requests yet', hint: 'Exports, restrictions and objections you make appear here.' }} />
      <div style={{ marginTop: 16 }}>
        <ObjectionForm />
      </div>
    </Card>
  );
}

export function PrivacyCenterPage() {
  return (
    <>
      <PageHeader
        title="Privacy center"
        description={
          <>
            Your rights under GDPR and CCPA, in one place. See the <Link to="/privacy">privacy policy</Link>.
          </>
        }
      />
      <div className="stack">
        <div className="grid grid--2">
          <ExportSection />
          <RestrictProcessingSection />
        </div>
        <ConsentsSection />
        <RequestsSection />
        <StoredResultsSection />
        <DeleteAccountSection />
      </div>
    </>
  );
}
