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
if (actions.length === 0) console.log('package: no actions to bundle yet');
for (const action of actions) {
  const out = join(root, 'dist', action);
  rmSync(out, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js'),
      'build',
      join(actionsDir, action, 'src', 'main.ts'),
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
  console.log(`package: dist/${action}/index.js`);
}
