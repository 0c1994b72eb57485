import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Card } from '../../design/Card';
import { ErrorNotice } from '../../design/ErrorNotice';
import { CheckboxField, SubmitRow, TextField } from '../../design/Field';
import { Notice, PageHeader } from '../../design/Feedback';
import { describeErrors, fieldError, formLevelErrors } from '../../lib/errors';
import { submitHandler } from '../../lib/submit';
import { formatDate, humanizeEnum } from '../../lib/format';
import { useViewer, type Viewer } from '../auth/viewer';
import { ChangePasswordMutation, UpdateNotificationPreferencesMutation, UpdateProfileMutation } from './operations';
import { SessionsSection } from './SessionsSection';

/**
 * A form's submit handler around `save`: `saved` says the last submit went through. `save` answers
 * undefined when it did not submit (a check in the page failed); a refused mutation shows through
 * the mutation's own `error`.
 */
function useSaveOnSubmit(save: () => Promise<unknown> | undefined) {
  const [saved, setSaved] = useState(false);
  const onSubmit = submitHandler(async () => {
    setSaved(false);
    const submitted = save();
    if (submitted) {
      await submitted;
      setSaved(true);
    }
  });
  return { saved, onSubmit };
}

/** A settings card holding one form: its fields, the errors no field shows, the saved note and the submit button. */
function SettingsFormCard(props: {
  title: string;
  onSubmit: (event: FormEvent) => void;
  formError: ReturnType<typeof formLevelErrors>;
  savedNote: string | false;
  loading: boolean;
  busyLabel: string;
  submitLabel: string;
  children: ReactNode;
}) {
  return (
    <Card title={props.title}>
      <form className="form" onSubmit={props.onSubmit} noValidate>
        {props.children}
        <ErrorNotice error={props.formError} />
        {props.savedNote && <Notice tone="success">{props.savedNote}</Notice>}
        <SubmitRow loading={props.loading} busyLabel={props.busyLabel}>
          {props.submitLabel}
        </SubmitRow>
      </form>
    </Card>
  );
}

function ProfileForm({ viewer }: { viewer: Viewer }) {
  const [form, setForm] = useState({ firstName: viewer.firstName, lastName: viewer.lastName, company: viewer.company ?? '' });
  const [updateProfile, { loading, error }] = useMutation(UpdateProfileMutation);
  const errors = describeErrors(error);
  const { saved, onSubmit } = useSaveOnSubmit(() => updateProfile({ variables: { input: { ...form, company: form.company.trim() || null } } }));

  return (
    <SettingsFormCard
      title="Profile"
      onSubmit={onSubmit}
      formError={formLevelErrors(errors, ['firstName', 'lastName', 'company'])}
      savedNote={saved && 'Profile saved.'}
      loading={loading}
      busyLabel="Saving…"
      submitLabel="Save profile"
    >
      <div className="form-row">
        <TextField label="First name" autoComplete="given-name" value={form.firstName} onChange={(e) => setForm({ ...form, firstName: e.target.value })} error={fieldError(errors, 'firstName')} />
        <TextField label="Last name" autoComplete="family-name" value={form.lastName} onChange={(e) => setForm({ ...form, lastName: e.target.value })} error={fieldError(errors, 'lastName')} />
      </div>
      <TextField label="Company" autoComplete="organization" value={form.company} onChange={(e) => setForm({ ...form, company: e.target.value })} error={fieldError(errors, 'company')} />
      <TextField label="Email" value={viewer.email} readOnly hint="Contact support to change the email address of your account." />
    </SettingsFormCard>
  );
}

const NO_PASSWORDS = { currentPassword: '', newPassword: '', repeatPassword: '' };

function PasswordForm() {
  const [form, setForm] = useState(NO_PASSWORDS);
  const [mismatch, setMismatch] = useState(false);
  const [changePassword, { loading, error }] = useMutation(ChangePasswordMutation);
  const errors = describeErrors(error);
  const { saved, onSubmit } = useSaveOnSubmit(() => {
    setMismatch(form.newPassword !== form.repeatPassword);
    if (form.newPassword !== form.repeatPassword) return undefined;
    return changePassword({ variables: { input: { currentPassword: form.currentPassword, newPassword: form.newPassword } } }).then(() => setForm(NO_PASSWORDS));
  });

  return (
    <SettingsFormCard
      title="Password"
      onSubmit={onSubmit}
      formError={formLevelErrors(errors, ['currentPassword', 'newPassword'])}
      savedNote={saved && 'Password changed. Other sessions were signed out.'}
      loading={loading}
      busyLabel="Changing…"
      submitLabel="Change password"
    >
      <TextField label="Current password" type="password" autoComplete="current-password" value={form.currentPassword} onChange={(e) => setForm({ ...form, currentPassword: e.target.value })} error={fieldError(errors, 'currentPassword')} />
      <TextField label="New password" type="password" autoComplete="new-password" hint="At least 8 characters. Your other sessions are signed out." value={form.newPassword} onChange={(e) => setForm({ ...form, newPassword: e.target.value })} error={fieldError(errors, 'newPassword')} />
      <TextField label="Repeat new password" type="password" autoComplete="new-password" value={form.repeatPassword} onChange={(e) => setForm({ ...form, repeatPassword: e.target.value })} error={mismatch ? 'The two passwords differ.' : undefined} />
    </SettingsFormCard>
  );
}

const PREFERENCE_LABELS = {
  email: { label: 'Service e-mail', hint: 'Receipts and account notices.' },
  securityAlerts: { label: 'Security alerts', hint: 'Password changes, new API tokens.' },
  usageAlerts: { label: 'Usage alerts', hint: 'When your balance runs low (at most once a day).' },
  marketing: { label: 'Product news', hint: 'Off unless you opt in.' },
} as const;

function NotificationPreferencesForm({ viewer }: { viewer: Viewer }) {
  const [updatePreferences, { loading, error }] = useMutation(UpdateNotificationPreferencesMutation);
  const preferences = viewer.notificationPreferences;

  function toggle(name: keyof typeof PREFERENCE_LABELS, value: boolean) {
    const { email, marketing, securityAlerts, usageAlerts } = preferences;
    const input = { email, marketing, securityAlerts, usageAlerts, [name]: value };
    updatePreferences({
      variables: { input },
      optimisticResponse: { __typename: 'Mutation', updateNotificationPreferences: { __typename: 'User', id: viewer.id, notificationPreferences: { __typename: 'NotificationPreferences', ...input } } },
    }).catch(() => undefined);
  }

  return (
    <Card title="Notifications">
      {viewer.processingRestricted && <Notice tone="warning">Processing is restricted: only essential e-mail is sent.</Notice>}
      <fieldset disabled={loading} className="stack" style={{ border: 0, padding: 0, gap: 8 }}>
        <legend className="visually-hidden">E-mail notifications</legend>
        {(Object.keys(PREFERENCE_LABELS) as Array<keyof typeof PREFERENCE_LABELS>).map((name) => (
          <CheckboxField key={name} label={PREFERENCE_LABELS[name].label} hint={PREFERENCE_LABELS[name].hint} checked={preferences[name]} onChange={(e) => toggle(name, e.target.checked)} />
        ))}
      </fieldset>
      <ErrorNotice error={error} />
    </Card>
  );
}

export function SettingsPage() {
  const { viewer } = useViewer();
  if (!viewer) return null;
  return (
    <>
      <PageHeader title="Settings" description={`${humanizeEnum(viewer.plan)} plan · member since ${formatDate(viewer.createdAt)}`} />
      <div className="grid grid--2">
        <div className="stack">
          <ProfileForm viewer={viewer} />
          <SessionsSection />
        </div>
        <div className="stack">
          <PasswordForm />
          <NotificationPreferencesForm viewer={viewer} />
        </div>
      </div>
    </>
  );
}
