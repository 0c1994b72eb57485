import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router';
import { usePagedQuery } from '../../design/CursorPager';
import { FilterSelect } from '../../design/DataTable';
import { Dialog, DialogForm } from '../../design/Dialog';
import { ErrorNotice } from '../../design/ErrorNotice';
import { SelectField, TextAreaField } from '../../design/Field';
import type { DataRightsRequestFieldsFragment, DataRightsRequestStatus } from '../../gql/graphql';
import { describeErrors, fieldError } from '../../lib/errors';
import { humanizeEnum } from '../../lib/format';
import { DataRightsRequestTable } from '../privacy-center/DataRightsRequestTable';
import { AdminDataRightsRequestsQuery, ResolveDataRightsRequestMutation } from './operations';

function ResolveDialog({ request, onClose }: { request: DataRightsRequestFieldsFragment; onClose: () => void }) {
  const [status, setStatus] = useState<DataRightsRequestStatus>('COMPLETED');
  const [resolution, setResolution] = useState('');
  const [resolve, { loading, error }] = useMutation(ResolveDataRightsRequestMutation, { refetchQueries: [AdminDataRightsRequestsQuery] });
  const errors = describeErrors(error);
  return (
    <Dialog title={`Answer the ${humanizeEnum(request.type).toLowerCase()} request`} onClose={onClose}>
      <DialogForm
        onSubmit={async () => {
          await resolve({ variables: { input: { id: request.id, status, resolution: resolution.trim() } } });
          onClose();
        }}
        onCancel={onClose}
        submitLabel="Close request"
        loading={loading}
        disabled={!resolution.trim()}
      >
        {request.details && <blockquote className="small muted">{request.details}</blockquote>}
        <SelectField label="Outcome" value={status} onChange={(e) => setStatus(e.target.value as DataRightsRequestStatus)}>
          <option value="COMPLETED">Completed</option>
          <option value="REJECTED">Rejected</option>
        </SelectField>
        <TextAreaField label="Answer to the user" value={resolution} onChange={(e) => setResolution(e.target.value)} error={fieldError(errors, 'resolution')} />
        <ErrorNotice error={errors.filter((item) => item.field !== 'resolution')} />
      </DialogForm>
    </Dialog>
  );
}

const STATUS_OPTIONS: ReadonlyArray<readonly ['' | DataRightsRequestStatus, string]> = [
  ['OPEN', 'Open (oldest first)'],
  ['COMPLETED', 'Completed'],
  ['REJECTED', 'Rejected'],
  ['', 'All'],
];

export function AdminDataRightsRequests() {
  const [status, setStatus] = useState<'' | DataRightsRequestStatus>('OPEN');
  const [answering, setAnswering] = useState<DataRightsRequestFieldsFragment | null>(null);
  const { pager, table } = usePagedQuery(AdminDataRightsRequestsQuery, { variables: { status: status || null }, pageSize: 25, select: (data) => data.dataRightsRequests });
  return (
    <div className="stack">
      <FilterSelect label="Status" value={status} onChange={setStatus} pager={pager} options={STATUS_OPTIONS} />
      <DataRightsRequestTable
        {...table}
        empty="No requests"
        actions={(request) => (
          <div className="row" style={{ flexWrap: 'nowrap' }}>
            <Link className="button button--ghost button--small" to={`/admin/users/${request.userId}`}>
              User
            </Link>
            {request.status === 'OPEN' && (
              <button type="button" className="button button--secondary button--small" onClick={() => setAnswering(request)}>
                Answer
              </button>
            )}
          </div>
        )}
      />
      {answering && <ResolveDialog request={answering} onClose={() => setAnswering(null)} />}
    </div>
  );
}
