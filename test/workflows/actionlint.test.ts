import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatProblem, lintWorkflow } from './actionlint.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WORKFLOW_DIRS = ['.github/workflows', 'workflows-examples'];

/** Every workflow file the project ships (none yet in workflows-examples is fine). */
function workflowFiles(): string[] {
  return WORKFLOW_DIRS.flatMap((dir) => {
    const absolute = join(ROOT, dir);
    if (!existsSync(absolute)) return [];
    return readdirSync(absolute)
      .filter((name) => /\.ya?ml$/.test(name))
      .map((name) => join(absolute, name));
  });
}

async function problems(file: string): Promise<string[]> {
  const path = relative(ROOT, file);
  return (await lintWorkflow(readFileSync(file, 'utf8'), path)).map((problem) => formatProblem(path, problem));
}

describe('actionlint', () => {
  test('every workflow in .github/workflows and workflows-examples passes', async () => {
    const files = workflowFiles();
    expect(files.map((file) => relative(ROOT, file))).toContain('.github/workflows/ci.yml');
    const found = (await Promise.all(files.map(problems))).flat();
    expect(found).toEqual([]);
  });

  test('a broken workflow is rejected, each mistake named', async () => {
    const found = await problems(join(ROOT, 'test/workflows/fixtures/broken.yml'));
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/broken\.yml:6:\d+: .*"writ".*\[permissions\]/),
        expect.stringMatching(/broken\.yml:8:\d+: .*"prepare".*\[job-needs\]/),
        expect.stringMatching(/broken\.yml:12:\d+: property "nope" is not defined.*\[expression\]/),
        expect.stringMatching(/broken\.yml:15:\d+: input "fetch-dept" is not defined.*\[action\]/),
      ]),
    );
  });
});
