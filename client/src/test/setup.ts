import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { setLiveStatus } from '../app/live-status';

afterEach(() => {
  cleanup();
  // The socket's state is app-wide: each test starts without one.
  setLiveStatus('unknown');
});
