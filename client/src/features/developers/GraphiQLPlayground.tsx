// Registers Monaco's web workers first (before GraphiQL loads Monaco).
import './monaco-workers';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';

/**
 * Same-origin fetcher: the browser sends the session cookie, so the playground acts as the
 * signed-in user. The preflight header lets Apollo's CSRF protection accept the request.
 */
const fetcher = createGraphiQLFetcher({ url: '/graphql', headers: { 'apollo-require-preflight': 'true' } });

const DEFAULT_QUERY = `# Runs as you (your session cookie). Press ▶ or Ctrl+Enter.
query MyAccount {
  me {
    email
    credits
  }
  features {
    name
    credits
    available
  }
}
`;

export default function GraphiQLPlayground() {
  return (
    <div className="graphiql-host" data-testid="graphiql">
      <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} forcedTheme="light" />
    </div>
  );
}
