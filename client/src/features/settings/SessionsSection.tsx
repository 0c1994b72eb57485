import type { ApolloCache } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { Card } from '../../design/Card';
import { ErrorNotice } from '../../design/ErrorNotice';
import { Badge, Loading, Notice } from '../../design/Feedback';
import { formatDateTime } from '../../lib/format';
import { MySessionsQuery, RevokeOtherSessionsMutation, RevokeSessionMutation } from './operations';

/** Drops signed-out sessions from the cache, so the list updates without asking the server again. */
function forgetSessions(cache: ApolloCache, ids: string[]) {
  for (const id of ids) cache.evict({ id: cache.identify({ __typename: 'Session', id }) });
  cache.gc();
}

/** Settings → Devices: every browser signed in to the account, each one can be signed out at once. */
export function SessionsSection() {
  const { data, loading, error } = useQuery(MySessionsQuery, { fetchPolicy: 'cache-and-network' });
  const [revokeSession, revokeState] = useMutation(RevokeSessionMutation);
  const [revokeOthers, revokeOthersState] = useMutation(RevokeOtherSessionsMutation);
  const sessions = data?.mySessions ?? [];
  const others = sessions.filter((session) => !session.current);

  function signOut(id: string) {
    revokeSession({ variables: { id }, update: (cache) => forgetSessions(cache, [id]) }).catch(() => undefined);
  }

  function signOutOthers() {
    const ids = others.map((session) => session.id);
    revokeOthers({ update: (cache) => forgetSessions(cache, ids) }).catch(() => undefined);
  }

  return (
    <Card title="Devices">
      <p className="muted">Browsers signed in to your account. Signing one out takes effect at once.</p>
      {loading && !data && <Loading label="Loading devices…" />}
      <ErrorNotice error={error ?? revokeState.error ?? revokeOthersState.error} />
      {revokeOthersState.data && <Notice tone="success">Every other device was signed out.</Notice>}
      {sessions.length > 0 && (
        <ul className="stack" style={{ listStyle: 'none', padding: 0, gap: 8 }}>
          {sessions.map((session) => (
            <li key={session.id} className="row" data-testid="session-row" style={{ justifyContent: 'space-between', flexWrap: 'nowrap' }}>
              <div>
                <strong>{session.browser ?? 'Unknown browser'}</strong> {session.current && <Badge tone="success">This device</Badge>}
                <div className="muted">
                  {session.ip ?? 'unknown address'} · signed in {formatDateTime(session.createdAt)} · last active {formatDateTime(session.lastSeenAt)}
                </div>
              </div>
              {!session.current && (
                <button
                  type="button"
                  className="button button--secondary button--small"
                  aria-label={`Sign out ${session.browser ?? 'unknown browser'}`}
                  disabled={revokeState.loading}
                  onClick={() => signOut(session.id)}
                >
                  Sign out
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <div className="row row--end">
          <button type="button" className="button button--danger" disabled={revokeOthersState.loading} onClick={signOutOthers}>
            {revokeOthersState.loading ? 'Signing out…' : 'Sign out everywhere else'}
          </button>
        </div>
      )}
    </Card>
  );
}
