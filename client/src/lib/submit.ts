import type { FormEvent } from 'react';

/**
 * A form's submit handler: no page reload, then `run`. If `run` throws (a refused mutation), the form stays as it
 * is and shows why through the mutation's own `error`.
 */
export function submitHandler(run: () => unknown) {
  return async (event: FormEvent) => {
    event.preventDefault();
    try {
      await run();
    } catch {
      // Shown through the mutation's `error`.
    }
  };
}
