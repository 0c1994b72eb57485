/** Copy-paste examples for the API docs; `origin` and `token` are filled in from the page. */
export interface ExampleContext {
  origin: string;
  token: string;
}

export interface Example {
  id: string;
  title: string;
  description: string;
  curl: (context: ExampleContext) => string;
  node: (context: ExampleContext) => string;
}

const json = (value: unknown) => JSON.stringify(value);

function curlJson({ origin, token }: ExampleContext, body: { query: string; variables?: Record<string, unknown> }) {
  return `curl -sS ${origin}/graphql \\
  -H 'Authorization: Bearer ${token}' \\
  -H 'Content-Type: application/json' \\
  -d '${json(body).replace(/'/g, "'\\''")}'`;
}

function nodeJson({ origin }: ExampleContext, query: string, variables: Record<string, unknown>, use: string) {
  return `// Node 18+ (global fetch). export VISIONGATE_TOKEN=vg_…
const response = await fetch('${origin}/graphql', {
  method: 'POST',
  headers: {
    Authorization: \`Bearer \${process.env.VISIONGATE_TOKEN}\`,
    'Content-Type': 'application/json',
  },
  body: JSON.stringify({
    query: \`${query}\`,
    variables: ${json(variables)},
  }),
});
const { data, errors } = await response.json();
if (errors) throw new Error(\`\${errors[0].extensions.code}: \${errors[0].message}\`);
${use}`;
}

const BALANCE_QUERY = 'query { me { email credits } }';
const URL_QUERY = `mutation Detect($url: String!, $key: String) {
  analyzeImageUrl(feature: OBJECT_DETECTION, url: $url, idempotencyKey: $key) {
    creditsCharged balance
    objects { label score box { x y width height } }
  }
}`;
const UPLOAD_QUERY = `mutation Pose($image: Upload!) {
  analyzeImage(feature: POSE_ESTIMATION, image: $image) {
    creditsCharged balance
    poses { score keypoints { name x y score } }
  }
}`;

export const EXAMPLES: Example[] = [
  {
    id: 'balance',
    title: 'Check your balance',
    description: 'Every request carries the token in the Authorization header.',
    curl: (context) => curlJson(context, { query: BALANCE_QUERY }),
    node: (context) => nodeJson(context, BALANCE_QUERY, {}, 'console.log(data.me.credits);'),
  },
  {
    id: 'url',
    title: 'Analyze an image by URL',
    description: 'The server downloads the image (public http/https only). Send an idempotency key so a retried request is never charged twice.',
    curl: (context) => curlJson(context, { query: URL_QUERY, variables: { url: 'https://example.com/street.jpg', key: 'order-1234' } }),
    node: (context) =>
      nodeJson(context, URL_QUERY, { url: 'https://example.com/street.jpg', key: 'order-1234' }, 'for (const object of data.analyzeImageUrl.objects) console.log(object.label, object.score);'),
  },
  {
    id: 'upload',
    title: 'Upload an image',
    description:
      'Uploads use the GraphQL multipart request format. Apollo Server refuses multipart requests without the header apollo-require-preflight: true (CSRF protection).',
    curl: ({ origin, token }) => `curl -sS ${origin}/graphql \\
  -H 'Authorization: Bearer ${token}' \\
  -H 'apollo-require-preflight: true' \\
  -F operations='${json({ query: UPLOAD_QUERY, variables: { image: null } })}' \\
  -F map='{"0": ["variables.image"]}' \\
  -F 0=@person.jpg`,
    node: ({ origin }) => `// Node 18+ (global fetch, FormData and Blob). export VISIONGATE_TOKEN=vg_…
import { readFile } from 'node:fs/promises';

const form = new FormData();
form.append('operations', JSON.stringify({
  query: \`${UPLOAD_QUERY}\`,
  variables: { image: null },
}));
form.append('map', JSON.stringify({ 0: ['variables.image'] }));
form.append('0', new Blob([await readFile('person.jpg')], { type: 'image/jpeg' }), 'person.jpg');

const response = await fetch('${origin}/graphql', {
  method: 'POST',
  headers: {
    Authorization: \`Bearer \${process.env.VISIONGATE_TOKEN}\`,
    'apollo-require-preflight': 'true',
  },
  body: form,
});
const { data, errors } = await response.json();
if (errors) throw new Error(\`\${errors[0].extensions.code}: \${errors[0].message}\`);
console.log(data.analyzeImage.poses[0]?.keypoints);`,
  },
  {
    id: 'csv',
    title: 'Download your usage log as CSV',
    description: 'The same filters as the consumptionLogs query, as query parameters (feature, source, status, apiTokenId, from, to).',
    curl: ({ origin, token }) => `curl -sS '${origin}/api/consumption-logs.csv?source=API' \\
  -H 'Authorization: Bearer ${token}' -o usage.csv`,
    node: ({ origin }) => `const response = await fetch('${origin}/api/consumption-logs.csv?source=API', {
  headers: { Authorization: \`Bearer \${process.env.VISIONGATE_TOKEN}\` },
});
if (!response.ok) throw new Error((await response.json()).error.code);
console.log(await response.text());`,
  },
];

export const ERROR_CODES: Array<{ code: string; meaning: string }> = [
  { code: 'UNAUTHENTICATED', meaning: 'Missing, unknown, revoked or expired token (or no session).' },
  { code: 'FORBIDDEN', meaning: 'Not allowed, e.g. a token managing tokens, exporting or deleting the account (dashboard session only).' },
  { code: 'BAD_USER_INPUT', meaning: 'An argument is invalid; extensions.field names it.' },
  { code: 'INSUFFICIENT_CREDITS', meaning: 'The balance is lower than the price. Nothing was charged.' },
  { code: 'SPEND_LIMIT_REACHED', meaning: 'The token reached its monthly credit cap.' },
  { code: 'PROCESSING_RESTRICTED', meaning: 'The account owner restricted processing of their data.' },
  { code: 'PAYLOAD_TOO_LARGE', meaning: 'The image is larger than the limit (10 MB by default).' },
  { code: 'URL_NOT_ALLOWED', meaning: 'The URL is not public http(s), or resolves to a private address.' },
  { code: 'PROVIDER_ERROR', meaning: 'The model provider failed; the credits were refunded.' },
  { code: 'BUSY', meaning: 'The server is at capacity; the credits were refunded. Retry later.' },
  { code: 'RATE_LIMITED', meaning: 'Too many attempts; extensions.retryAfter says when to retry.' },
  { code: 'CONFLICT', meaning: 'The idempotency key was used before with different parameters.' },
  { code: 'LIMIT_EXCEEDED', meaning: 'A quota is reached, e.g. 10 active tokens.' },
];
