import { useQuery } from '@apollo/client/react';
import { DataTable, type Column } from '../../design/DataTable';
import { ErrorNotice } from '../../design/ErrorNotice';
import { Loading, PageHeader } from '../../design/Feedback';
import type { PrivacyPolicyQuery as PrivacyPolicyData } from '../../gql/graphql';
import { humanizeEnum } from '../../lib/format';
import { PrivacyPolicyQuery } from './operations';

type Settings = PrivacyPolicyData['privacyPolicy']['settings'];

const PROVIDER_NAMES: Record<string, string> = { LOCAL: 'This server (nothing leaves it)', SENTISIGHT: 'SentiSight.ai', FAL: 'fal.ai' };

type Recipient = Settings['imageProviders'][number] & { id: string };

const RECIPIENT_COLUMNS: Array<Column<Recipient>> = [
  { header: 'Feature', cell: (r) => humanizeEnum(r.feature) },
  { header: 'Processed by', cell: (r) => PROVIDER_NAMES[r.provider!] ?? r.provider },
];

/**
 * The privacy page, built from the server's promise catalogue (the same list docs/privacy-promises.md maps to
 * tests) and the settings this deployment really runs with, so the page cannot promise what the server does not do.
 */
export function PrivacyPolicyPage() {
  const { data, loading, error } = useQuery(PrivacyPolicyQuery);
  if (loading && !data) return <Loading label="Loading the privacy policy…" />;
  if (error || !data) return <ErrorNotice error={error} title="The privacy policy could not be loaded" />;
  const { policies, promises, settings } = data.privacyPolicy;
  return (
    <article className="card">
      <PageHeader
        title="Privacy policy"
        description="What this service promises about your data, in plain words. Each promise marked “checked by a test” is verified automatically on every change to the code."
      />
      <LiveSettings settings={settings} />
      {policies.map((policy) => {
        const own = promises.filter((p) => p.policy === policy.code);
        return (
          <section key={policy.code} aria-labelledby={`policy-${policy.code}`}>
            <h2 id={`policy-${policy.code}`}>{policy.title}</h2>
            <ul>
              {own.map((p) => (
                <li key={p.id} data-testid={`promise-${p.id}`}>
                  {p.plainLanguage}{' '}
                  <span className="muted">
                    ({p.source}; {p.kind === 'SOFTWARE' ? 'checked by a test' : 'kept by our staff'}
                    {p.setting ? `; setting ${p.setting}` : ''})
                  </span>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </article>
  );
}

function LiveSettings({ settings }: { settings: Settings }) {
  const days = (n: number | null | undefined) => (n == null ? 'until you delete them' : `${n} days`);
  const recipients = settings.imageProviders.filter((p) => p.provider).map((p) => ({ id: p.feature, ...p }));
  return (
    <section aria-labelledby="live-settings">
      <h2 id="live-settings">This deployment’s settings</h2>
      <table className="table" data-testid="privacy-settings">
        <tbody>
          <tr>
            <th scope="row">Sign-in cookie lasts</th>
            <td>{settings.sessionMaxAgeDays} days</td>
          </tr>
          <tr>
            <th scope="row">Server logs are deleted after</th>
            <td>{settings.accessLogRetentionDays} days</td>
          </tr>
          <tr>
            <th scope="row">Payment records are kept for</th>
            <td>{settings.paymentRetentionYears} years (tax law)</td>
          </tr>
          <tr>
            <th scope="row">Uploaded images and results</th>
            <td>
              {settings.resultsStored
                ? `Stored encrypted: originals ${days(settings.originalRetentionDays)}; results ${settings.outputRetention.map((r) => `${humanizeEnum(r.plan)} ${days(r.days)}`).join(', ')}`
                : 'Not stored: processed in memory and discarded'}
            </td>
          </tr>
          <tr>
            <th scope="row">Marketing e-mail</th>
            <td>{settings.marketingOptIn ? 'Only if you turn it on' : 'On unless you turn it off'}</td>
          </tr>
          <tr>
            <th scope="row">Service e-mail</th>
            <td>{settings.mailDelivery === 'SMTP' ? 'Sent by e-mail' : 'Not sent: no mail server is configured, messages stay on this server'}</td>
          </tr>
        </tbody>
      </table>
      <h3>Who receives your images</h3>
      <DataTable columns={RECIPIENT_COLUMNS} rows={recipients} empty="No feature sends images anywhere" testId="image-recipients" />
    </section>
  );
}

export function TermsPage() {
  return (
    <article className="card">
      <PageHeader title="Terms of service" />
      <p>The service is for people aged 16 or over. Credits are consumed per call at the price shown before each call.</p>
      <p className="muted">The full terms are published here soon.</p>
    </article>
  );
}
