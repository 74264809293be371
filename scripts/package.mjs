// Rebuilds dist/<action>/ for every actions/<action>/src/main.ts with ncc. CI runs this and
// fails when the committed bundles differ from what the sources build.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
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
      '-q',
    ],
    { stdio: 'inherit' },
  );
  console.log(`package: dist/${action}/index.js`);
}
