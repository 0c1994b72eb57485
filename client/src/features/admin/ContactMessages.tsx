import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router';
import { CursorPagerControls, usePagedQuery } from '../../design/CursorPager';
import { ErrorNotice } from '../../design/ErrorNotice';
import { CheckboxField } from '../../design/Field';
import { Badge, EmptyState, Loading } from '../../design/Feedback';
import { formatDateTime } from '../../lib/format';
import { ContactMessagesQuery, MarkContactMessageHandledMutation } from './operations';

export function ContactMessages() {
  const [onlyOpen, setOnlyOpen] = useState(true);
  const { pager, page, table } = usePagedQuery(ContactMessagesQuery, { variables: { onlyOpen }, pageSize: 20, select: (data) => data.contactMessages });
  const { loading, error } = table;
  const [markHandled, markState] = useMutation(MarkContactMessageHandledMutation, { refetchQueries: [ContactMessagesQuery] });
  return (
    <div className="stack">
      <CheckboxField
        label="Only messages not yet handled"
        checked={onlyOpen}
        onChange={(e) => {
          setOnlyOpen(e.target.checked);
          pager.reset();
        }}
      />
      {error && <ErrorNotice error={error} />}
      {loading && !page && <Loading />}
      {page && page.nodes.length === 0 && <EmptyState title={onlyOpen ? 'No open messages' : 'No messages'} />}
      {page &&
        page.nodes.map((message) => (
          <article key={message.id} className="card" style={{ boxShadow: 'none' }}>
            <div className="row row--between">
              <strong>{message.subject}</strong>
              {message.handledAt ? <Badge tone="success">Handled {formatDateTime(message.handledAt)}</Badge> : <Badge tone="info">Open</Badge>}
            </div>
            <p className="small muted">
              {message.name} &lt;<a href={`mailto:${message.email}`}>{message.email}</a>&gt; · {formatDateTime(message.createdAt)}
              {message.userId && (
                <>
                  {' '}
                  · <Link to={`/admin/users/${message.userId}`}>account</Link>
                </>
              )}
            </p>
            <p style={{ whiteSpace: 'pre-wrap' }}>{message.message}</p>
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={markState.loading}
              onClick={() => markHandled({ variables: { id: message.id, handled: !message.handledAt } }).catch(() => undefined)}
            >
              {message.handledAt ? 'Reopen' : 'Mark handled'}
            </button>
          </article>
        ))}
      <ErrorNotice error={markState.error} />
      {page && <CursorPagerControls pager={pager} hasNextPage={page.pageInfo.hasNextPage} endCursor={page.pageInfo.endCursor} loading={loading} />}
    </div>
  );
}
