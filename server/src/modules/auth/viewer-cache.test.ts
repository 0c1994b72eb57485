import { createLogger } from '../../core/logger';
import { eventually } from '../../test/eventually';
import { TestServer, signUp, startTestServer } from '../../test/harness';
import { VIEWER_COLUMNS } from './auth.service';
import { VIEWER_CHANGED_CHANNEL, ViewerCache } from './viewer-cache';

const ME = '{ me { id email firstName credits } }';


/** Changes a row without the trigger: as if an announcement were lost. */
async function changeUnannounced(server: TestServer, sql: string, params: unknown[]): Promise<void> {
  await server.dataSource.transaction(async (manager) => {
    await manager.query(`ALTER TABLE users DISABLE TRIGGER users_viewer_changed`);
    await manager.query(sql, params);
    await manager.query(`ALTER TABLE users ENABLE TRIGGER users_viewer_changed`);
  });
}

describe('viewer cache', () => {
  let server: TestServer;
  // A TTL far beyond the test: whatever freshness is seen comes from the announcements.
  beforeAll(async () => {
    server = await startTestServer({ env: { VIEWER_CACHE_TTL_MS: '600000' } });
  });
  afterAll(() => server.close());

  const listenerPid = async (): Promise<number | undefined> =>
    (await server.dataSource.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = $1`, [`LISTEN ${VIEWER_CHANGED_CHANNEL}`]))[0]?.pid;

  it('announces a change to every column the cached row holds or the lookup filters on', async () => {
    // The trigger's column list is a migration's copy of VIEWER_COLUMNS: a column added there
    // without a migration extending the trigger would be served stale.
    const [{ definition }] = await server.dataSource.query(
      `SELECT pg_get_triggerdef(oid) AS definition FROM pg_trigger WHERE tgname = 'users_viewer_changed'`,
    );
    for (const column of [...Object.values(VIEWER_COLUMNS), 'disabled', 'deleted_at']) expect(definition).toContain(`old.${column}`);
  });

  it('serves a repeated viewer from memory: a change the database did not announce stays unseen', async () => {
    const client = server.client();
    const user = await signUp(client);
    expect((await client.ok(ME)).me.credits).toBe(50);
    await changeUnannounced(server, `UPDATE users SET credits = 41 WHERE id = $1`, [user.id]);
    expect((await client.ok(ME)).me.credits).toBe(50);
    // The next announced change drops the row, and the database's value comes through.
    await server.dataSource.query(`UPDATE users SET first_name = 'Grace' WHERE id = $1`, [user.id]);
    await eventually(async () => expect((await client.ok(ME)).me).toMatchObject({ credits: 41, firstName: 'Grace' }));
  });

  it('sees changes made elsewhere (another replica, a webhook, plain SQL) as they are announced', async () => {
    const client = server.client();
    const user = await signUp(client);
    await client.ok(ME);
    await server.dataSource.query(`UPDATE users SET credits = credits + 100 WHERE id = $1`, [user.id]);
    await eventually(async () => expect((await client.ok(ME)).me.credits).toBe(150));

    await server.dataSource.query(`UPDATE users SET token_version = token_version + 1 WHERE id = $1`, [user.id]);
    await eventually(async () => expect((await client.ok(ME)).me).toBeNull());
  });

  it('ends access as soon as an account is disabled or deleted', async () => {
    const disabled = server.client();
    const a = await signUp(disabled);
    const deleted = server.client();
    const b = await signUp(deleted);
    await disabled.ok(ME);
    await deleted.ok(ME);
    await server.dataSource.query(`UPDATE users SET disabled = true WHERE id = $1`, [a.id]);
    await server.dataSource.query(`UPDATE users SET deleted_at = now() WHERE id = $1`, [b.id]);
    await eventually(async () => {
      expect((await disabled.ok(ME)).me).toBeNull();
      expect((await deleted.ok(ME)).me).toBeNull();
    });
  });

  it("drops the caller's row after their own mutation, before the answer leaves", async () => {
    const client = server.client();
    const user = await signUp(client);
    await client.ok(ME);
    // The mutation's own UPDATE is announced too; hide that to see the mutation rule alone.
    await server.dataSource.query(`ALTER TABLE users DISABLE TRIGGER users_viewer_changed`);
    try {
      await client.ok(`mutation { updateProfile(input: { firstName: "Katherine", lastName: "Johnson" }) { id } }`);
      expect((await client.ok(ME)).me.firstName).toBe('Katherine');
    } finally {
      await server.dataSource.query(`ALTER TABLE users ENABLE TRIGGER users_viewer_changed`);
    }
    expect(user.id).toBeDefined();
  });

  it('reads every request from the database while it cannot listen, and resumes after reconnecting', async () => {
    const client = server.client();
    const user = await signUp(client);
    await client.ok(ME);
    const pid = await listenerPid();
    expect(pid).toBeDefined();
    await server.dataSource.query(`SELECT pg_terminate_backend($1)`, [pid]);
    await eventually(async () => expect(server.app.services.auth.viewers.enabled).toBe(false));
    // Nothing is served from memory meanwhile, even a change that was never announced.
    await changeUnannounced(server, `UPDATE users SET credits = 12 WHERE id = $1`, [user.id]);
    expect((await client.ok(ME)).me.credits).toBe(12);

    await eventually(async () => expect(await listenerPid()).toBeDefined());
    await eventually(async () => expect(server.app.services.auth.viewers.enabled).toBe(true));
    await client.ok(ME);
    await changeUnannounced(server, `UPDATE users SET credits = 13 WHERE id = $1`, [user.id]);
    expect((await client.ok(ME)).me.credits).toBe(12);
  });
});

describe('viewer cache turned off (VIEWER_CACHE_TTL_MS=0)', () => {
  it('keeps no LISTEN connection and reads every request', async () => {
    const server = await startTestServer({ env: { VIEWER_CACHE_TTL_MS: '0' } });
    try {
      const client = server.client();
      const user = await signUp(client);
      await client.ok(ME);
      await changeUnannounced(server, `UPDATE users SET credits = 3 WHERE id = $1`, [user.id]);
      expect((await client.ok(ME)).me.credits).toBe(3);
      expect(server.app.services.auth.viewers.enabled).toBe(false);
    } finally {
      await server.close();
    }
  });
});

describe('ViewerCache reads racing changes', () => {
  const cache = new ViewerCache<{ credits: number }>({ connectionString: process.env.VG_TEST_ADMIN_URL }, 60_000, createLogger());
  beforeAll(() => cache.start());
  afterAll(() => cache.close());

  it('does not keep a row read while its user changed, and keeps rows of users who did not', async () => {
    let loads = 0;
    const load = (credits: number, during?: () => void) => async () => {
      loads++;
      during?.();
      return { credits };
    };
    expect(cache.enabled).toBe(true);
    expect(await cache.through('a', load(1, () => cache.invalidate('a')))).toEqual({ credits: 1 });
    expect(await cache.through('a', load(2))).toEqual({ credits: 2 });
    expect(await cache.through('a', load(3))).toEqual({ credits: 2 });

    expect(await cache.through('b', load(10, () => cache.invalidate('someone else')))).toEqual({ credits: 10 });
    expect(await cache.through('b', load(11))).toEqual({ credits: 10 });
    expect(loads).toBe(3);
  });
});
