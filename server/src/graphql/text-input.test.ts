import {
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLObjectType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
} from 'graphql';
import { GraphQLTestClient, TestServer, signUpAdmin, startTestServer } from '../test/harness';
import { buildAppSchema } from '../app';
import { isCleanText, pathStart } from './text-input.plugin';

const TEXT = new Set(['String', 'ID']);
const HOSTILE = { nul: 'before\u0000after', 'lone surrogate': 'before\uD800after' };

const unwrap = (type: GraphQLInputType) => (isNonNullType(type) ? type.ofType : type);

/** A valid-looking value of every required part of `type`: the hostile text alone must be what is refused. */
function filler(type: GraphQLInputType): unknown {
  const inner = unwrap(type);
  if (isListType(inner)) return [filler(inner.ofType)];
  if (isInputObjectType(inner)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(inner.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined) value[field.name] = filler(field.type);
    }
    return value;
  }
  if (isEnumType(inner)) return inner.getValues()[0].value;
  const byScalar: Record<string, unknown> = {
    String: 'text',
    ID: '00000000-0000-4000-8000-000000000000',
    Int: 1,
    Float: 0.5,
    Boolean: true,
    DateTimeISO: '2030-01-01T00:00:00.000Z',
    Upload: null,
  };
  return byScalar[(inner as GraphQLNamedType).name] ?? null;
}

/** Every path from `type` down to a String or ID (list positions as '0'), nested input objects included. */
function textPaths(type: GraphQLInputType, seen: Set<string> = new Set()): string[][] {
  const inner = unwrap(type);
  if (isListType(inner)) return textPaths(inner.ofType, seen).map((path) => ['0', ...path]);
  if (isInputObjectType(inner)) {
    if (seen.has(inner.name)) return [];
    const next = new Set(seen).add(inner.name);
    return Object.values(inner.getFields()).flatMap((field) => textPaths(field.type, next).map((path) => [field.name, ...path]));
  }
  return TEXT.has(getNamedType(inner).name) ? [[]] : [];
}

/** `filler(type)` with `text` placed at `path`. */
function withText(type: GraphQLInputType, path: string[], text: string): unknown {
  const inner = unwrap(type);
  if (path.length === 0) return text;
  if (isListType(inner)) return [withText(inner.ofType, path.slice(1), text)];
  if (isInputObjectType(inner)) {
    const [field, ...rest] = path;
    return { ...(filler(inner) as object), [field]: withText(inner.getFields()[field].type, rest, text) };
  }
  throw new Error(`no path ${path.join('.')} in ${String(inner)}`);
}

interface Case {
  operation: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
  argument: string;
  path: string[];
}

function casesOf(operation: Case['operation'], root: GraphQLObjectType | null | undefined): Case[] {
  return Object.values(root?.getFields() ?? {}).flatMap((field) =>
    field.args.flatMap((argument) => textPaths(argument.type).map((path) => ({ operation, field, argument: argument.name, path }))),
  );
}

/** The request for one case: every required argument filled, the hostile text at the case's path. */
function requestFor({ operation, field, argument, path }: Case, text: string) {
  const used = field.args.filter((a) => a.name === argument || (isNonNullType(a.type) && a.defaultValue === undefined));
  const variables = Object.fromEntries(used.map((a) => [a.name, a.name === argument ? withText(a.type, path, text) : filler(a.type)]));
  const declarations = used.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = used.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  const query = `${operation}${declarations ? `(${declarations})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
  return { query, variables };
}

const expectedField = ({ field, argument, path }: Case) =>
  [...pathStart(argument, field.args.find((a) => a.name === argument)!.type), ...path].join('.');

describe('text inputs: no NUL characters, no unpaired surrogates', () => {
  let server: TestServer;
  let admin: GraphQLTestClient;
  beforeAll(async () => {
    server = await startTestServer();
    admin = server.client();
    await signUpAdmin(server, admin);
    // The sign-up's consent entries are written by event listeners after its answer.
    await server.app.services.events.settle();
  });
  afterAll(() => server.close());

  /** Rows of every table but the access log (each request adds its line there). */
  async function rowCounts(): Promise<Record<string, number>> {
    const tables: Array<{ name: string }> = await server.dataSource.query(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('access_logs', 'migrations') ORDER BY 1`,
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables) counts[name] = (await server.dataSource.query(`SELECT count(*)::int AS n FROM "${name}"`))[0].n;
    return counts;
  }

  it('the rule: NUL and lone surrogates out, everything else in', () => {
    expect(isCleanText('Zoë 😀 \t\n')).toBe(true);
    expect(isCleanText('a\u0000b')).toBe(false);
    expect(isCleanText('a\uD800b')).toBe(false);
    expect(isCleanText('a\uDC00')).toBe(false);
    expect(isCleanText('\uD83D\uDE00')).toBe(true);
  });

  it('refuses hostile text in every String and ID argument of every mutation and query, naming the field, writing nothing', async () => {
    const schema = await buildAppSchema();
    const cases = [...casesOf('mutation', schema.getMutationType()), ...casesOf('query', schema.getQueryType())];
    // The walk must reach the fields the findings were about.
    const names = cases.map((c) => `${c.field.name}:${expectedField(c)}`);
    expect(names).toEqual(expect.arrayContaining(['register:firstName', 'createApiToken:name', 'submitContactMessage:message', 'updateProfile:lastName']));
    expect(cases.length).toBeGreaterThan(40);

    const before = await rowCounts();
    const failures: unknown[] = [];
    for (const c of cases) {
      for (const [kind, text] of Object.entries(HOSTILE)) {
        const { query, variables } = requestFor(c, text);
        const result = await admin.request(query, variables);
        const error = result.errors?.[0];
        const field = expectedField(c);
        // A request error: 200 under application/json, as the GraphQL-over-HTTP spec asks (the
        // test client's media type; graphql-response+json would get 400), with no data.
        const refused =
          result.status === 200 &&
          result.data == null &&
          error?.extensions?.code === 'BAD_USER_INPUT' &&
          error.extensions.field === field &&
          error.message.includes(field);
        if (!refused) failures.push({ field: `${c.field.name}(${field})`, kind, status: result.status, error });
      }
    }
    expect(failures).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a NUL written into the document itself, in nested input objects and lists', async () => {
    const literal = await admin.request(
      'mutation { register(input: { email: "a@example.com", password: "long-enough-password", firstName: "A\\u0000", lastName: "B", acceptTerms: true, confirmAge16: true }) { __typename } }',
    );
    expect(literal.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'firstName' });
    const defaulted = await admin.request('mutation ($name: String! = "x\\u0000") { createApiToken(input: { name: $name }) { __typename } }');
    expect(defaulted.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
  });

  it('leaves clean text, uploads and other scalars alone', async () => {
    const result = await admin.request('mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { firstName } }', {
      input: { firstName: 'Zoë 😀', lastName: 'Ünal' },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ updateProfile: { firstName: 'Zoë 😀' } });
  });
});
