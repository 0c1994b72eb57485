/**
 * Starts something (a test server, a fake provider…) before the enclosing `describe`'s tests and
 * closes it after them. The handle is filled in by `beforeAll` with every own property of what
 * started, accessors included, so use it only inside hooks and tests.
 */
export function useStarted<T extends { close(): Promise<unknown> }>(start: () => Promise<T>): T {
  const handle = {} as T;
  beforeAll(async () => {
    Object.defineProperties(handle, Object.getOwnPropertyDescriptors(await start()));
  });
  // Optional call: when the start failed, its own error is the one to see.
  afterAll(() => handle.close?.());
  return handle;
}
