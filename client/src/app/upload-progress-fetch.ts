/** Called while a multipart request body is sent: bytes sent so far and the total. */
export type UploadProgressHandler = (loaded: number, total: number) => void;

/**
 * fetch() cannot report upload progress, XMLHttpRequest can. An operation that passes
 * `context: { fetchOptions: { onUploadProgress } }` is sent through XHR; everything else uses fetch.
 */
export const fetchWithUploadProgress: typeof fetch = (input, init) => {
  const onUploadProgress = (init as (RequestInit & { onUploadProgress?: UploadProgressHandler }) | undefined)?.onUploadProgress;
  if (!onUploadProgress || typeof XMLHttpRequest === 'undefined' || !(init?.body instanceof FormData)) {
    return fetch(input, init);
  }
  const body = init.body;
  return new Promise<Response>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(init.method ?? 'POST', typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    request.withCredentials = init.credentials === 'include';
    new Headers(init.headers).forEach((value, name) => request.setRequestHeader(name, value));
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onUploadProgress(event.loaded, event.total);
    };
    request.onload = () => {
      const headers = new Headers();
      for (const line of request.getAllResponseHeaders().trim().split(/[\r\n]+/)) {
        const separator = line.indexOf(':');
        if (separator > 0) headers.append(line.slice(0, separator).trim(), line.slice(separator + 1).trim());
      }
      resolve(new Response(request.responseText, { status: request.status, statusText: request.statusText, headers }));
    };
    request.onerror = () => reject(new TypeError('Network request failed'));
    request.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    init.signal?.addEventListener('abort', () => request.abort());
    request.send(body);
  });
};
