import os from 'node:os';
import { WorkerPool } from '../../core/worker-pool';

/** Policy (seed 001 §5): bcrypt with exactly 12 salt rounds. */
export const BCRYPT_ROUNDS = 12;

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const bcrypt = require(${JSON.stringify(require.resolve('bcryptjs'))});
parentPort.on('message', async ({ id, payload }) => {
  try {
    const result = payload.op === 'hash'
      ? await bcrypt.hash(payload.password, payload.rounds)
      : await bcrypt.compare(payload.password, payload.hash);
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});`;

/** bcryptjs on worker threads: a 330 ms hash must not stall every other request. */
export class PasswordHasher {
  private readonly pool = new WorkerPool(WORKER_SOURCE, Math.max(1, Math.min(4, os.availableParallelism())));

  hash(password: string): Promise<string> {
    return this.pool.run({ op: 'hash', password, rounds: BCRYPT_ROUNDS });
  }

  verify(password: string, hash: string): Promise<boolean> {
    return this.pool.run({ op: 'compare', password, hash });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** One pool per process: servers started by tests share it. */
let shared: PasswordHasher | undefined;
export const passwordHasher = (): PasswordHasher => (shared ??= new PasswordHasher());
