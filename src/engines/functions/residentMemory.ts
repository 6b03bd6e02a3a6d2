import { readFileSync } from 'node:fs';

const VM_RSS = /^VmRSS:\s+(\d+)\s+kB/m;

/**
 * Resident memory of a process in bytes, from Linux's /proc; undefined where /proc is not
 * available (then only the V8 heap limit guards memory) or the process is gone.
 */
export function readResidentBytes(pid: number): number | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'latin1');
  } catch {
    return undefined;
  }
  const match = VM_RSS.exec(status);
  return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
}

export function residentMemoryMeasurable(): boolean {
  return readResidentBytes(process.pid) !== undefined;
}
