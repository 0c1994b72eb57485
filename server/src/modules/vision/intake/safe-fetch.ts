import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { AppError, ErrorCode, badInput } from '../../../core/errors';
import { AddressPolicy } from './address-policy';

/**
 * Fetches a user-supplied URL without letting it reach inside our network (SSRF):
 * - http and https only, no credentials in the URL;
 * - the host is resolved here and EVERY address is checked; one bad address refuses the URL;
 * - the connection goes to the address that was checked (pinned through the socket's lookup),
 *   so a second DNS answer cannot swap in another address (DNS rebinding);
 * - at most `maxRedirects` redirects, each a new URL checked the same way;
 * - an overall time limit, and the body is cut at `maxBytes`.
 */

export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export interface SafeFetchOptions {
  policy: AddressPolicy;
  maxBytes: number;
  timeoutMs: number;
  maxRedirects?: number;
  /** DNS; injectable so tests can make names resolve to chosen addresses. */
  resolve?: Resolver;
  signal?: AbortSignal;
  /** Which input field the errors name (`url` for submitted images). */
  field?: string;
  /** Called with the address right before connecting; tests install a tripwire that throws. */
  beforeConnect?: (address: string) => void;
}

export interface FetchedFile {
  bytes: Buffer;
  /** The URL that finally answered, after redirects. */
  url: string;
  contentType: string | null;
}

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export const urlNotAllowed = (reason: string) =>
  new AppError(ErrorCode.URL_NOT_ALLOWED, `This URL is not allowed: ${reason}`, { field: 'url' });

export const payloadTooLarge = (maxBytes: number) =>
  new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `The image is larger than ${formatBytes(maxBytes)}`, { maxBytes });

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Syntax and scheme checks that need no network. */
export function parseImageUrl(raw: string, field = 'url'): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw badInput(field, 'This is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw urlNotAllowed('only http and https URLs are accepted');
  if (url.username || url.password) throw badInput(field, 'URLs with a user name or password are not accepted');
  return url;
}

export interface CheckedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/** Resolves the URL's host and checks every address against the policy (URL_NOT_ALLOWED on the first bad one). */
export async function checkTarget(url: URL, hop: number, options: Pick<SafeFetchOptions, 'policy' | 'resolve' | 'field'>): Promise<CheckedTarget> {
  // The WHATWG parser already turned 2130706433, 0x7f000001 and 0177.0.0.1 into 127.0.0.1.
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: Array<{ address: string; family: number }>;
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await (options.resolve ?? systemResolver)(host);
    } catch {
      throw badInput(options.field ?? 'url', `The host ${host} could not be resolved`);
    }
    if (addresses.length === 0) throw badInput(options.field ?? 'url', `The host ${host} could not be resolved`);
  }
  for (const { address } of addresses) {
    const refusal = options.policy(address, hop);
    if (refusal) throw urlNotAllowed(`${host} leads to a ${refusal}`);
  }
  const [first] = addresses;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

interface HopAnswer {
  status: number;
  location: string | null;
  contentType: string | null;
  body: Buffer | null;
}

/**
 * One request to the checked address only: Node may ask for all addresses (autoSelectFamily);
 * either way only the checked one is offered, so no second DNS answer is ever used.
 */
function pinnedRequest(
  target: CheckedTarget,
  options: Pick<SafeFetchOptions, 'beforeConnect'>,
  signal: AbortSignal,
  init: { method: 'GET' | 'POST'; headers: Record<string, string> },
  onResponse: (response: http.IncomingMessage) => void,
): http.ClientRequest {
  options.beforeConnect?.(target.address);
  const transport = target.url.protocol === 'https:' ? https : http;
  const pinnedLookup = (_host: string, lookupOptions: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (lookupOptions?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  return transport.request(
    target.url,
    { method: init.method, agent: false, lookup: pinnedLookup as unknown as http.RequestOptions['lookup'], headers: init.headers, signal },
    onResponse,
  );
}

function requestOnce(target: CheckedTarget, options: SafeFetchOptions, signal: AbortSignal): Promise<HopAnswer> {
  const field = options.field ?? 'url';
  return new Promise<HopAnswer>((resolve, reject) => {
    const request = pinnedRequest(
      target,
      options,
      signal,
      { method: 'GET', headers: { accept: 'image/*', 'user-agent': 'VisionGate-ImageFetcher/1.0' } },
      (response) => {
        const status = response.statusCode ?? 0;
        const header = (name: string) => {
          const value = response.headers[name];
          return typeof value === 'string' ? value : null;
        };
        if (status >= 300 && status < 400) {
          response.resume();
          return resolve({ status, location: header('location'), contentType: null, body: null });
        }
        if (status < 200 || status >= 300) {
          response.resume();
          return reject(badInput(field, `The image URL answered HTTP ${status}`));
        }
        const declared = Number(header('content-length'));
        if (Number.isFinite(declared) && declared > options.maxBytes) {
          response.destroy();
          return reject(payloadTooLarge(options.maxBytes));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            response.destroy();
            reject(payloadTooLarge(options.maxBytes));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => resolve({ status, location: null, contentType: header('content-type'), body: Buffer.concat(chunks) }));
        response.on('error', (error) => reject(error));
      },
    );
    request.on('error', (error) => reject(error));
    request.end();
  });
}

export async function safeFetch(rawUrl: string, options: SafeFetchOptions): Promise<FetchedFile> {
  const field = options.field ?? 'url';
  const maxRedirects = options.maxRedirects ?? 3;
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  let url = parseImageUrl(rawUrl, field);
  try {
    for (let hop = 0; ; hop += 1) {
      const target = await checkTarget(url, hop, options);
      const answer = await requestOnce(target, options, signal);
      if (answer.body) return { bytes: answer.body, url: url.toString(), contentType: answer.contentType };
      if (!answer.location) throw badInput(field, `The image URL answered HTTP ${answer.status} without a Location`);
      if (hop >= maxRedirects) throw badInput(field, `The image URL redirected more than ${maxRedirects} times`);
      url = parseImageUrl(new URL(answer.location, url).toString(), field);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (deadline.aborted) throw badInput(field, `The image URL did not answer within ${Math.round(options.timeoutMs / 1000)} s`);
    if (options.signal?.aborted) throw options.signal.reason;
    throw badInput(field, 'The image URL could not be fetched');
  }
}

/** Why an outbound POST got no HTTP answer; the message names no URL, so it may be stored and shown. */
export class OutboundRequestError extends Error {}

/**
 * POSTs `body` to a user-supplied URL under the same rules as safeFetch (every address checked,
 * the connection pinned to it, one time limit) but follows no redirect: a 3xx is the answer. The
 * answer's body is read up to `maxBytes` and dropped. Resolves with the HTTP status; refusals by
 * the policy throw URL_NOT_ALLOWED, network failures OutboundRequestError.
 */
export async function safePost(rawUrl: string, body: string, headers: Record<string, string>, options: SafeFetchOptions): Promise<number> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  const target = await checkTarget(parseImageUrl(rawUrl, options.field), 0, options);
  try {
    return await new Promise<number>((resolve, reject) => {
      const request = pinnedRequest(target, options, signal, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (response) => {
        const status = response.statusCode ?? 0;
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          // The status is all we need; a receiver streaming a huge answer is cut off.
          if (size > options.maxBytes) response.destroy();
        });
        response.on('close', () => resolve(status));
        response.on('error', () => resolve(status));
      });
      request.on('error', reject);
      request.end(body);
    });
  } catch (error) {
    if (deadline.aborted) throw new OutboundRequestError(`no answer within ${options.timeoutMs / 1000} s`);
    if (options.signal?.aborted) throw new OutboundRequestError('interrupted (the server was shutting down)');
    const code = (error as NodeJS.ErrnoException).code;
    throw new OutboundRequestError(`connection failed${code ? ` (${code})` : ''}`);
  }
}
