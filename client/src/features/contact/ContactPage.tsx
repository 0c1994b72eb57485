import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../../gql';
import { ErrorNotice } from '../../design/ErrorNotice';
import { SubmitRow, TextAreaField, TextField } from '../../design/Field';
import { Notice, PageHeader } from '../../design/Feedback';
import { describeErrors, fieldError, formLevelErrors } from '../../lib/errors';
import { submitHandler } from '../../lib/submit';
import { useViewer } from '../auth/viewer';

export const SubmitContactMessageMutation = graphql(`
  mutation SubmitContactMessage($input: ContactMessageInput!) {
    submitContactMessage(input: $input) {
      id
      createdAt
    }
  }
`);

const FIELDS = ['name', 'email', 'subject', 'message'] as const;

/** Public contact form; admins read the messages in the console. */
export function ContactPage() {
  const { viewer } = useViewer();
  const [form, setForm] = useState({ name: viewer ? `${viewer.firstName} ${viewer.lastName}` : '', email: viewer?.email ?? '', subject: '', message: '' });
  const [submit, { data, loading, error }] = useMutation(SubmitContactMessageMutation);
  const errors = describeErrors(error);
  const set = (name: keyof typeof form) => (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setForm({ ...form, [name]: event.target.value });

  // A refusal shows through `error` (RATE_LIMITED says when to retry).
  const onSubmit = submitHandler(async () => {
    await submit({ variables: { input: form } });
    setForm((current) => ({ ...current, subject: '', message: '' }));
  });

  return (
    <div className="card card--narrow" style={{ maxWidth: 600 }}>
      <PageHeader title="Contact us" description="Questions, problems, privacy requests: we answer by e-mail." />
      {data && <Notice tone="success">Thank you, your message was received.</Notice>}
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField label="Name" autoComplete="name" value={form.name} onChange={set('name')} error={fieldError(errors, 'name')} />
        <TextField label="Email" type="email" autoComplete="email" value={form.email} onChange={set('email')} error={fieldError(errors, 'email')} />
        <TextField label="Subject" value={form.subject} onChange={set('subject')} error={fieldError(errors, 'subject')} />
        <TextAreaField label="Message" rows={6} value={form.message} onChange={set('message')} error={fieldError(errors, 'message')} />
        <p className="small muted">We keep your message to answer it (privacy policy §1.6).</p>
        <ErrorNotice error={formLevelErrors(errors, FIELDS)} />
        <SubmitRow loading={loading} busyLabel="Sending…">
          Send message
        </SubmitRow>
      </form>
    </div>
  );
}
