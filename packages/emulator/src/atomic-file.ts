import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Writes a whole file or nothing: temp file, fsync, rename. The temp file is `<file>.<pid>.tmp`;
 * one a crash left behind is removed when the data dir is opened next (durable-records.ts).
 */
export function writeAtomically(file: string, data: string | Buffer, mode = 0o666): void {
  const temp = `${file}.${process.pid}.tmp`;
  rmSync(temp, { force: true }); // a temp file left by a crash would keep its old mode
  writeFileSync(temp, data, { mode });
  const fd = openSync(temp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}
