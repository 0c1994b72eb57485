import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './core/config';
import { GraphQLTestClient, TestServer, signUp, startTestServer, startTestWorker } from './test/harness';
import { acceptsConnections, freePort } from './test/ports';
import { TestRedis, testRedis } from './test/redis';
import { JOB_UPDATED, liveClient, subscribe } from './test/live-client';
import { fixtureImage } from './modules/vision/testing/fixtures';
import { SUBMIT_IMAGE, postFiles } from './modules/jobs/testing';

/**
 * The `scale` profile of docker-compose.yml without Docker: its nginx.conf, unchanged but for the
 * upstream and listen addresses, in front of two app instances sharing one database and Redis,
 * as the profile wires them (REDIS_URL, TRUST_PROXY=1, VISION_WORKERS=0), and the profile's two
 * workers on the same database. `npm test` installs nginx where it can (scripts/provision.cjs);
 * where it is missing this test fails, naming the package.
 */
const provisioning = createRequire(__filename)(path.join(REPO_ROOT, 'scripts', 'provision.cjs')) as {
  nginxPath(): string | null;
  NGINX_MISSING: string;
};
const NGINX = provisioning.nginxPath();
const LOGIN = 'mutation Login($input: LoginInput!) { login(input: $input) { id } }';

/** deploy/nginx.conf with the compose service names replaced by these replicas' addresses. */
function siteConfig(replicaPorts: number[], listenPort: number): string {
  const site = readFileSync(path.join(REPO_ROOT, 'deploy', 'nginx.conf'), 'utf8');
  const upstreams = [...site.matchAll(/server (api-\d+):4000;/g)].map((match) => match[1]);
  expect(upstreams).toEqual(['api-1', 'api-2']);
  return site
    .replace('server api-1:4000;', `server 127.0.0.1:${replicaPorts[0]};`)
    .replace('server api-2:4000;', `server 127.0.0.1:${replicaPorts[1]};`)
    .replace('listen 80;', `listen 127.0.0.1:${listenPort};`);
}

/** One service's block of docker-compose.yml (its lines up to the next service). */
function composeService(name: string): string {
  const compose = readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
  const block = new RegExp(`\\n  ${name}:[^\\n]*\\n((?:    [^\\n]*\\n|\\n)*)`).exec(compose);
  if (!block) throw new Error(`docker-compose.yml has no service ${name}`);
  return block[1];
}

const requestsServed = async (server: TestServer) => {
  const metric = await server.app.services.metrics.httpRequests.get();
  return metric.values.filter((value) => value.labels.route === '/graphql').reduce((sum, value) => sum + value.value, 0);
};

if (!NGINX) {
  describe('the compose scale profile', () => {
    it('needs nginx', () => {
      // One line, no stack: what to install is all there is to say.
      const missing = new Error(provisioning.NGINX_MISSING);
      missing.stack = missing.message;
      throw missing;
    });
  });
}

(NGINX ? describe : describe.skip)('the compose scale profile: nginx in front of two replicas sharing PostgreSQL and Redis', () => {
  const replicas: TestServer[] = [];
  const workers: Array<Awaited<ReturnType<typeof startTestWorker>>> = [];
  let nginx: ChildProcess | null = null;
  let gateway = '';
  let redis: TestRedis | undefined;

  beforeAll(async () => {
    redis = await testRedis();
    const shared = { RATE_LIMIT_PREFIX: `scale-${randomBytes(4).toString('hex')}`, REDIS_URL: redis.url };
    const env: Record<string, string> = { ...shared, TRUST_PROXY: '1', LOGIN_RATE_LIMIT: '3', VISION_WORKERS: '0' };
    replicas.push(await startTestServer({ env }));
    replicas.push(await startTestServer({ env, shareDatabaseWith: replicas[0] }));
    for (let i = 0; i < 2; i++) workers.push(await startTestWorker(replicas[0], shared));

    const dir = mkdtempSync(path.join(os.tmpdir(), 'vg-nginx-'));
    const listenPort = await freePort();
    writeFileSync(path.join(dir, 'site.conf'), siteConfig(replicas.map((replica) => Number(new URL(replica.url).port)), listenPort));
    writeFileSync(
      path.join(dir, 'nginx.conf'),
      [
        // Workers run as root only because the temp folder is root's (0700); nothing else differs.
        process.getuid?.() === 0 ? 'user root;' : '',
        'daemon off;',
        'worker_processes 1;',
        `pid ${dir}/nginx.pid;`,
        `error_log ${dir}/error.log warn;`,
        'events { worker_connections 256; }',
        'http {',
        '  access_log off;',
        ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((temp) => `  ${temp}_temp_path ${dir}/${temp};`),
        `  include ${dir}/site.conf;`,
        '}',
      ].join('\n'),
    );
    const check = spawnSync(NGINX!, ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf')], { encoding: 'utf8' });
    expect(check.stderr).toContain('test is successful');
    nginx = spawn(NGINX!, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !(await acceptsConnections(listenPort)); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    gateway = `http://127.0.0.1:${listenPort}`;
  });

  afterAll(async () => {
    if (nginx) {
      const exited = new Promise((resolve) => nginx!.once('exit', resolve));
      nginx.kill('SIGQUIT');
      await exited;
    }
    for (const worker of workers) await worker.close();
    for (const replica of replicas.reverse()) await replica.close();
    await redis?.stop();
  });

  it('runs jobs on two workers, not on the API replicas, as the profile wires them', async () => {
    expect(composeService('api-1')).toContain('VISION_WORKERS: "0"');
    expect(readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8')).toContain('\n  api-2: *replica\n');
    const worker = composeService('worker');
    expect(worker).toContain('command: ["node", "server/dist/worker.js"]');
    expect(worker).toMatch(/deploy:\n\s+replicas: 2\n/);
    expect(worker).not.toContain('ports:');
    expect(worker).toContain('<<: *app-env');

    for (const replica of replicas) expect(replica.config.workers.runsJobs).toBe(false);
    for (const worker of workers) {
      const ready = await fetch(`${worker.url}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
    }
  });

  it('spreads requests over both replicas and passes nginx request ids through', async () => {
    const before = await Promise.all(replicas.map(requestsServed));
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const response = await fetch(`${gateway}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
      ids.push(response.headers.get('x-request-id') ?? '');
    }
    const after = await Promise.all(replicas.map(requestsServed));
    expect(after[0] - before[0]).toBeGreaterThanOrEqual(3);
    expect(after[1] - before[1]).toBeGreaterThanOrEqual(3);
    // nginx's $request_id (32 hex digits), echoed by whichever replica answered.
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(10);
  });

  it('follows a job live through nginx: the WebSocket upgrade passes, updates cross replicas and workers', async () => {
    const client = new GraphQLTestClient(`${gateway}/graphql`);
    await signUp(client);
    const submitted = await postFiles(client, SUBMIT_IMAGE, { feature: 'FACE_DETECTION' }, [fixtureImage('chelsea.png')], 'image');
    expect(submitted.errors).toBeUndefined();
    const job = submitted.data!.submitAnalysis as { id: string };
    const live = liveClient(gateway, { cookie: client.authHeaders().cookie });
    try {
      const sub = subscribe(live, JOB_UPDATED, { id: job.id });
      await sub.ended;
      expect(sub.errors).toEqual([]);
      const seen = sub.events.map((event) => event.jobUpdated.status);
      expect(seen.at(-1)).toBe('SUCCEEDED');
      expect(seen.indexOf('SUCCEEDED')).toBe(seen.length - 1);
    } finally {
      await live.dispose();
    }
  });

  it('signs in through either replica with one session', async () => {
    const client = new GraphQLTestClient(`${gateway}/graphql`);
    const user = await signUp(client);
    for (let i = 0; i < 4; i++) expect((await client.ok('{ me { id } }')).me.id).toBe(user.id);
  });

  it('counts one client\'s login attempts against one limit across both replicas, whatever X-Forwarded-For it sends', async () => {
    // A different e-mail each time, so only the per-IP limit (3) can stop the fourth. It does only
    // if the replicas share their counts (nginx alternates between them) and take the address
    // nginx saw, not the one the client claims.
    const attempt = (i: number) =>
      new GraphQLTestClient(`${gateway}/graphql`).request(
        LOGIN,
        { input: { email: `nobody-${i}-${randomBytes(3).toString('hex')}@example.com`, password: 'not the password' } },
        { 'x-forwarded-for': `203.0.113.${i}` },
      );
    for (let i = 0; i < 3; i++) expect((await attempt(i)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const blocked = await attempt(3);
    expect(blocked.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect(blocked.errors?.[0].extensions?.retryAfter).toBeGreaterThan(0);
  });
});
