import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import http from 'node:http';
import { Pool } from 'pg';

/**
 * A second floor for the `me` benchmark: the raw server's SQL behind a bare @apollo/server
 * (schema of one type, no auth check, no security headers, no logging) on node:http. What any
 * server keeping Apollo can hope for; the product's ratio to it is our own overhead.
 */
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const typeDefs = 'type User { id: ID! email: String! credits: Int! } type Query { me: User }';
type Context = { user: unknown };
const resolvers = { Query: { me: (_root: unknown, _args: unknown, context: Context) => context.user } };

async function main() {
  const apollo = new ApolloServer<Context>({ typeDefs, resolvers, plugins: [ApolloServerPluginCacheControlDisabled()] });
  await apollo.start();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: 'POST', headers, search: '', body: JSON.parse(Buffer.concat(chunks).toString()) },
        context: async () => {
          const token = /vg_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
          const userId = token ? JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub : null;
          const { rows } = await pool.query('SELECT id, email, credits FROM users WHERE id = $1', [userId]);
          return { user: rows[0] ?? null };
        },
      });
      for (const [name, value] of response.headers) res.setHeader(name, value);
      res.statusCode = response.status ?? 200;
      res.end(response.body.kind === 'complete' ? response.body.string : '');
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as import('node:net').AddressInfo;
    console.log(`LISTENING http://127.0.0.1:${port}`);
  });
  process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
