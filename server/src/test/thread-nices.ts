import { readFileSync, readdirSync } from 'node:fs';

/** Linux nice of each thread of a process (this one unless given), by thread id. */
export function threadNices(pid: number | 'self' = 'self'): Map<number, number> {
  const nices = new Map<number, number>();
  for (const id of readdirSync(`/proc/${pid}/task`)) {
    try {
      // Fields after the command's closing parenthesis; nice is field 19 of stat, the 17th of these.
      const stat = readFileSync(`/proc/${pid}/task/${id}/stat`, 'utf8');
      nices.set(Number(id), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
    } catch {
      // the thread ended meanwhile
    }
  }
  return nices;
}
