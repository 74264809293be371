import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import type { EmulatorInfo } from '../../src/index.js';

/**
 * The emulator as its own process (`pai-emulator`), for what an in-process emulator cannot show:
 * a kill -9 at any instant. Output other than the start-up line is kept for failure messages.
 */
export interface EmulatorProcess {
  info: EmulatorInfo;
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** What the process printed to stderr so far. */
  stderr(): string;
  /** SIGKILL: no handler runs, nothing is flushed. */
  kill(): Promise<void>;
  /** SIGTERM: the emulator stops cleanly. */
  stop(): Promise<void>;
}

const BIN = fileURLToPath(new URL('../../bin/pai-emulator.js', import.meta.url));

export async function startEmulatorProcess(args: string[], startTimeoutMs = 30_000): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no start-up line within ${startTimeoutMs} ms; stderr: ${stderr}`));
    }, startTimeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const end = out.indexOf('\n');
      if (end < 0) return;
      clearTimeout(timer);
      resolve(out.slice(0, end));
    });
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`pai-emulator exited (${code ?? sig}) before its start-up line; stderr: ${stderr}`));
    });
  });
  return {
    info: JSON.parse(line) as EmulatorInfo,
    child,
    stderr: () => stderr,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}
