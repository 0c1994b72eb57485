import { afterAll, beforeAll } from 'vitest';
import { openBrowser, type BrowserSession } from './browser';
import { startBuiltServer, type RunningServer } from './server';

/** The built server on a fresh database, and a browser on it. */
export interface BuiltApp {
  readonly server: RunningServer;
  readonly browser: BrowserSession;
}

/**
 * For a whole test file: starts the built server and opens a browser on it before the first test,
 * closes both after the last. Tests read `app.server` and `app.browser`.
 */
export function useBuiltApp(): BuiltApp {
  let server: RunningServer | undefined;
  let browser: BrowserSession | undefined;

  beforeAll(async () => {
    server = await startBuiltServer();
    browser = await openBrowser(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The app is not started: read app.server and app.browser inside tests');
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get browser() {
      return started(browser);
    },
  };
}
