import { randomUUID } from 'node:crypto';
import {
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLList,
  GraphQLNamedType,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  getNamedType,
  isInterfaceType,
  isObjectType,
} from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { buildAppSchema } from '../../app';
import { signUp, signUpAdmin, startTestServer, TestServer, tokenClient } from '../../test/harness';
import { Role } from '../users/user.entity';
import { promise } from '../privacy-promises/promise-test';

const MY_ADMIN_OPERATIONS = [
  'users',
  'user',
  'adjustCredits',
  'setUserDisabled',
  'contactMessages',
  'markContactMessageHandled',
  'dataRightsRequests',
  'resolveDataRightsRequest',
  'auditLog',
];
const ADJUST = 'mutation A($input: AdjustCreditsInput!) { adjustCredits(input: $input) { delta balanceAfter reason } }';
const DISABLE = 'mutation D($userId: ID!, $disabled: Boolean!) { setUserDisabled(userId: $userId, disabled: $disabled) { id disabled } }';
const AUDIT = '{ auditLog(first: 200) { nodes { actorId action targetType targetId before after ip createdAt } } }';
const ME = '{ me { id } }';
const LEDGER = '{ creditLedger(first: 1) { nodes { id } } }';
const LOGIN = 'mutation L($input: LoginInput!) { login(input: $input) { id } }';

/** Root operations guarded by @Authorized(Role.ADMIN …), read from TypeGraphQL's own metadata. */
function adminOperations(schema: GraphQLSchema): Array<{ kind: 'query' | 'mutation'; name: string }> {
  const storage = getMetadataStorage();
  const isAdmin = (target: object, methodName: string) =>
    storage.authorizedFields.some((a) => a.target === target && a.fieldName === methodName && a.roles.includes(Role.ADMIN));
  const pick = (kind: 'query' | 'mutation', list: typeof storage.queries) =>
    list
      .filter((r) => isAdmin(r.target, r.methodName))
      .filter((r) => (kind === 'query' ? schema.getQueryType() : schema.getMutationType())?.getFields()[r.schemaName])
      .map((r) => ({ kind, name: r.schemaName }));
  return [...pick('query', storage.queries), ...pick('mutation', storage.mutations)];
}

/** A syntactically valid value for any input type: access is decided before validation. */
function dummyValue(type: GraphQLInputType): unknown {
  if (type instanceof GraphQLNonNull) return dummyValue(type.ofType);
  if (type instanceof GraphQLList) return [dummyValue(type.ofType)];
  if (type instanceof GraphQLEnumType) return type.getValues()[0].value;
  if (type instanceof GraphQLInputObjectType) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (field.type instanceof GraphQLNonNull && field.defaultValue === undefined) value[field.name] = dummyValue(field.type);
    }
    return value;
  }
  switch ((type as GraphQLNamedType).name) {
    case 'ID':
      return randomUUID();
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'DateTimeISO':
    case 'DateTime':
      return new Date().toISOString();
    default:
      return 'dummy value';
  }
}

function operationFor(schema: GraphQLSchema, kind: 'query' | 'mutation', name: string): { query: string; variables: Record<string, unknown> } {
  const field = (kind === 'query' ? schema.getQueryType()! : schema.getMutationType()!).getFields()[name];
  const required = field.args.filter((a) => a.type instanceof GraphQLNonNull && a.defaultValue === undefined);
  const declarations = required.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = required.map((a) => `${a.name}: $${a.name}`).join(', ');
  const named = getNamedType(field.type);
  const selection = isObjectType(named) || isInterfaceType(named) ? '{ __typename }' : '';
  return {
    query: `${kind} Op${declarations ? `(${declarations})` : ''} { ${name}${args ? `(${args})` : ''} ${selection} }`,
    variables: Object.fromEntries(required.map((a) => [a.name, dummyValue(a.type)])),
  };
}

/** Every field name reachable from a type (through object fields, not arguments). */
function reachableFieldNames(type: GraphQLNamedType, seen = new Set<string>()): string[] {
  if (!isObjectType(type) || seen.has(type.name)) return [];
  seen.add(type.name);
  return Object.values((type as GraphQLObjectType).getFields()).flatMap((f) => [
    `${type.name}.${f.name}`,
    ...reachableFieldNames(getNamedType(f.type), seen),
  ]);
}

describe('admin API', () => {
  let server: TestServer;
  let schema: GraphQLSchema;
  let admin: ReturnType<TestServer['client']>;
  let adminId: string;
  beforeAll(async () => {
    server = await startTestServer();
    schema = await buildAppSchema();
    admin = server.client();
    adminId = (await signUpAdmin(server, admin)).id;
  });
  afterAll(() => server.close());

  promise('001-2-admin-access', 'answers FORBIDDEN to a USER calling any admin operation (session or API token)', async () => {
    const operations = adminOperations(schema);
    expect(operations.map((o) => o.name)).toEqual(expect.arrayContaining(MY_ADMIN_OPERATIONS));
    const user = server.client();
    await signUp(user);
    const script = await tokenClient(server, user, 'probe');
    const [{ before }] = await server.dataSource.query('SELECT count(*)::int AS before FROM audit_log');
    for (const { kind, name } of operations) {
      const { query, variables } = operationFor(schema, kind, name);
      const asUser = await user.request(query, variables);
      expect({ name, code: asUser.errors?.[0]?.extensions?.code }).toEqual({ name, code: 'FORBIDDEN' });
      const asScript = await script.request(query, variables);
      expect({ name, code: asScript.errors?.[0]?.extensions?.code }).toEqual({ name, code: 'FORBIDDEN' });
      const anonymous = await server.client().request(query, variables);
      expect({ name, code: anonymous.errors?.[0]?.extensions?.code }).toEqual({ name, code: 'UNAUTHENTICATED' });
    }
    const [{ after }] = await server.dataSource.query('SELECT count(*)::int AS after FROM audit_log');
    expect(after).toBe(before);
  });

  it('refuses admin operations through an admin API token', async () => {
    const script = await tokenClient(server, admin, 'admin script');
    expect(await script.errorCode('{ users(first: 1) { nodes { id } } }')).toBe('FORBIDDEN');
  });

  it('exposes no password hash, token hash or secret through any admin field', async () => {
    const names = adminOperations(schema).flatMap(({ kind, name }) => {
      const field = (kind === 'query' ? schema.getQueryType()! : schema.getMutationType()!).getFields()[name];
      return reachableFieldNames(getNamedType(field.type));
    });
    expect(names).toEqual(expect.arrayContaining(['AdminUser.apiTokens', 'ApiToken.prefix', 'AdminUser.payments', 'AdminUser.consumption', 'AdminUser.ledger']));
    expect(names.filter((n) => /hash|password|secret/i.test(n))).toEqual([]);
  });

  promise('001-2-admin-access', 'shows one user with ledger, payments, consumption and token metadata, and audits the view', async () => {
    const client = server.client();
    const user = await signUp(client);
    const { createApiToken } = await client.ok('mutation { createApiToken(input: { name: "seen by admin" }) { secret token { id } } }');
    await server.app.services.metering.charge({
      userId: user.id,
      credits: 3,
      feature: 'FACE_DETECTION',
      source: 'API',
      apiTokenId: createApiToken.token.id,
      imageUrl: 'https://example.com/face.jpg',
      requestFingerprint: 'admin-view',
    });
    await server.dataSource.query(
      `INSERT INTO payments (user_id, status, amount_cents, currency, credits, pack_name, checkout_session_id)
       VALUES ($1, 'SUCCEEDED', 4000, 'usd', 500, 'Growth', $2)`,
      [user.id, `cs_admin_${user.id}`],
    );
    const { user: detail } = await admin.ok(
      `query U($id: ID!) { user(id: $id) {
        id email credits deletedAt notificationPreferences { marketing }
        ledger { delta reason balanceAfter }
        payments { amountCents credits packName status }
        consumption { feature credits imageUrl apiTokenName }
        apiTokens { id name prefix active lastUsedAt createdAt revokedAt expiresAt spendLimit spentThisMonth }
      } }`,
      { id: user.id },
    );
    expect(detail).toMatchObject({ id: user.id, email: user.email, credits: 47, deletedAt: null });
    expect(detail.ledger.map((e: { reason: string }) => e.reason)).toEqual(['CONSUMPTION', 'SIGNUP_BONUS']);
    expect(detail.payments).toEqual([{ amountCents: 4000, credits: 500, packName: 'Growth', status: 'SUCCEEDED' }]);
    expect(detail.consumption).toEqual([{ feature: 'FACE_DETECTION', credits: 3, imageUrl: 'https://example.com/face.jpg', apiTokenName: 'seen by admin' }]);
    expect(detail.apiTokens).toEqual([expect.objectContaining({ id: createApiToken.token.id, name: 'seen by admin', active: true, spentThisMonth: 3 })]);
    const [{ token_hash: hash }] = await server.dataSource.query('SELECT token_hash FROM api_tokens WHERE id = $1', [createApiToken.token.id]);
    expect(JSON.stringify(detail)).not.toContain(hash);
    expect(JSON.stringify(detail)).not.toContain(createApiToken.secret);

    const views = (await admin.ok(AUDIT)).auditLog.nodes.filter((e: { action: string; targetId: string }) => e.action === 'user.view' && e.targetId === user.id);
    expect(views).toEqual([expect.objectContaining({ actorId: adminId, targetType: 'User', ip: '127.0.0.1' })]);
    expect(await admin.errorCode('query U($id: ID!) { user(id: $id) { id } }', { id: randomUUID() })).toBe('NOT_FOUND');
  });

  it('searches users and pages through them with keyset cursors, ties included', async () => {
    const tag = `keyset${Date.now()}`;
    const sameInstant = new Date('2026-01-01T00:00:00Z');
    for (let i = 0; i < 25; i++) {
      await server.dataSource.query(
        `INSERT INTO users (email, first_name, last_name, company, created_at) VALUES ($1, 'Bulk', $2, $3, $4)`,
        [`${tag}-${i}@example.com`, `Row${i}`, `${tag} Corp`, i < 10 ? sameInstant : new Date(sameInstant.getTime() + i * 1000)],
      );
    }
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const data: { users: { nodes: Array<{ email: string }>; pageInfo: { endCursor: string | null; hasNextPage: boolean } } } = await admin.ok(
        'query U($search: String, $after: String) { users(search: $search, first: 7, after: $after) { nodes { email } pageInfo { endCursor hasNextPage } } }',
        { search: tag.toUpperCase(), after },
      );
      seen.push(...data.users.nodes.map((n) => n.email));
      if (!data.users.pageInfo.hasNextPage) break;
      after = data.users.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect(seen[0]).toBe(`${tag}-24@example.com`);
    const { users } = await admin.ok('{ users(search: "%", first: 5) { nodes { id } } }');
    expect(users.nodes).toEqual([]);
    expect(await admin.errorCode('{ users(first: 5, after: "bm90LWEtY3Vyc29y") { nodes { id } } }')).toBe('BAD_USER_INPUT');
  });

  it('adjusts credits through the ledger and audits before and after', async () => {
    const user = await signUp(server.client());
    const input = { userId: user.id, delta: 5, reason: 'support goodwill' };
    expect((await admin.ok(ADJUST, { input })).adjustCredits).toEqual({ delta: 5, balanceAfter: 55, reason: 'ADMIN_ADJUSTMENT' });
    expect(await admin.errorCode(ADJUST, { input: { ...input, delta: -1000 } })).toBe('INSUFFICIENT_CREDITS');
    const entries = (await admin.ok(AUDIT)).auditLog.nodes.filter((e: { action: string; targetId: string }) => e.action === 'credits.adjust' && e.targetId === user.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: adminId, targetType: 'User', before: { credits: 50 }, after: { credits: 55, delta: 5, reason: 'support goodwill' } });
  });

  it("disables an account: its sessions and tokens stop at once; enabling lets it sign in again", async () => {
    const client = server.client();
    const user = await signUp(client);
    const script = await tokenClient(server, client, 'to be stopped');
    expect((await script.ok(LEDGER)).creditLedger.nodes).toHaveLength(1);

    expect((await admin.ok(DISABLE, { userId: user.id, disabled: true })).setUserDisabled).toEqual({ id: user.id, disabled: true });
    expect((await client.ok(ME)).me).toBeNull();
    expect(await script.errorCode(LEDGER)).toBe('UNAUTHENTICATED');
    expect(await server.client().errorCode(LOGIN, { input: { email: user.email, password: user.password } })).toBe('FORBIDDEN');

    await admin.ok(DISABLE, { userId: user.id, disabled: false });
    expect((await client.ok(ME)).me).toBeNull(); // the old session stays ended
    expect((await script.ok(LEDGER)).creditLedger.nodes).toHaveLength(1);
    await server.client().ok(LOGIN, { input: { email: user.email, password: user.password } });

    expect(await admin.errorCode(DISABLE, { userId: adminId, disabled: true })).toBe('BAD_USER_INPUT');
    const actions = (await admin.ok(AUDIT)).auditLog.nodes
      .filter((e: { targetId: string }) => e.targetId === user.id)
      .map((e: { action: string; before: unknown; after: unknown }) => [e.action, e.before, e.after]);
    expect(actions).toEqual([
      ['user.enable', { disabled: true }, { disabled: false }],
      ['user.disable', { disabled: false }, { disabled: true }],
    ]);
  });

  it('lists contact messages and marks them handled, audited', async () => {
    const { submitContactMessage } = await server.client().ok(
      'mutation { submitContactMessage(input: { name: "Grace", email: "grace@example.com", subject: "Bug", message: "The chart is empty" }) { id } }',
    );
    const open = '{ contactMessages(first: 50) { nodes { id name email subject message handledAt handledBy } } }';
    const listed = (await admin.ok(open)).contactMessages.nodes.find((m: { id: string }) => m.id === submitContactMessage.id);
    expect(listed).toMatchObject({ name: 'Grace', email: 'grace@example.com', message: 'The chart is empty', handledAt: null });

    const mark = 'mutation M($id: ID!, $handled: Boolean) { markContactMessageHandled(id: $id, handled: $handled) { handledAt handledBy } }';
    const { markContactMessageHandled } = await admin.ok(mark, { id: submitContactMessage.id });
    expect(markContactMessageHandled.handledBy).toBe(adminId);
    expect((await admin.ok(open)).contactMessages.nodes.map((m: { id: string }) => m.id)).not.toContain(submitContactMessage.id);
    const all = (await admin.ok('{ contactMessages(first: 50, onlyOpen: false) { nodes { id } } }')).contactMessages.nodes;
    expect(all.map((m: { id: string }) => m.id)).toContain(submitContactMessage.id);
    expect(await admin.errorCode(mark, { id: randomUUID() })).toBe('NOT_FOUND');

    const [entry] = (await admin.ok(AUDIT)).auditLog.nodes.filter((e: { targetId: string }) => e.targetId === submitContactMessage.id);
    expect(entry).toMatchObject({ action: 'contactMessage.handle', before: { handledAt: null }, after: { handledBy: adminId } });
  });

  it('keeps the audit log append-only', async () => {
    await expect(server.dataSource.query(`UPDATE audit_log SET action = 'rewritten'`)).rejects.toThrow(/append-only/);
    await expect(server.dataSource.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });
});
