import { readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { nameTable, type NameTable } from '../../names.js';
import type { StateStore } from '../../store.js';

/**
 * Every process a job starts carries this variable (descendants inherit it), so the runner can
 * find a job's processes that left its process group (`setsid`, a double fork) and end them too.
 */
export const JOB_MARK_ENV = 'PAI_EMULATOR_JOB_MARK';

/** Where job work directories live; nothing outside it is ever removed by the reaper. */
export const WORK_ROOT = join(tmpdir(), 'pai-emulator-dlc');

interface LedgerEntry {
  workDir: string;
  /** Process group of the job's shell, once started. */
  pgid?: number;
}

/**
 * The job processes and work directories of this emulator, kept in its state. A stopped emulator
 * ends them itself; one that was killed (kill -9, a crash) cannot, so the next start with the same
 * data dir reaps what the ledger still lists.
 */
export class ProcessLedger {
  private readonly entries: NameTable<LedgerEntry>;

  constructor(private readonly store: StateStore) {
    const state = store.slice<{ attempts: NameTable<LedgerEntry> }>('dlcProcesses', () => ({ attempts: {} }));
    state.attempts = nameTable(state.attempts);
    this.entries = state.attempts;
  }

  record(mark: string, entry: LedgerEntry): void {
    this.entries[mark] = entry;
    this.store.changed('dlcProcesses', 'attempts', mark);
  }

  forget(mark: string): void {
    delete this.entries[mark];
    this.store.changed('dlcProcesses', 'attempts', mark);
  }

  /** Ends the processes and removes the work directories a previous run left; returns how many attempts. */
  async reap(): Promise<number> {
    const marks = Object.keys(this.entries);
    for (const mark of marks) {
      const { workDir, pgid } = this.entries[mark]!;
      // A recorded group is only signalled while its leader still carries the mark: the id may be reused.
      if (pgid !== undefined && processMark(pgid) === mark) killGroup(pgid, 'SIGKILL');
      killMarked(mark, 'SIGKILL');
      if (isUnder(WORK_ROOT, workDir)) await rm(workDir, { recursive: true, force: true });
      this.forget(mark);
    }
    return marks.length;
  }
}

export function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/**
 * Signals every process of this user whose environment carries the job's mark. Linux only (it
 * reads /proc); elsewhere the process group is all the runner can reach.
 */
export function killMarked(mark: string, signal: NodeJS.Signals): number {
  let signalled = 0;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  for (const pid of pids) {
    if (Number(pid) === process.pid || processMark(Number(pid)) !== mark) continue;
    try {
      process.kill(Number(pid), signal);
      signalled++;
    } catch {
      // gone meanwhile
    }
  }
  return signalled;
}

/** The job mark in a process's environment, if it has one and this user may read it. */
function processMark(pid: number): string | undefined {
  let environ: string;
  try {
    environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
  } catch {
    return undefined;
  }
  const prefix = `${JOB_MARK_ENV}=`;
  for (const entry of environ.split('\0')) if (entry.startsWith(prefix)) return entry.slice(prefix.length);
  return undefined;
}

function isUnder(root: string, path: string): boolean {
  return resolve(path).startsWith(resolve(root) + sep);
}
