import { ChildProcess } from 'node:child_process';

/**
 * Sends SIGTERM and resolves when the process has exited (at once if it already has). With
 * `killAfterMs`, a process that ignores SIGTERM gets SIGKILL then.
 */
export function stopProcess(child: ChildProcess, { killAfterMs }: { killAfterMs?: number } = {}): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    if (killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), killAfterMs).unref();
  });
}
