import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { ellipseCutOut, generatedPicture } from './fake-images';
import { FakeServer, sendJson, startFakeServer } from './http-fixture-server';

/**
 * A stand-in for fal.ai on 127.0.0.1, serving both hosts (set FAL_API_BASE and FAL_QUEUE_BASE to
 * its url): the synchronous `POST /fal-ai/birefnet/v2` (image_url as a data URI → an output file
 * URL) and the queue for `fal-ai/flux/schnell` (submit → status IN_QUEUE, IN_PROGRESS,
 * COMPLETED → result with images [{url, width, height}]). Output files are served under /files.
 */
export type FalMode =
  | 'ok'
  | 'http500'
  | 'malformed'
  | 'hang' // the synchronous endpoint and the submit never answer
  | 'never-completes' // the queue stays IN_PROGRESS
  | 'unknown-status' // the queue reports a status fal does not document
  | 'output-missing' // the output file URL answers 404
  | 'output-internal-url'; // the output file URL points at a private address

export interface FakeFal extends FakeServer {
  mode: FalMode;
  /** Inputs the queue received, by request id. */
  submitted: Map<string, Record<string, unknown>>;
  cancelled: string[];
}

export const FAL_SECRET_ERROR = 'Traceback (most recent call last): worker gpu-17 out of memory';

export async function startFakeFal(key: string): Promise<FakeFal> {
  const files = new Map<string, Buffer>();
  const polls = new Map<string, number>();
  const submitted = new Map<string, Record<string, unknown>>();
  const cancelled: string[] = [];

  const fileUrl = (id: string) =>
    self.mode === 'output-internal-url' ? `http://10.0.0.1/files/${id}.png` : `${self.url}/files/${id}.png`;

  const self = (await startFakeServer(async (request, response) => {
    const path = request.path.split('?')[0];
    const file = /^\/files\/([\w-]+)\.png$/.exec(path);
    if (request.method === 'GET' && file) {
      const bytes = files.get(file[1]);
      if (!bytes || self.mode === 'output-missing') return void response.writeHead(404).end('gone');
      return void response.writeHead(200, { 'content-type': 'image/png' }).end(bytes);
    }
    if (request.headers.authorization !== `Key ${key}`) return sendJson(response, 401, { detail: 'Invalid key' });
    if (self.mode === 'http500') return sendJson(response, 500, { detail: FAL_SECRET_ERROR });
    if (self.mode === 'malformed') return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"image": ');

    if (request.method === 'POST' && path === '/fal-ai/birefnet/v2') {
      if (self.mode === 'hang') return;
      const input = JSON.parse(request.body.toString()) as { image_url?: string };
      const match = /^data:image\/(png|jpeg);base64,(.+)$/.exec(input.image_url ?? '');
      if (!match) return sendJson(response, 422, { detail: 'image_url must be a URL or data URI' });
      const { png, width, height } = await ellipseCutOut(Buffer.from(match[2], 'base64'));
      const id = randomUUID();
      files.set(id, png);
      return sendJson(response, 200, { image: { url: fileUrl(id), width, height, content_type: 'image/png', file_size: png.length } });
    }
    if (request.method === 'POST' && path === '/fal-ai/flux/schnell') {
      if (self.mode === 'hang') return;
      const id = randomUUID();
      submitted.set(id, JSON.parse(request.body.toString()));
      polls.set(id, 0);
      const base = `${self.url}/fal-ai/flux/requests/${id}`;
      return sendJson(response, 200, { request_id: id, status_url: `${base}/status`, response_url: base, cancel_url: `${base}/cancel` });
    }
    const queued = /^\/fal-ai\/flux\/requests\/([\w-]+)(\/status|\/cancel)?$/.exec(path);
    if (queued && submitted.has(queued[1])) {
      const id = queued[1];
      if (queued[2] === '/cancel' && request.method === 'PUT') {
        cancelled.push(id);
        return sendJson(response, 202, { status: 'CANCELLATION_REQUESTED' });
      }
      const poll = polls.get(id)!;
      if (queued[2] === '/status') {
        polls.set(id, poll + 1);
        if (self.mode === 'unknown-status') return sendJson(response, 200, { status: 'EXPLODED' });
        const status = self.mode === 'never-completes' ? 'IN_PROGRESS' : (['IN_QUEUE', 'IN_PROGRESS'][poll] ?? 'COMPLETED');
        return sendJson(response, 200, { status, queue_position: status === 'IN_QUEUE' ? 0 : undefined, response_url: `${self.url}${path}` });
      }
      if (poll < 3) return sendJson(response, 400, { detail: 'Request is still in progress' });
      const input = submitted.get(id)! as { image_size?: { width: number; height: number }; seed?: number };
      const { width = 1024, height = 768 } = input.image_size ?? {};
      const seed = input.seed ?? 42;
      const png = await generatedPicture(width, height, seed);
      const fileId = randomUUID();
      files.set(fileId, png);
      const meta = await sharp(png).metadata();
      return sendJson(response, 200, {
        images: [{ url: fileUrl(fileId), width: meta.width, height: meta.height, content_type: 'image/png' }],
        seed,
        has_nsfw_concepts: [false],
        prompt: (input as { prompt?: string }).prompt,
      });
    }
    sendJson(response, 404, { detail: 'Not found' });
  })) as FakeFal;
  self.mode = 'ok';
  self.submitted = submitted;
  self.cancelled = cancelled;
  return self;
}
