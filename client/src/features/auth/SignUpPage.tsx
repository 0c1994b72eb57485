import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { ErrorNotice } from '../../design/ErrorNotice';
import { Loading } from '../../design/Feedback';
import { CheckboxField, TextField } from '../../design/Field';
import { describeErrors, fieldError, formLevelErrors } from '../../lib/errors';
import { submitHandler } from '../../lib/submit';
import { RegisterMutation } from './operations';
import { rememberViewer, useViewer } from './viewer';

const FIELDS = ['firstName', 'lastName', 'company', 'email', 'password', 'acceptTerms', 'confirmAge16'] as const;

export function SignUpPage() {
  const navigate = useNavigate();
  const { viewer, loading: viewerLoading } = useViewer();
  const [register, { loading, error }] = useMutation(RegisterMutation, {
    update: (cache, { data }) => data && rememberViewer(cache, data.register),
  });
  const [form, setForm] = useState({ firstName: '', lastName: '', company: '', email: '', password: '', acceptTerms: false, confirmAge16: false });
  const [localError, setLocalError] = useState<string | null>(null);
  const errors = describeErrors(error);

  if (viewerLoading) return <Loading />;
  if (viewer) return <Navigate to="/dashboard" replace />;

  const set = (name: keyof typeof form) => (event: React.ChangeEvent<HTMLInputElement>) =>
    setForm((current) => ({ ...current, [name]: event.target.type === 'checkbox' ? event.target.checked : event.target.value }));

  const onSubmit = submitHandler(async () => {
    if (!form.acceptTerms || !form.confirmAge16) {
      setLocalError('Please accept the terms and confirm that you are 16 or older.');
      return;
    }
    setLocalError(null);
    await register({ variables: { input: { ...form, company: form.company.trim() || null } } });
    navigate('/dashboard', { replace: true, state: { welcome: true } });
  });

  return (
    <div className="card card--narrow">
      <h1>Create your account</h1>
      <p className="muted">Start with 50 free credits. No card needed.</p>
      <form className="form" onSubmit={onSubmit} noValidate>
        <div className="form-row">
          <TextField label="First name" name="firstName" autoComplete="given-name" required value={form.firstName} onChange={set('firstName')} error={fieldError(errors, 'firstName')} />
          <TextField label="Last name" name="lastName" autoComplete="family-name" required value={form.lastName} onChange={set('lastName')} error={fieldError(errors, 'lastName')} />
        </div>
        <TextField label="Company (optional)" name="company" autoComplete="organization" value={form.company} onChange={set('company')} error={fieldError(errors, 'company')} />
        <TextField label="Email" name="email" type="email" autoComplete="email" required value={form.email} onChange={set('email')} error={fieldError(errors, 'email')} />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          hint="At least 8 characters."
          value={form.password}
          onChange={set('password')}
          error={fieldError(errors, 'password')}
        />
        <CheckboxField
          label={
            <>
              I accept the <Link to="/terms">Terms of Service</Link> and have read the <Link to="/privacy">Privacy Policy</Link>.
            </>
          }
          name="acceptTerms"
          checked={form.acceptTerms}
          onChange={set('acceptTerms')}
          error={fieldError(errors, 'acceptTerms')}
        />
        <CheckboxField label="I am 16 years of age or older." name="confirmAge16" checked={form.confirmAge16} onChange={set('confirmAge16')} error={fieldError(errors, 'confirmAge16')} />
        {localError && (
          <div className="alert alert--error" role="alert">
            {localError}
          </div>
        )}
        <ErrorNotice error={formLevelErrors(errors, FIELDS)} />
        <button className="button button--block" type="submit" disabled={loading}>
          {loading ? 'Creating account…' : 'Create account'}
        </button>
      </form>
      <p className="small muted" style={{ marginTop: 16 }}>
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </div>
  );
}
