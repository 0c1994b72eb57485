import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { ErrorNotice } from '../../design/ErrorNotice';
import { TextField } from '../../design/Field';
import { Loading, Notice } from '../../design/Feedback';
import { describeErrors, fieldError, formLevelErrors } from '../../lib/errors';
import { submitHandler } from '../../lib/submit';
import { LoginMutation } from './operations';
import { rememberViewer, useViewer } from './viewer';

/** Only same-app paths are followed after login (no open redirect). */
function safeNextPath(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/dashboard';
}

export function LoginPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get('next'));
  const { viewer, loading: viewerLoading } = useViewer();
  const [login, { loading, error }] = useMutation(LoginMutation, {
    update: (cache, { data }) => data && rememberViewer(cache, data.login),
  });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const errors = describeErrors(error);
  const message = (location.state as { message?: string } | null)?.message;

  if (viewerLoading) return <Loading />;
  if (viewer) return <Navigate to={next} replace />;

  const onSubmit = submitHandler(async () => {
    await login({ variables: { input: { email, password } } });
    navigate(next, { replace: true });
  });

  return (
    <div className="card card--narrow">
      <h1>Log in</h1>
      {message && <Notice tone="success">{message}</Notice>}
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField label="Email" name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={fieldError(errors, 'email')} />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={fieldError(errors, 'password')} />
        <ErrorNotice error={formLevelErrors(errors, ['email', 'password'])} />
        <button className="button button--block" type="submit" disabled={loading}>
          {loading ? 'Logging in…' : 'Log in'}
        </button>
      </form>
      <p className="small muted" style={{ marginTop: 16 }}>
        New to VisionGate? <Link to="/signup">Create an account</Link> and get 50 free credits.
      </p>
    </div>
  );
}
