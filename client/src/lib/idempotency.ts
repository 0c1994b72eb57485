/** A fresh key per intended call: a retry after a network failure reuses it, so it is never charged twice. */
export const newIdempotencyKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);
