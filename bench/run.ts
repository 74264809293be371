/**
 * `npm run bench -- <name> [args...]` runs bench/<name>.ts, whose default export takes the
 * remaining arguments. Benchmarks print what they measured; they are not tests and never fail
 * a build.
 */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

type Bench = (args: string[]) => Promise<void>;

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !file.endsWith('.d.ts'))
  .map((file) => file.slice(0, -3))
  .sort();

const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join('|')}> [args...]`);
  process.exit(2);
}
const bench = (await import(`./${name}.ts`)) as { default: Bench };
await bench.default(args);
