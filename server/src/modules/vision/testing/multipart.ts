import { randomBytes } from 'node:crypto';
import type { GraphQLResponse, GraphQLTestClient } from '../../../test/harness';

export interface UploadFile {
  bytes: Buffer;
  filename: string;
  contentType: string;
}

export interface Part {
  name: string;
  body: Buffer | string;
  /** Makes the part a file. */
  filename?: string;
  contentType?: string;
}

/**
 * A multipart/form-data body built part by part; `close: false` leaves out the closing boundary
 * (a truncated body, for the hostile-input tests).
 */
export function multipartParts(parts: Part[], { close = true }: { close?: boolean } = {}): { body: Buffer; contentType: string } {
  const boundary = `----vg${randomBytes(12).toString('hex')}`;
  const encoded = parts.map(({ name, body, filename, contentType }) => {
    const disposition = `Content-Disposition: form-data; name="${name}"${filename === undefined ? '' : `; filename="${filename}"`}`;
    const headers = contentType ? `${disposition}\r\nContent-Type: ${contentType}` : disposition;
    return Buffer.concat([Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), Buffer.isBuffer(body) ? body : Buffer.from(body), Buffer.from('\r\n')]);
  });
  if (close) encoded.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(encoded), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The body of a GraphQL multipart request with one file, and its content type (with the boundary). */
export function multipartBody(
  query: string,
  variables: Record<string, unknown>,
  file: UploadFile,
  fileVariable = 'image',
): { body: Buffer; contentType: string } {
  return multipartParts([
    { name: 'operations', body: JSON.stringify({ query, variables: { ...variables, [fileVariable]: null } }) },
    { name: 'map', body: JSON.stringify({ 0: [`variables.${fileVariable}`] }) },
    { name: '0', body: file.bytes, filename: file.filename, contentType: file.contentType },
  ]);
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
