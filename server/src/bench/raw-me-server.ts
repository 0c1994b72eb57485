import http from 'node:http';
import { Pool } from 'pg';

/**
 * The floor for the `me` benchmark: node:http + pg running the same SQL by primary key, with
 * no GraphQL, no framework and no signature check (the user id is read from the cookie's JWT
 * payload). Whatever the product costs above this is our overhead.
 */
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    const token = /vg_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const userId = token ? JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub : null;
    const { rows } = await pool.query('SELECT id, email, credits FROM users WHERE id = $1', [userId]);
    const body = JSON.stringify({ data: { me: rows[0] ?? null } });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as import('node:net').AddressInfo;
  console.log(`LISTENING http://127.0.0.1:${port}`);
});
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
