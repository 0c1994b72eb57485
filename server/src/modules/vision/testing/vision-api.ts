import type { DataSource } from 'typeorm';
import type { GraphQLResponse, GraphQLTestClient } from '../../../test/harness';
import { postMultipart } from './multipart';

/** GraphQL documents and helpers the vision tests share. */

export const RESULT_FIELDS = `
  consumptionId creditsCharged balance durationMs provider feature replayed
  viewer { id credits }
  labels { label score }
  objects { label score box { x y width height } }
  instances { label score box { x y width height } mask }
  texts { text score polygon { x y } }
  poses { score keypoints { name x y score } }
  faces { score box { x y width height } landmarks { name x y score } }
  image { png width height }`;

export const ANALYZE_IMAGE = `mutation AnalyzeImage($feature: VisionFeature!, $image: Upload!, $options: AnalysisOptionsInput, $key: String) {
  analyzeImage(feature: $feature, image: $image, options: $options, idempotencyKey: $key) { ${RESULT_FIELDS} }
}`;

export const ANALYZE_URL = `mutation AnalyzeUrl($feature: VisionFeature!, $url: String!, $options: AnalysisOptionsInput, $key: String) {
  analyzeImageUrl(feature: $feature, url: $url, options: $options, idempotencyKey: $key) { ${RESULT_FIELDS} }
}`;

export const GENERATE = `mutation Generate($prompt: String!, $options: GenerationOptionsInput, $key: String) {
  generateImage(prompt: $prompt, options: $options, idempotencyKey: $key) { ${RESULT_FIELDS} }
}`;

export const FEATURES = `{ features { name description credits input provider available unavailableReason } }`;

export interface UploadOptions {
  filename?: string;
  contentType?: string;
  options?: Record<string, unknown>;
  key?: string;
  headers?: Record<string, string>;
}

export function analyzeUpload(client: GraphQLTestClient, feature: string, bytes: Buffer, upload: UploadOptions = {}): Promise<GraphQLResponse> {
  return postMultipart(
    client,
    ANALYZE_IMAGE,
    { feature, options: upload.options ?? null, key: upload.key ?? null },
    { bytes, filename: upload.filename ?? 'photo.png', contentType: upload.contentType ?? 'image/png' },
    { headers: upload.headers },
  );
}

/** The result of a call that must succeed. */
export async function analyzed(client: GraphQLTestClient, feature: string, bytes: Buffer, upload: UploadOptions = {}) {
  const response = await analyzeUpload(client, feature, bytes, upload);
  if (response.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
  return response.data!.analyzeImage;
}

export function errorOf(response: GraphQLResponse): { message: string; extensions: Record<string, any> } {
  if (!response.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(response.data)?.slice(0, 300)}`);
  return response.errors[0] as { message: string; extensions: Record<string, any> };
}

export interface ConsumptionRow {
  id: string;
  feature: string;
  credits: number;
  source: string;
  api_token_id: string | null;
  image_url: string | null;
  status: string;
  duration_ms: number | null;
  error_code: string | null;
}

export async function consumptionsOf(dataSource: DataSource, userId: string): Promise<ConsumptionRow[]> {
  return dataSource.query(
    `SELECT id, feature, credits, source, api_token_id, image_url, status, duration_ms, error_code
     FROM consumption_logs WHERE user_id = $1 ORDER BY created_at, id`,
    [userId],
  );
}

export async function balanceOf(dataSource: DataSource, userId: string): Promise<number> {
  const [row] = await dataSource.query('SELECT credits FROM users WHERE id = $1', [userId]);
  return row.credits;
}

export async function ledgerOf(dataSource: DataSource, userId: string): Promise<Array<{ delta: number; reason: string; reference: string | null }>> {
  return dataSource.query(
    `SELECT delta, reason, reference FROM credit_ledger WHERE user_id = $1 AND reason IN ('CONSUMPTION', 'REFUND') ORDER BY created_at, id`,
    [userId],
  );
}
