import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchWithUploadProgress } from './upload-progress-fetch';

/** A scripted XMLHttpRequest: reports two progress steps, then answers. */
class ScriptedRequest {
  static last: ScriptedRequest;
  upload: { onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  withCredentials = false;
  status = 200;
  statusText = 'OK';
  responseText = '{"data":{"ok":true}}';
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  constructor() {
    ScriptedRequest.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  getAllResponseHeaders() {
    return 'content-type: application/json\r\nx-request-id: abc\r\n';
  }
  abort() {
    this.onabort?.();
  }
  send(body: unknown) {
    this.body = body;
    queueMicrotask(() => {
      this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 200 });
      this.upload.onprogress?.({ lengthComputable: true, loaded: 200, total: 200 });
      this.onload?.();
    });
  }
}

afterEach(() => vi.unstubAllGlobals());

describe('fetch with upload progress', () => {
  it('sends multipart bodies through XHR, reports progress, and answers a Response', async () => {
    vi.stubGlobal('XMLHttpRequest', ScriptedRequest);
    const progress: number[] = [];
    const body = new FormData();
    body.append('operations', '{}');
    const init = { method: 'POST', body, headers: { 'apollo-require-preflight': 'true' }, onUploadProgress: (loaded: number, total: number) => progress.push(loaded / total) };
    const response = await fetchWithUploadProgress('/graphql', init as RequestInit);

    expect(progress).toEqual([0.25, 1]);
    expect(ScriptedRequest.last.method).toBe('POST');
    expect(ScriptedRequest.last.url).toBe('/graphql');
    expect(ScriptedRequest.last.headers).toEqual({ 'apollo-require-preflight': 'true' });
    expect(ScriptedRequest.last.body).toBe(body);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ data: { ok: true } });
  });

  it('uses plain fetch for requests that want no progress', async () => {
    const fetchStub = vi.fn(async () => new Response('{}'));
    vi.stubGlobal('fetch', fetchStub);
    vi.stubGlobal('XMLHttpRequest', ScriptedRequest);
    await fetchWithUploadProgress('/graphql', { method: 'POST', body: '{}' });
    expect(fetchStub).toHaveBeenCalledWith('/graphql', { method: 'POST', body: '{}' });
  });
});
