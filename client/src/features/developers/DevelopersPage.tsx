import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import { Card } from '../../design/Card';
import { CodeBlock } from '../../design/CopyButton';
import { TextField } from '../../design/Field';
import { Loading, PageHeader } from '../../design/Feedback';
import { Tabs } from '../../design/Tabs';
import { useViewer } from '../auth/viewer';
import { ERROR_CODES, EXAMPLES } from './examples';

// Monaco-based GraphiQL is the largest part of the app: loaded only when shown.
const GraphiQLPlayground = lazy(() => import('./GraphiQLPlayground'));

const TOKEN_PLACEHOLDER = '$VISIONGATE_TOKEN';

function ExampleCard({ example, origin, token }: { example: (typeof EXAMPLES)[number]; origin: string; token: string }) {
  const [language, setLanguage] = useState<'curl' | 'node'>('curl');
  const context = { origin, token };
  return (
    <section className="card" aria-labelledby={`example-${example.id}`}>
      <h3 id={`example-${example.id}`}>{example.title}</h3>
      <p className="muted">{example.description}</p>
      <Tabs
        label={`${example.title} examples`}
        tabs={[
          { id: 'curl', label: 'curl' },
          { id: 'node', label: 'Node.js' },
        ]}
        active={language}
        onChange={(id) => setLanguage(id as 'curl' | 'node')}
      >
        <CodeBlock code={language === 'curl' ? example.curl(context) : example.node(context)} label={`${example.title} (${language})`} />
      </Tabs>
    </section>
  );
}

export function DevelopersPage() {
  const { viewer } = useViewer();
  const [token, setToken] = useState('');
  const [showPlayground, setShowPlayground] = useState(false);
  const origin = window.location.origin;
  return (
    <>
      <PageHeader title="Developers" description="One GraphQL endpoint for every model. Authenticate with an API token; pay per call in credits." />
      <div className="stack">
        <Card title="Basics">
          <dl className="definition-list">
            <dt>Endpoint</dt>
            <dd>
              <code>{origin}/graphql</code> (POST, JSON or multipart)
            </dd>
            <dt>Authentication</dt>
            <dd>
              <code>Authorization: Bearer vg_…</code> — create tokens on the <Link to="/tokens">API tokens</Link> page. A token's secret is shown only once.
            </dd>
            <dt>Uploads</dt>
            <dd>
              GraphQL multipart requests with the header <code>apollo-require-preflight: true</code>.
            </dd>
            <dt>Prices</dt>
            <dd>
              The <code>features</code> query lists every feature with its price in credits; failed calls are refunded.
            </dd>
            <dt>Retries</dt>
            <dd>
              Pass <code>idempotencyKey</code>: the same key within 24 h returns the first answer without charging again.
            </dd>
            <dt>Errors</dt>
            <dd>
              Each error has a machine-readable <code>extensions.code</code> (see below).
            </dd>
          </dl>
        </Card>

        <Card title="Examples">
          <div style={{ maxWidth: 520 }}>
            <TextField
              label="Your API token (optional)"
              type="password"
              autoComplete="off"
              placeholder="vg_…"
              value={token}
              onChange={(e) => setToken(e.target.value.trim())}
              hint="Paste a token to fill it into the examples. It stays in this browser tab only."
            />
          </div>
        </Card>
        {EXAMPLES.map((example) => (
          <ExampleCard key={example.id} example={example} origin={origin} token={token || TOKEN_PLACEHOLDER} />
        ))}

        <Card title="Error codes">
          <div className="table-wrap">
            <table className="table">
              <tbody>
                {ERROR_CODES.map((item) => (
                  <tr key={item.code}>
                    <th scope="row" style={{ textTransform: 'none' }}>
                      <code>{item.code}</code>
                    </th>
                    <td>{item.meaning}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>

        <section className="card" aria-labelledby="graphiql-heading">
          <div className="row row--between">
            <h2 id="graphiql-heading">GraphQL playground</h2>
            {!showPlayground && (
              <button type="button" className="button" onClick={() => setShowPlayground(true)}>
                Open the playground
              </button>
            )}
          </div>
          <p className="muted">
            GraphiQL, served by this server. It runs as {viewer ? <strong>you ({viewer.email})</strong> : 'a visitor — log in to run queries as yourself'} using your session cookie; paid
            mutations are charged to your account.
          </p>
          {showPlayground && (
            <Suspense fallback={<Loading label="Loading the playground…" />}>
              <GraphiQLPlayground />
            </Suspense>
          )}
        </section>
      </div>
    </>
  );
}
