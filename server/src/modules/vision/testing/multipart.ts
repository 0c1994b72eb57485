import { randomBytes } from 'node:crypto';
import type { GraphQLResponse, GraphQLTestClient } from '../../../test/harness';

export interface UploadFile {
  bytes: Buffer;
  filename: string;
  contentType: string;
}

/** The body of a GraphQL multipart request with one file, and its content type (with the boundary). */
export function multipartBody(
  query: string,
  variables: Record<string, unknown>,
  file: UploadFile,
  fileVariable = 'image',
): { body: Buffer; contentType: string } {
  const boundary = `----vg${randomBytes(12).toString('hex')}`;
  const part = (headers: string, body: Buffer | string) =>
    Buffer.concat([Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), Buffer.isBuffer(body) ? body : Buffer.from(body), Buffer.from('\r\n')]);
  const body = Buffer.concat([
    part('Content-Disposition: form-data; name="operations"', JSON.stringify({ query, variables: { ...variables, [fileVariable]: null } })),
    part('Content-Disposition: form-data; name="map"', JSON.stringify({ 0: [`variables.${fileVariable}`] })),
    part(`Content-Disposition: form-data; name="0"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}`, file.bytes),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * A GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec):
 * parts `operations` (the query, the file variable set to null), `map` ({"0": ["variables.<name>"]})
 * and `0` (the file), sent with the client's cookies or bearer token.
 */
export async function postMultipart<T = Record<string, any>>(
  client: GraphQLTestClient,
  query: string,
  variables: Record<string, unknown>,
  file: UploadFile,
  options: { fileVariable?: string; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<T>> {
  const { body, contentType } = multipartBody(query, variables, file, options.fileVariable);
  const response = await fetch(client.endpoint, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'apollo-require-preflight': 'true',
      ...client.authHeaders(),
      ...options.headers,
    },
    body,
  });
  client.storeCookies(response.headers);
  const text = await response.text();
  let parsed: { data?: T; errors?: GraphQLResponse['errors'] };
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`not JSON (HTTP ${response.status}): ${text.slice(0, 300)}`);
  }
  return { status: response.status, data: parsed.data, errors: parsed.errors, headers: response.headers };
}
