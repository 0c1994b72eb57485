/**
 * The HTTP plumbing both remote providers share: one retry on a 5xx answer or a broken
 * connection, everything bounded by the caller's AbortSignal, bodies read with a size cap.
 * Failures carry a short description for the logs; the pipeline shows callers only a generic
 * PROVIDER_ERROR, so a provider's raw error body never reaches them.
 */
import type { ImageNeeds, PreparedImage } from '../vision.types';

export class ProviderFailure extends Error {
  constructor(
    message: string,
    /** HTTP status when the provider answered. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProviderFailure';
  }
}

const RETRY_DELAY_MS = 250;
/** Cut-outs and generated images arrive base64-encoded in JSON: allow room, but not unbounded. */
export const MAX_PROVIDER_BODY_BYTES = 64 * 1024 * 1024;

export interface ProviderRequest {
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: Uint8Array | string;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
export { sleep as abortableSleep };

/**
 * The body as fetch should get it. Bytes go as a one-chunk stream with their length: given a
 * Uint8Array, fetch copies it first (and more), which raised the peak memory of a 10 MB upload by
 * two to four times the image sent; the stream hands over the same memory. A new one per attempt.
 */
function sendable(request: ProviderRequest): Pick<RequestInit, 'body' | 'headers'> & { duplex?: 'half' } {
  const { body } = request;
  if (!(body instanceof Uint8Array)) return { body, headers: request.headers };
  const view = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return {
    body: new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(view);
        controller.close();
      },
    }),
    headers: { ...request.headers, 'Content-Length': String(body.byteLength) },
    duplex: 'half',
  };
}

/** Sends the request; retries once when the provider answered 5xx or the connection broke. */
export async function providerFetch(label: string, url: string, request: ProviderRequest, signal: AbortSignal): Promise<Response> {
  for (let attempt = 1; ; attempt += 1) {
    let failure: ProviderFailure;
    try {
      const response = await fetch(url, { method: request.method, ...sendable(request), signal } as RequestInit);
      if (response.ok) return response;
      await response.body?.cancel().catch(() => undefined);
      failure = new ProviderFailure(`${label} answered HTTP ${response.status}`, response.status);
      if (response.status < 500) throw failure;
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (error instanceof ProviderFailure) throw error;
      failure = new ProviderFailure(`${label} could not be reached: ${(error as Error).message}`);
    }
    if (attempt >= 2) throw failure;
    await sleep(RETRY_DELAY_MS, signal);
  }
}

/** Reads a body up to `maxBytes`. */
export async function readBody(label: string, response: Response, maxBytes = MAX_PROVIDER_BODY_BYTES): Promise<Buffer> {
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      throw new ProviderFailure(`${label} sent more than ${maxBytes} bytes`);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON body; anything else is a provider failure, not a crash. */
export async function readJson(label: string, response: Response): Promise<unknown> {
  const body = await readBody(label, response);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new ProviderFailure(`${label} sent a body that is not JSON`);
  }
}

/** Small shape helpers: providers' answers are untrusted input. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function finiteNumber(label: string, value: unknown, what: string): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) throw new ProviderFailure(`${label}: ${what} is not a number`);
  return number;
}

/** What a remote provider is sent: the encoded model copy, never raw pixels. */
export const REMOTE_IMAGE_NEEDS: ImageNeeds = { rawPixels: false, encoded: true };

/** The encoded copy a remote provider sends (acceptImage made it: REMOTE_IMAGE_NEEDS). */
export function encodedCopy(image: PreparedImage): Buffer {
  if (!image.data) throw new Error('a remote provider needs the encoded image (imageNeeds)');
  return image.data;
}
