import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort, redisAnswers } from './ports';
import { stopProcess } from './stop-process';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const provisioning = require('../../../scripts/provision.cjs') as { redisServerPath: () => string | null; REDIS_MISSING: string };

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * A Redis for tests of state shared between processes: REDIS_URL when set, else the machine's
 * on 127.0.0.1:6379, else a private `redis-server` on a free port (nothing kept on disk). Without
 * any of them the test fails with one line naming the package: never a skip that lets a run pass.
 */
export async function testRedis(): Promise<TestRedis> {
  const configured = process.env.REDIS_URL;
  if (configured) {
    if (!(await redisAnswers(configured))) throw oneLine(`Redis does not answer at REDIS_URL=${configured}`);
    return { url: configured, stop: async () => undefined };
  }
  const machine = process.env.VG_TEST_MACHINE_REDIS ?? 'redis://127.0.0.1:6379';
  if (await redisAnswers(machine)) return { url: machine, stop: async () => undefined };
  const binary = provisioning.redisServerPath();
  if (!binary || !existsSync(binary)) throw oneLine(provisioning.REDIS_MISSING);
  const port = await freePort();
  const child: ChildProcess = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100 && !(await redisAnswers(url)); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  if (!(await redisAnswers(url))) {
    child.kill('SIGKILL');
    throw oneLine(`redis-server (${binary}) did not start on port ${port}`);
  }
  return {
    url,
    stop: () => stopProcess(child),
  };
}

/** An error whose report is its message alone: what to install is all there is to say. */
function oneLine(message: string): Error {
  const error = new Error(message);
  error.stack = message;
  return error;
}
