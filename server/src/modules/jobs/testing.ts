import type { DataSource } from 'typeorm';
import type { GraphQLResponse, GraphQLTestClient } from '../../test/harness';
import { multipartParts } from '../vision/testing/multipart';

/** GraphQL documents and helpers of the jobs tests. */
export const JOB_FIELDS = `id status progress feature batchId consumptionId creditsCharged attempts webhookUrl createdAt startedAt finishedAt
  result { consumptionId provider feature faces { score } labels { label } }
  error { code message }`;

export const SUBMIT_URL = `mutation ($feature: VisionFeature!, $url: String, $key: String, $webhookUrl: String) {
  submitAnalysis(feature: $feature, url: $url, idempotencyKey: $key, webhookUrl: $webhookUrl) { ${JOB_FIELDS} } }`;
export const SUBMIT_IMAGE = `mutation ($feature: VisionFeature!, $image: Upload, $key: String) {
  submitAnalysis(feature: $feature, image: $image, idempotencyKey: $key) { ${JOB_FIELDS} } }`;
export const SUBMIT_BATCH = `mutation ($feature: VisionFeature!, $images: [Upload!], $urls: [String!], $key: String) {
  submitAnalyses(feature: $feature, images: $images, urls: $urls, idempotencyKey: $key) { id jobs { ${JOB_FIELDS} } } }`;
export const JOB = `query ($id: ID!) { job(id: $id) { ${JOB_FIELDS} } }`;
export const JOBS = `query ($first: Int!, $after: String, $status: JobStatus, $batchId: ID) {
  jobs(first: $first, after: $after, status: $status, batchId: $batchId) { nodes { id status batchId } pageInfo { endCursor hasNextPage } } }`;
export const CANCEL = `mutation ($id: ID!) { cancelJob(id: $id) { ${JOB_FIELDS} } }`;

/** A multipart request whose variable `images` (or `image`) holds the files. */
export async function postFiles(
  client: GraphQLTestClient,
  query: string,
  variables: Record<string, unknown>,
  files: Buffer[],
  variable: 'images' | 'image' = 'images',
): Promise<GraphQLResponse> {
  const single = variable === 'image';
  const map = Object.fromEntries(files.map((_, index) => [String(index), [single ? 'variables.image' : `variables.images.${index}`]]));
  const { body, contentType } = multipartParts([
    { name: 'operations', body: JSON.stringify({ query, variables: { ...variables, [variable]: single ? null : files.map(() => null) } }) },
    { name: 'map', body: JSON.stringify(map) },
    ...files.map((bytes, index) => ({ name: String(index), body: bytes, filename: `photo${index}.png`, contentType: 'image/png' })),
  ]);
  const response = await fetch(client.endpoint, {
    method: 'POST',
    headers: { 'content-type': contentType, 'apollo-require-preflight': 'true', ...client.authHeaders() },
    body,
  });
  const parsed = (await response.json()) as { data?: Record<string, any>; errors?: GraphQLResponse['errors'] };
  return { status: response.status, data: parsed.data, errors: parsed.errors, headers: response.headers };
}

/** Money invariants of one user: the balance equals the ledger's sum; every call ended. */
export async function moneyOf(dataSource: DataSource, userId: string) {
  const [{ balance, ledger }] = await dataSource.query(
    `SELECT u.credits AS balance, (SELECT COALESCE(sum(delta), 0)::int FROM credit_ledger WHERE user_id = u.id) AS ledger FROM users u WHERE u.id = $1`,
    [userId],
  );
  const logs: Array<{ status: string; n: number }> = await dataSource.query(
    `SELECT status, count(*)::int AS n FROM consumption_logs WHERE user_id = $1 GROUP BY status ORDER BY status`,
    [userId],
  );
  const refunds: Array<{ reference: string; n: number }> = await dataSource.query(
    `SELECT reference, count(*)::int AS n FROM credit_ledger WHERE user_id = $1 AND reason = 'REFUND' GROUP BY reference`,
    [userId],
  );
  return { balance: balance as number, ledger: ledger as number, logs: Object.fromEntries(logs.map((l) => [l.status, l.n])), refunds };
}

export async function imagesLeft(dataSource: DataSource): Promise<number> {
  const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM job_images');
  return n;
}

/** Asserts the user's money matches `expected` and that the balance is the ledger's sum. */
export async function expectMoney(dataSource: DataSource, userId: string, expected: Record<string, unknown>): Promise<void> {
  const money = await moneyOf(dataSource, userId);
  expect(money).toMatchObject(expected);
  expect(money.balance).toBe(money.ledger);
}
