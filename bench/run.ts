/**
 * `npm run bench` runs every benchmark; `npm run bench -- <name> [args...]` runs bench/<name>.ts,
 * whose default export takes the remaining arguments. Figures also go to bench/results.json. Benchmarks print what they measured; they are not tests and never fail
 * a build.
 */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

type Bench = (args: string[]) => Promise<void>;

const here = dirname(fileURLToPath(import.meta.url));
// Modules here that are not benchmarks.
const HELPERS = ['run.ts', 'results.ts', 'start-inputs.ts'];
const available = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && !HELPERS.includes(file) && !file.endsWith('.d.ts'))
  .map((file) => file.slice(0, -3))
  .sort();

const [name, ...args] = process.argv.slice(2);
if (name === undefined) {
  // No name: every benchmark in turn, each with its defaults; one failing does not hide the rest.
  let failed = 0;
  for (const each of available) {
    console.log(`\n== ${each} ==`);
    try {
      await ((await import(`./${each}.ts`)) as { default: Bench }).default([]);
    } catch (error) {
      failed++;
      console.error(`${each}: ${(error as Error).message}`);
    }
  }
  console.log(`\nfigures written to bench/results.json${failed ? `; ${failed} benchmark(s) failed` : ''}`);
  process.exitCode = failed ? 1 : 0;
} else if (!available.includes(name)) {
  console.error(`usage: npm run bench [-- <${available.join('|')}> [args...]]`);
  process.exit(2);
} else {
  await ((await import(`./${name}.ts`)) as { default: Bench }).default(args);
}
