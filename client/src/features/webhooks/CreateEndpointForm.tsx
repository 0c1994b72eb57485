import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { ErrorNotice } from '../../design/ErrorNotice';
import { SubmitRow, TextField } from '../../design/Field';
import type { WebhookEndpointFieldsFragment, WebhookEventType } from '../../gql/graphql';
import { describeErrors, fieldError, formLevelErrors } from '../../lib/errors';
import { submitHandler } from '../../lib/submit';
import { CreateWebhookEndpointMutation, WebhookEndpointsQuery } from './operations';
import { eventName, WEBHOOK_EVENTS } from './webhookColumns';

/** Creates an endpoint and hands its one-time secret to the parent, which shows it once. */
export function CreateEndpointForm({ onCreated }: { onCreated: (endpoint: WebhookEndpointFieldsFragment, secret: string) => void }) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>([...WEBHOOK_EVENTS]);
  const [create, { loading, error }] = useMutation(CreateWebhookEndpointMutation, {
    update(cache, { data }) {
      if (!data) return;
      const created = data.createWebhookEndpoint.endpoint;
      cache.updateQuery({ query: WebhookEndpointsQuery }, (current) =>
        current ? { ...current, webhookEndpoints: [...current.webhookEndpoints.filter((endpoint) => endpoint.id !== created.id), created] } : current,
      );
    },
  });
  const errors = describeErrors(error);

  const onSubmit = submitHandler(async () => {
    const { data } = await create({ variables: { url: url.trim(), events } });
    if (data) {
      onCreated(data.createWebhookEndpoint.endpoint, data.createWebhookEndpoint.secret);
      setUrl('');
    }
  });

  const toggle = (name: WebhookEventType, on: boolean) => setEvents((current) => (on ? WEBHOOK_EVENTS.filter((event) => event === name || current.includes(event)) : current.filter((event) => event !== name)));

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Add a webhook endpoint">
      <TextField
        label="Endpoint URL"
        type="url"
        placeholder="https://example.com/visiongate/webhooks"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        error={fieldError(errors, 'url')}
        hint="Public https address; each delivery is signed with the endpoint's whsec_… secret (Standard Webhooks)."
        required
      />
      <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className="field__label" style={{ padding: 0, marginBottom: 4 }}>
          Events
        </legend>
        <div className="row">
          {WEBHOOK_EVENTS.map((name) => (
            <label key={name} className="checkbox">
              <input type="checkbox" checked={events.includes(name)} onChange={(e) => toggle(name, e.target.checked)} />
              <span>
                <code>{eventName(name)}</code>
              </span>
            </label>
          ))}
        </div>
        {fieldError(errors, 'events') && <span className="field__error">{fieldError(errors, 'events')}</span>}
      </fieldset>
      <ErrorNotice error={formLevelErrors(errors, ['url', 'events'])} />
      <SubmitRow loading={loading} disabled={!url.trim() || !events.length} busyLabel="Adding…">
        Add endpoint
      </SubmitRow>
    </form>
  );
}
