import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorNotice } from '../design/ErrorNotice';
import { Loading } from '../design/Feedback';
import { useViewer } from '../features/auth/viewer';

/** Pages for signed-in users: the login page comes back here afterwards. */
export function RequireSignedIn({ children }: { children: ReactNode }) {
  const { viewer, loading, error } = useViewer();
  const location = useLocation();
  if (loading) return <Loading />;
  if (error && !viewer) return <ErrorNotice error={error} />;
  if (!viewer) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}

export function RequireAdmin({ children }: { children: ReactNode }) {
  const { viewer } = useViewer();
  return (
    <RequireSignedIn>
      {viewer?.role === 'ADMIN' ? (
        children
      ) : (
        <div className="alert alert--error" role="alert" data-error-code="FORBIDDEN">
          This console is for administrators only.
        </div>
      )}
    </RequireSignedIn>
  );
}
